"""A feeder for live-audio tests and the demo: a recording written into a pipe at N x real time, with
a log of how much of it had been written when.

    python -m openrouter_ext.testing feed talk.wav --speed 4 --log written.tsv | openrouter-stt transcribe -

The log (one ``seconds<TAB>monotonic time`` line a block, or ``Written`` records in-process) says
when the recording's second ``s`` had been written, so a test can measure how long after a sound's
end its text came out, in stream seconds (the wall-clock wait times the speed). A WAV's position is
its samples'; any other format's is its share of the bytes times its length (exact for constant
bit rates, which is what tests feed).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import struct
import sys
import time
import wave
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import attrs

BLOCK_SECONDS = 0.02


@attrs.frozen
class Written:
    """``seconds`` of the recording had been written at ``at`` (``time.monotonic()``)."""

    seconds: float
    at: float


def piped_wav(wav: bytes, size: int = 0xFFFFFFFF) -> bytes:
    """The WAV as ffmpeg writes it to a pipe, where it cannot go back to fill in the length: its RIFF
    and data sizes ``size`` (0xFFFFFFFF, or 0)."""
    data = wav.find(b"data", 12)
    if wav[:4] != b"RIFF" or data < 0:
        raise ValueError("not a WAV file")
    return wav[:4] + struct.pack("<I", size) + wav[8 : data + 4] + struct.pack("<I", size) + wav[data + 8 :]


def _clock(data: bytes, seconds: float | None) -> Callable[[int], float]:
    """The recording's seconds written, from the bytes written."""
    if data[:4] == b"RIFF":
        with wave.open(io.BytesIO(_sized(data))) as reader:
            per_second = reader.getframerate() * reader.getnchannels() * reader.getsampwidth()
        start = data.find(b"data", 12) + 8
        return lambda written: max(0, written - start) / per_second
    if seconds is None:
        seconds = _length(data)
    return lambda written: written / len(data) * seconds


def _sized(wav: bytes) -> bytes:
    """A WAV with its sizes filled in (so ``wave`` reads its header whatever it says)."""
    data = wav.find(b"data", 12)
    return (wav[:4] + struct.pack("<I", len(wav) - 8) + wav[8 : data + 4]
            + struct.pack("<I", len(wav) - data - 8) + wav[data + 8 :])  # fmt: skip


def _length(data: bytes) -> float:
    import av  # the audio extra: for the length of a compressed recording

    with av.open(io.BytesIO(data), mode="r") as container:
        if container.duration is None:
            raise ValueError("the recording's length is not known: give seconds")
        return float(container.duration / av.time_base)


def feed(
    data: bytes,
    out: BinaryIO | int,
    *,
    speed: float = 1.0,
    seconds: float | None = None,
    block_seconds: float = BLOCK_SECONDS,
    on_written: Callable[[Written], object] | None = None,
    close: bool = True,
) -> list[Written]:
    """Write ``data`` to ``out`` (a binary file or a file descriptor) at ``speed`` x real time, a
    block of ``block_seconds`` at a time (``speed`` 0: as fast as it is read); then close it. Returns
    the log; ``on_written`` is called with each entry as it is made."""
    clock = _clock(data, seconds)
    block = max(1, round(len(data) / max(clock(len(data)), 1e-3) * block_seconds))
    log: list[Written] = []
    started = time.monotonic()
    try:
        for offset in range(0, len(data), block):
            _write(out, memoryview(data)[offset : offset + block])
            entry = Written(clock(min(offset + block, len(data))), time.monotonic())
            log.append(entry)
            if on_written is not None:
                on_written(entry)
            if speed > 0:
                time.sleep(max(0.0, started + entry.seconds / speed - time.monotonic()))
    except BrokenPipeError:
        pass  # the reader went away (it was told to stop, or was interrupted): what it took stands
    finally:
        if close:
            with contextlib.suppress(BrokenPipeError):
                os.close(out) if isinstance(out, int) else out.close()
    return log


def _write(out: BinaryIO | int, chunk: memoryview) -> None:
    while chunk:
        written = os.write(out, chunk) if isinstance(out, int) else out.write(chunk)
        chunk = chunk[written if written is not None else len(chunk) :]
    if not isinstance(out, int):
        out.flush()


def written_at(log: list[Written], seconds: float) -> float:
    """When the recording's second ``seconds`` had been written (the first block that holds it)."""
    return next((entry.at for entry in log if entry.seconds >= seconds - 1e-9), log[-1].at)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m openrouter_ext.testing feed",
        description="Write a recording to standard output at N x real time (a live source for tests).",
    )
    parser.add_argument("recording", type=Path)
    parser.add_argument(
        "--speed", type=float, default=1.0, help="x real time (default 1; 0: as fast as read)"
    )
    parser.add_argument("--seconds", type=float, help="the recording's length, if its header does not say")
    parser.add_argument(
        "--log", type=Path, help="append `seconds<TAB>monotonic time` lines as blocks are written"
    )
    parser.add_argument(
        "--piped-wav",
        action="store_true",
        help="a WAV's length fields as ffmpeg writes them to a pipe (unknown)",
    )
    args = parser.parse_args(argv)
    data = args.recording.read_bytes()
    if args.piped_wav:
        data = piped_wav(data)
    with args.log.open("a", encoding="utf-8") if args.log else open(os.devnull, "w") as log:

        def logged(entry: Written) -> None:
            log.write(f"{entry.seconds:.3f}\t{entry.at:.6f}\n")
            log.flush()

        try:
            feed(data, sys.stdout.buffer, speed=args.speed, seconds=args.seconds, on_written=logged)
        except BrokenPipeError:  # the reader went away: stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
