"""The resume manifest: one entry per input in the output folder, rewritten atomically.

It records what a rerun needs to skip finished work and retry failed work, and what the summary
counts: never the API key, and no request content.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

NAME = ".openrouter-stt-manifest.json"
VERSION = 1


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``: a reader (or
    a run stopped half-way) sees the old file or the new one, never a part of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
        entry = self.entries.get(self.key(source), {})
        return (
            entry.get("state") == "done"
            and entry.get("sha256") == digest
            and entry.get("settings") == settings
            and output.is_file()
        )

    def update(self, source: Path, **entry: Any) -> None:
        self.entries[self.key(source)] = entry
        write_atomically(self.path, json.dumps({"version": VERSION, "files": self.entries}, indent=1))
