"""Audio as users have it (a path, bytes, an open file, a URL), resolved before anything is sent.

``local_audio`` turns a path, bytes or a binary file object into ``LocalAudio``: its format (given,
else sniffed from the first bytes, else from the file name), a file name, its size, and a way to
read it from the start as often as a retry needs. Files on disk stay on disk: they are opened at
send time and streamed. Non-seekable streams are read once into memory, so that a retry resends
the same bytes.
"""

from __future__ import annotations

import base64
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO

import attrs

from . import _validation as check
from .errors import InvalidInputError

SNIFF_BYTES = 64
# Base64 turns 3 bytes into 4 characters: read a multiple of 3 so that chunks encode independently.
ENCODE_CHUNK = 3 * 256 * 1024


def sniff_format(head: bytes) -> str | None:
    """The audio format the first bytes announce (magic numbers), or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"  # Vorbis or Opus in an Ogg container
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "webm"  # Matroska / WebM
    if head[4:8] == b"ftyp":
        return "m4a" if head[8:12] in (b"M4A ", b"M4B ") else "mp4"
    if head[:3] == b"ID3":
        return "mp3"
    if len(head) >= 2 and head[0] == 0xFF:
        if head[1] & 0xF6 == 0xF0:
            return "aac"  # ADTS: 12 sync bits, layer 00
        if head[1] & 0xE0 == 0xE0 and head[1] & 0x06:
            return "mp3"  # MPEG audio frame sync, layer I-III
    return None


def audio_format_of(head: bytes, name: str) -> str | None:
    """The format of audio whose first bytes are ``head``: sniffed, else its name's extension (raw
    PCM has no signature) unless the bytes are text (a text file named .mp3 is still text)."""
    sniffed = sniff_format(head)
    if sniffed is not None:
        return sniffed
    extension = check.extension_of(name)
    return extension if extension in check.AUDIO_FORMATS and not looks_like_text(head) else None


def looks_like_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(char.isprintable() or char in "\t\r\n" for char in text)


@attrs.frozen
class LocalAudio:
    """Audio held here, not at a URL: in memory (``data``), on disk (``path``) or in a user's
    seekable file object (``file``, rewound to ``start`` for each read)."""

    format: str
    name: str
    size: int
    data: bytes | None = None
    path: Path | None = None
    file: BinaryIO | None = attrs.field(default=None, eq=False)
    start: int = 0

    @property
    def content_type(self) -> str:
        return check.AUDIO_CONTENT_TYPES[self.format]

    def open(self) -> BinaryIO:
        """A reader at the first byte of the audio. Close it when done (it never closes a user's file)."""
        if self.data is not None:
            return io.BytesIO(self.data)
        if self.path is not None:
            return self.path.open("rb")
        assert self.file is not None
        self.file.seek(self.start)
        return _Unclosing(self.file, self.start)

    def iter_base64(self) -> Iterator[bytes]:
        """The audio as base64, encoded a chunk at a time: never a full copy of either."""
        with self.open() as reader:
            while chunk := reader.read(ENCODE_CHUNK):
                yield base64.b64encode(chunk)

    @property
    def base64_size(self) -> int:
        return 4 * ((self.size + 2) // 3)


class _Unclosing(io.BufferedIOBase, BinaryIO):
    """A user's file object, lent for one read: closing the loan leaves the file open, and positions
    count from where the audio starts (httpx rewinds uploads to 0 before each send)."""

    def __init__(self, file: BinaryIO, start: int) -> None:
        self._file, self._start = file, start

    def read(self, size: int | None = -1) -> bytes:
        return self._file.read(-1 if size is None else size)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            offset += self._start
        return self._file.seek(offset, whence) - self._start

    def tell(self) -> int:
        return self._file.tell() - self._start


def _error(field: str, what: str, problem: str, fix: str = "") -> InvalidInputError:
    return InvalidInputError(field, f"{what}: {problem}", fix)


def _from_path(field: str, value: str | os.PathLike[str]) -> tuple[Path, bytes, int]:
    path = Path(value)
    if "\x00" in str(path):  # the operating system takes no such name (os calls raise ValueError)
        raise _error(
            field, f"{str(path)!r}", "is not a file name: it holds a NUL character", "Check the path"
        )
    try:
        if path.is_dir():
            raise _error(field, f"{str(path)!r}", "is a directory", "Pass an audio file in it")
        size = path.stat().st_size
        with path.open("rb") as reader:
            head = reader.read(SNIFF_BYTES)
    except FileNotFoundError:
        raise _error(field, f"{str(path)!r}", "no such file", "Check the path") from None
    except OSError as error:
        raise _error(field, f"{str(path)!r}", f"cannot be read ({error.strerror or error})") from None
    return path, head, size


def _is_binary_reader(value: Any) -> bool:
    return callable(getattr(value, "read", None)) and not isinstance(value, io.TextIOBase)


def local_audio(
    field: str, value: Any, audio_format: str | None = None, name: str | None = None
) -> LocalAudio:
    """Resolve a path, bytes-like or binary file object into ``LocalAudio`` (raises InvalidInputError).

    ``name`` is the file name to upload it under (default: the path's or the file object's).
    """
    data: bytes | None = None
    path: Path | None = None
    file: BinaryIO | None = None
    start = 0
    if isinstance(value, str | os.PathLike):
        path, head, size = _from_path(field, value)
        own_name, what = path.name, repr(str(path))
    elif isinstance(value, bytes | bytearray | memoryview):
        # One copy of a mutable buffer, taken now: every read (and retry) shares it, and a change
        # to the caller's buffer mid-call cannot make a retry send different audio.
        data = bytes(value)
        head, size, own_name, what = data[:SNIFF_BYTES], len(data), "", "the audio bytes"
    elif isinstance(value, io.TextIOBase):
        raise _error(
            field, "the file object", "is open in text mode, not binary mode", "Open it with open(path, 'rb')"
        )
    elif _is_binary_reader(value):
        raw_name = getattr(value, "name", None)
        own_name = Path(raw_name).name if isinstance(raw_name, str) else ""
        what = repr(raw_name) if own_name else "the file object"
        file, start, size = _seekable(value)
        if file is None:  # a pipe or socket: read it once, so that a retry resends the same bytes
            data = _read_all(field, value)
            head, size = data[:SNIFF_BYTES], len(data)
        else:
            head = file.read(SNIFF_BYTES)
            file.seek(start)
            if not isinstance(head, bytes):
                raise _error(field, what, "is not open in binary mode", "Open it with open(path, 'rb')")
    else:
        raise InvalidInputError(
            field,
            f"cannot be a {type(value).__name__}",
            "Pass a file path, bytes, a binary file object, a URL, or the spec's dict form",
        )
    if size == 0:
        raise _error(field, what, "is empty: no audio to transcribe")
    name = own_name if name is None else name
    found = _format(field, what, audio_format, head, name)
    name = name if check.extension_of(name) == found else f"{Path(name).stem or 'audio'}.{found}"
    return LocalAudio(format=found, name=name, size=size, data=data, path=path, file=file, start=start)


def _seekable(value: Any) -> tuple[BinaryIO | None, int, int]:
    try:
        if value.seekable():
            start = value.tell()
            end = value.seek(0, io.SEEK_END)
            value.seek(start)
            return value, start, end - start
    except (AttributeError, OSError, ValueError):
        pass
    return None, 0, 0


def _read_all(field: str, stream: IO[Any]) -> bytes:
    data = stream.read()
    if not isinstance(data, bytes | bytearray):
        raise _error(field, "the stream", "is not open in binary mode", "Open it with open(path, 'rb')")
    return bytes(data)


def _format(field: str, what: str, given: str | None, head: bytes, name: str) -> str:
    if given is not None:
        check.check_audio_format("audio_format", given)
        return given
    found = audio_format_of(head, name)
    if found is not None:
        return found
    problem = "looks like text, not audio" if looks_like_text(head) else "is not audio in a format known here"
    raise _error(
        field,
        what,
        problem,
        f"Formats recognised from their first bytes or file name: {check.FORMATS_HINT}. "
        "If it is audio, say which: audio_format='pcm'",
    )
