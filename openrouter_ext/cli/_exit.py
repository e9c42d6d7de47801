"""The command's exit codes, and the exception that ends a run before it starts."""

from __future__ import annotations

OK, SOME_FAILED, BAD_ARGUMENTS, NO_KEY, ALL_FAILED, INTERRUPTED = 0, 1, 2, 3, 4, 130


class Refused(Exception):
    """The run cannot start: the message for standard error, and the exit code."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
