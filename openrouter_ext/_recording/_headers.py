"""A compressed recording's length from its first bytes, in plain Python: for when PyAV (the audio
extra) is not installed, so that audio too long for one request is refused rather than sent whole.

MP3 (MPEG-1/2/2.5 Layer III): the first frame's header, and its Xing/Info header when the encoder
wrote one (variable bitrate: the frame count), else the bitrate and the file's size (constant
bitrate; an estimate for a variable one without a Xing header). FLAC: STREAMINFO's sample count.
"""

from __future__ import annotations

_MPEG1_BITRATES = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)  # kbit/s, layer III
_MPEG2_BITRATES = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
_SAMPLE_RATES = {
    3: (44100, 48000, 32000),
    2: (22050, 24000, 16000),
    0: (11025, 12000, 8000),
}  # by version bits
HEAD_BYTES = 64 * 1024  # enough for an ID3 tag of a cover-less file and the first frame


def _id3_end(head: bytes) -> int:
    """Where the audio starts after an ID3v2 tag (0 without one)."""
    if not head.startswith(b"ID3") or len(head) < 10:
        return 0
    size = (head[6] & 0x7F) << 21 | (head[7] & 0x7F) << 14 | (head[8] & 0x7F) << 7 | (head[9] & 0x7F)
    return 10 + size + (10 if head[5] & 0x10 else 0)


def mp3_seconds(head: bytes, size: int) -> float | None:
    """The length of an MP3 file of ``size`` bytes whose first bytes are ``head`` (None: no frame
    header found in them)."""
    start = _id3_end(head)
    for at in range(start, len(head) - 4):
        b1, b2, b3 = head[at + 1], head[at + 2], head[at + 3]
        if head[at] != 0xFF or b1 & 0xE0 != 0xE0:
            continue
        version, layer = (b1 >> 3) & 3, (b1 >> 1) & 3
        bitrate_index, rate_index = b2 >> 4, (b2 >> 2) & 3
        if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
            continue  # reserved values, or not layer III: not a frame header
        rate = _SAMPLE_RATES[version][rate_index]
        samples_per_frame = 1152 if version == 3 else 576
        mono = b3 >> 6 == 3
        side_info = (17 if mono else 32) if version == 3 else (9 if mono else 17)
        xing = head[at + 4 + side_info : at + 4 + side_info + 12]
        if xing[:4] in (b"Xing", b"Info") and int.from_bytes(xing[4:8], "big") & 1:
            return int.from_bytes(xing[8:12], "big") * samples_per_frame / rate
        kbits = (_MPEG1_BITRATES if version == 3 else _MPEG2_BITRATES)[bitrate_index]
        return (size - at) * 8 / (kbits * 1000)
    return None


def flac_seconds(head: bytes) -> float | None:
    """A FLAC file's length from its STREAMINFO block (None: not there, or no sample count)."""
    if not head.startswith(b"fLaC") or len(head) < 8 + 18:
        return None
    info = head[8 : 8 + 18]
    rate = int.from_bytes(info[10:13], "big") >> 4
    samples = (info[13] & 0x0F) << 32 | int.from_bytes(info[14:18], "big")
    return samples / rate if rate and samples else None
