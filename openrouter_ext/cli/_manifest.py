"""The resume manifest: one entry per input in the output folder, rewritten atomically.

It records what a rerun needs to skip finished work and retry failed work, and what the summary
counts: never the API key, and no request content.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

NAME = ".openrouter-stt-manifest.json"
VERSION = 1
TEMPORARY_SUFFIX = ".openrouter-stt.tmp"  # distinctive, so a sweep never takes a user's own file
LOCK_NAME = ".openrouter-stt.lock"

if sys.platform == "win32":
    import msvcrt

    def _lock(descriptor: int) -> None:
        msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _lock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)


class FolderInUse(Exception):
    pass


@contextlib.contextmanager
def exclusive(out_dir: Path) -> Iterator[None]:
    """Hold ``out_dir`` for one run: two runs writing one manifest would each drop the other's
    entries. The operating system lets go of the lock when the process ends, even by kill -9."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK_NAME, "a+b") as handle:
        try:
            _lock(handle.fileno())
        except OSError:
            raise FolderInUse(
                f"another openrouter-stt run is writing to {out_dir}: let it finish, or choose another --out-dir"
            ) from None
        yield


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``: a reader (or
    a run stopped half-way) sees the old file or the new one, never a part of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_leftovers(out_dir: Path) -> None:
    """Delete temporary files a killed run left behind (a kill -9 gives no chance to clean up).
    Their outputs were never renamed into place, so the manifest does not count them done."""
    if not out_dir.is_dir():
        return
    for leftover in out_dir.rglob(f"*{TEMPORARY_SUFFIX}"):
        leftover.unlink(missing_ok=True)


class Manifest:
    """Entries keyed by the input's absolute path."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / NAME
        self.entries: dict[str, dict[str, Any]] = {}
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except ValueError:
            return  # unreadable: start afresh (every file is redone, none is lost)
        if (
            isinstance(saved, dict)
            and saved.get("version") == VERSION
            and isinstance(saved.get("files"), dict)
        ):
            self.entries = saved["files"]

    @staticmethod
    def key(source: Path) -> str:
        return str(source.resolve())

    def is_done(self, source: Path, digest: str, output: Path, settings: dict[str, Any]) -> bool:
        entry = self.entry(source)
        return (
            entry.get("state") == "done"
            and entry.get("sha256") == digest
            and entry.get("settings") == settings
            and output.is_file()
        )

    def entry(self, source: Path) -> dict[str, Any]:
        return self.entries.get(self.key(source), {})

    def update(self, source: Path, **entry: Any) -> None:
        self.entries[self.key(source)] = entry
        write_atomically(self.path, json.dumps({"version": VERSION, "files": self.entries}, indent=1))


PARTS_FOLDER = ".openrouter-stt-parts"


class SavedParts:
    """The answered parts of one long input while it is being transcribed, in a file of its own
    (named by the input's content hash): a run stopped part-way resumes at the parts not answered,
    and nothing already paid for is sent again. Removed once the input is done."""

    def __init__(self, out_dir: Path, digest: str, settings: dict[str, Any]) -> None:
        self.path = out_dir / PARTS_FOLDER / f"{digest}.json"
        self.settings = settings
        self.chunks: list[dict[str, Any]] = []

    def load(self) -> list[dict[str, Any]]:
        """The parts saved by an earlier run with the same settings (none if they differ)."""
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return []
        if not isinstance(saved, dict) or saved.get("settings") != self.settings:
            return []
        chunks = saved.get("chunks")
        self.chunks = [c for c in chunks if isinstance(c, dict)] if isinstance(chunks, list) else []
        return list(self.chunks)

    def add(self, chunk: dict[str, Any]) -> None:
        self.chunks.append(chunk)
        write_atomically(self.path, json.dumps({"settings": self.settings, "chunks": self.chunks}))

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # only once no other input's parts are left in it
            self.path.parent.rmdir()
