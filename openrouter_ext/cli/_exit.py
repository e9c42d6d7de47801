"""The command's exit codes, and the exception that ends a run before it starts."""

from __future__ import annotations

OK, SOME_FAILED, BAD_ARGUMENTS, NO_KEY, ALL_FAILED, NO_CREDIT, INTERRUPTED = 0, 1, 2, 3, 4, 5, 130
OVER_BUDGET = 6  # --max-cost reached: the files not done are marked so, a rerun with more finishes them
# An answer about the account, not the file (the key refused, no credit left): the run stops at the
# first one, and exits with the code that says which.
ACCOUNT_EXITS = {401: NO_KEY, 402: NO_CREDIT}
ACCOUNT_ADVICE = {
    401: "the API key was refused: check OPENROUTER_API_KEY or --api-key-file (a key of openrouter.ai/keys)",
    402: "no credits left on the account: add credits at openrouter.ai/credits, then run again (files done are kept)",
}


class Refused(Exception):
    """The run cannot start: the message for standard error, and the exit code."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
