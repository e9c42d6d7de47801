"""The resume manifest: one entry per input in the output folder.

It records what a rerun needs to skip finished work and retry failed work, and what the summary
counts: never the API key, and no request content. On disk it is a snapshot, rewritten whole (and
atomically) when a run ends, and a journal beside it of the entries written since, one JSON line
appended as each file finishes: the same cost at the 100,000th file as at the 10th, where rewriting
the snapshot after every file made a run quadratic in its files (benchmarks/RESULTS.md).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO

if TYPE_CHECKING:
    from ._inputs import Job

NAME = ".openrouter-stt-manifest.json"
JOURNAL_NAME = ".openrouter-stt-manifest.journal"
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
        # mkstemp makes its file private (0600); the output gets what any tool's new file gets
        # under the user's umask (0644 under 022), or keeps the mode of the file it replaces.
        os.chmod(temporary, _mode_of(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _current_umask() -> int:
    """The process's umask. Read by setting it and setting it back: done once, at import, before
    any thread of this program writes a file."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def _mode_of(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_UMASK


def remove_leftovers(out_dir: Path) -> None:
    """Delete temporary files a killed run left behind (a kill -9 gives no chance to clean up).
    Their outputs were never renamed into place, so the manifest does not count them done."""
    if not out_dir.is_dir():
        return
    for leftover in out_dir.rglob(f"*{TEMPORARY_SUFFIX}"):
        leftover.unlink(missing_ok=True)


def _snapshot(path: Path) -> dict[str, dict[str, Any]]:
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):  # none, or unreadable: start afresh (files are redone, none lost)
        return {}
    if (
        not isinstance(saved, dict)
        or saved.get("version") != VERSION
        or not isinstance(saved.get("files"), dict)
    ):
        return {}
    files: dict[str, dict[str, Any]] = saved["files"]
    return files


def read_json_lines(path: Path) -> list[Any]:
    """Each line's JSON value, in order; a line a kill cut short, or one that is not JSON, is skipped."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return []
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    return records


def open_to_append(path: Path, mode: Literal["a", "w"] = "a") -> TextIO:
    """``path`` opened to append JSON lines (``mode`` "w" starts it afresh). A line a kill cut short
    is ended first, so that it stays a line of its own (and is skipped when read)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    file = open(path, mode, encoding="utf-8")  # noqa: SIM115 - the caller closes it
    if file.tell() and not _ends_a_line(path):
        file.write("\n")
    return file


def _journal(path: Path) -> dict[str, dict[str, Any]]:
    """The entries the journal records, later lines over earlier ones; a line a kill cut short, or
    one that is not an entry, is skipped (its file is redone)."""
    entries: dict[str, dict[str, Any]] = {}
    for record in read_json_lines(path):
        if (
            isinstance(record, dict)
            and isinstance(record.get("file"), str)
            and isinstance(record.get("entry"), dict)
        ):
            entries[record["file"]] = record["entry"]
    return entries


class Manifest:
    """Entries keyed by the input's absolute path: the snapshot's, then the journal's over them.

    Reading never writes, so a run's progress can be read while it runs. ``update`` appends to the
    journal; ``close`` (by the run that holds the folder, when it ends) folds the journal into the
    snapshot. A run killed part-way leaves both, and the next one reads them together.
    """

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / NAME
        self.journal = out_dir / JOURNAL_NAME
        self.entries = {**_snapshot(self.path), **_journal(self.journal)}
        self._appending: TextIO | None = None

    @staticmethod
    def key(source: Path | str) -> str:
        return source if isinstance(source, str) else str(source.resolve())

    def is_done(self, source: Path | str, digest: str, output: Path, settings: dict[str, Any]) -> bool:
        entry = self.entry(source)
        return (
            entry.get("state") == "done"
            and entry.get("sha256") == digest
            and entry.get("settings") == settings
            and output.is_file()
        )

    def not_done(self, jobs: list[Job], settings: dict[str, Any], digest: Callable[[Job], str]) -> list[Job]:
        """The jobs a run with these settings would do: those done before with them left out
        (``digest``: a job's content id, ``Job.digest`` or a run's cache of it)."""
        return [
            job for job in jobs
            if job.output is None or not self.is_done(job.source, digest(job), job.output, settings)
        ]  # fmt: skip

    def entry(self, source: Path | str) -> dict[str, Any]:
        return self.entries.get(self.key(source), {})

    def update(self, source: Path | str, **entry: Any) -> None:
        key = self.key(source)
        self.entries[key] = entry
        if self._appending is None:
            self._appending = open_to_append(self.journal)  # closed by close()
        self._appending.write(json.dumps({"file": key, "entry": entry}) + "\n")
        self._appending.flush()  # in the operating system's hands: a kill of this process keeps it

    def close(self) -> None:
        """Write every entry into the snapshot (atomically), then drop the journal."""
        if self._appending is not None:
            self._appending.close()
            self._appending = None
        if self.journal.exists():
            write_atomically(self.path, json.dumps({"version": VERSION, "files": self.entries}, indent=1))
            self.journal.unlink()


def _ends_a_line(path: Path) -> bool:
    with open(path, "rb") as file:
        file.seek(-1, os.SEEK_END)
        return file.read(1) == b"\n"


PARTS_FOLDER = ".openrouter-stt-parts"


class SavedParts:
    """The answered parts of one long input while it is being transcribed, in a file of its own
    (named by the input's content hash): a run stopped part-way resumes at the parts not answered,
    and nothing already paid for is sent again. Removed once the input is done.

    JSON lines: the settings, then one line per part as it is answered, appended (a recording of
    a thousand parts costs a thousand short appends, not a thousand rewrites of a growing file).
    """

    def __init__(self, out_dir: Path, digest: str, settings: dict[str, Any]) -> None:
        self.path = out_dir / PARTS_FOLDER / f"{digest}.jsonl"
        self.settings = settings
        self._started = False  # whether the file holds these settings' line

    def load(self) -> list[dict[str, Any]]:
        """The parts saved by an earlier run with the same settings (none if they differ)."""
        records = read_json_lines(self.path)
        if not records or not isinstance(records[0], dict) or records[0].get("settings") != self.settings:
            return []
        self._started = True
        return [r["chunk"] for r in records[1:] if isinstance(r, dict) and isinstance(r.get("chunk"), dict)]

    def add(self, chunk: dict[str, Any]) -> None:
        with open_to_append(self.path, "a" if self._started else "w") as file:
            if not self._started:
                file.write(json.dumps({"settings": self.settings}) + "\n")
                self._started = True
            file.write(json.dumps({"chunk": chunk}) + "\n")

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # only once no other input's parts are left in it
            self.path.parent.rmdir()
