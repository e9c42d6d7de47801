"""Where the inputs are: a local path (which every node must see: a shared filesystem), or a URI of
any filesystem pyarrow reads (``s3://``, ``gs://``, ``abfs://``, ``hdfs://``, ``file://``).

A file at a URI is copied to a temporary file on the worker's node while it is transcribed (long
recordings are read as streams, so they must be files), its content id computed on the way.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import IO, Any

from openrouter_ext._content import BLOCK, content_id, digest_of


def is_uri(path: str) -> bool:
    return "://" in path


def fetch(path: str) -> tuple[str, str]:
    """(a local path holding the file, its content id). For a URI, the local path is a temporary
    copy that the caller removes (``release``)."""
    if not is_uri(path):
        return path, content_id(path)
    from pyarrow import fs

    filesystem, inner = fs.FileSystem.from_uri(path)
    handle, local = tempfile.mkstemp(prefix="openrouter-", suffix=PurePosixPath(inner).suffix)
    try:
        with os.fdopen(handle, "wb") as copy, filesystem.open_input_stream(inner) as source:
            identity = digest_of(_copied(source, copy))
    except BaseException:
        os.unlink(local)
        raise
    return local, identity


def _copied(source: Any, copy: IO[bytes]) -> Iterator[bytes]:
    """``source``'s blocks, each written to ``copy`` on the way."""
    while block := source.read(BLOCK):
        copy.write(block)
        yield block


def release(path: str, local: str) -> None:
    if local != path:
        os.unlink(local)


def list_files(source: str) -> list[str]:
    """Every file under ``source`` (a folder, recursively, or one file), hidden ones left out."""
    from pyarrow import fs

    scheme = source.split("://", 1)[0]
    filesystem, inner = fs.FileSystem.from_uri(source)
    info = filesystem.get_file_info(inner)
    if info.type == fs.FileType.File:
        return [source]
    if info.type != fs.FileType.Directory:
        raise FileNotFoundError(source)
    found = filesystem.get_file_info(fs.FileSelector(inner, recursive=True))
    return sorted(
        f"{scheme}://{entry.path}"
        for entry in found
        if entry.type == fs.FileType.File and not PurePosixPath(entry.path).name.startswith(".")
    )
