"""Which files a run transcribes, and where each one's output goes."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

import attrs

EXTENSIONS = {"text": "txt", "json": "json", "verbose_json": "json", "srt": "srt", "vtt": "vtt"}


class InputError(Exception):
    """A path on the command line that cannot be used (the run does not start)."""


@attrs.frozen
class Job:
    source: Path | str  # a local file, or an http(s) URL (sent as the URL form: nothing read here)
    output: Path | None  # None: standard output

    def digest(self) -> str:
        """The input's content id: its bytes' for a file; for a URL, its text's (the content is
        the provider's to fetch: a URL whose audio changed is not seen to)."""
        from openrouter_ext._content import content_id, digest_of

        if isinstance(self.source, str):
            return digest_of([self.source.encode()])
        return content_id(str(self.source))


SUBTITLES = ("srt", "vtt")


def _same(one: Path | str, other: Path | str) -> bool:
    if isinstance(one, str) or isinstance(other, str):
        return one == other
    return one.resolve() == other.resolve()


def _is_audio(path: Path) -> bool:
    """Audio as the SDK tells it: by its first bytes, else by its name unless it is text."""
    # Imported here: the command line's parser imports this module, and --help should not wait
    # for the SDK (httpx, the generated models) to load.
    from openrouter_ext._audio_input import SNIFF_BYTES, audio_format_of

    try:
        with path.open("rb") as file:
            head = file.read(SNIFF_BYTES)
    except OSError:
        return False
    return bool(head) and audio_format_of(head, path.name) is not None


def _folder_audio(folder: Path, skip: Path | None) -> Iterable[Path]:
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue  # hidden files and folders, ours included (temporary outputs)
        if skip is not None and path.is_relative_to(skip):
            continue
        if path.is_file() and _is_audio(path):
            yield path


def find_jobs(
    paths: list[str], out_dir: Path | None, output_format: str, *, writing: bool = True
) -> list[Job]:
    """One job per audio file: files as named, folders searched recursively for audio.

    Outputs mirror the folder's layout under ``out_dir``; with no ``out_dir`` they go to standard
    output (several: text and JSON only; ``writing=False``, for a command that writes none: any).
    An http(s) URL is an input of its own, named after its path. Two inputs that would write the
    same output are refused.
    """
    extension = EXTENSIONS[output_format]
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--out-dir {out_dir} is a file: name a folder (it is made if it does not exist)")
    from openrouter_ext._wire import is_url

    found: list[tuple[Path | str, Path]] = []  # (source, output relative to out_dir)
    for text in paths:
        path = Path(text)
        if is_url(text):
            name = Path(urlsplit(text).path).name or "audio"
            found.append((text, Path(name).with_suffix(f".{extension}")))
        elif path.is_dir():
            for source in _folder_audio(path, out_dir.resolve() if out_dir else None):
                found.append((source, source.relative_to(path).with_suffix(f".{extension}")))
        elif path.is_file():
            found.append((path, Path(path.name).with_suffix(f".{extension}")))
        else:
            raise InputError(f"{text}: no such file or folder")
    if not found:
        raise InputError("no audio files found in " + ", ".join(paths))
    if out_dir is None:
        # Several to standard output: text and JSON, each marked with its input's name (Batch.write).
        if writing and len(found) > 1 and output_format in SUBTITLES:
            raise InputError(
                f"the {output_format} subtitles of several inputs cannot share standard output (each "
                "file's cues start at 00:00): give --out-dir DIR for a file each"
            )
        return [Job(given, None) for given, _ in found]
    targets: dict[Path, list[Path | str]] = {}
    for given, relative in found:
        sources = targets.setdefault(relative, [])
        if not any(_same(given, other) for other in sources):
            sources.append(given)
    clashes = [(relative, sources) for relative, sources in targets.items() if len(sources) > 1]
    if clashes:  # all of them at once: renaming one at a time, run after run, is no way to find them
        lines = [
            f"  {' and '.join(map(str, sources))} would all write {out_dir / relative}"
            for relative, sources in clashes
        ]
        raise InputError(
            f"{len(clashes)} output name(s) would be written by more than one input:\n"
            + "\n".join(lines)
            + "\nrename the inputs, or transcribe them into separate --out-dir folders"
        )
    return [Job(sources[0], out_dir / relative) for relative, sources in targets.items()]
