"""A file's content id: its SHA-256, the same for the same bytes wherever they are. The command
line's manifest and the Ray rows record it, so either engine knows a file done by the other."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

BLOCK = 1 << 20  # bytes read at a time: the file is never held whole


def content_id(path: str) -> str:
    """The content id of the local file at ``path``."""
    with open(path, "rb") as file:
        return digest_of(iter(lambda: file.read(BLOCK), b""))


def digest_of(blocks: Iterable[bytes]) -> str:
    """The content id of the bytes ``blocks`` hold, in order."""
    digest = hashlib.sha256()
    for block in blocks:
        digest.update(block)
    return digest.hexdigest()
