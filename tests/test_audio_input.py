"""Audio as users have it: paths, bytes, file objects (seekable or not), URL strings; format sniffing;
the multipart/JSON choice; and every bad form refused by name before anything is sent.

End-to-end on the stand-in, whose teardown validates every exchange against openapi.yaml, so the
streamed JSON body is checked against the contract too.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import API_KEY, MODEL, Pipe

from openrouter_ext import BackoffStrategy, InvalidInputError, OpenRouter, RetryConfig
from openrouter_ext._audio_input import sniff_format
from openrouter_ext._json_body import INLINE_SPLICE_CHARS, STREAMED_FROM
from openrouter_ext._request import prepare
from openrouter_ext._stt import transcription_request
from openrouter_ext._transport import SizedStream
from openrouter_ext.testing import SCENARIO_HEADER, RecordedRequest, StandIn, sine_wav
from openrouter_ext.testing._contract import multipart_parts, part_name

RETRY = RetryConfig("backoff", BackoffStrategy(1, 5, 2.0, 5_000))

MAGIC = {
    "wav": b"RIFF\x24\x00\x00\x00WAVEfmt ",
    "flac": b"fLaC\x00\x00\x00\x22",
    "ogg": b"OggS\x00\x02" + bytes(22) + b"OpusHead",
    "mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00",
    "aac": b"\xff\xf1\x50\x80\x02\x1f\xfc",
    "m4a": b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00",
    "mp4": b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00",
    "webm": b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01",
}


@pytest.mark.parametrize("expected", sorted(MAGIC))
def test_formats_are_sniffed_from_their_first_bytes(expected: str) -> None:
    assert sniff_format(MAGIC[expected] + bytes(32)) == expected


@pytest.mark.parametrize(
    "head",
    [b"\xff\xfb\x90\x64", b"\xff\xf3\x84\xc4", b"\xff\xe3\x18\xc4"],
    ids=["mpeg1-l3", "mpeg2-l3", "mpeg25-l3"],
)
def test_mp3_frames_without_id3_are_sniffed(head: bytes) -> None:
    assert sniff_format(head) == "mp3"


@pytest.mark.parametrize("head", [b"", b"hello", b"\x00" * 64, b"\xff\x00", b"RIFF\x00\x00\x00\x00AVI "])
def test_other_bytes_are_not_audio(head: bytes) -> None:
    assert sniff_format(head) is None


@pytest.fixture(params=["sync", "async"])
def transcribe(request: pytest.FixtureRequest, stand_in: StandIn) -> Any:
    """Call create_transcription[_multipart] through the sync or the async API."""

    def run(method: str = "create_transcription", retries: RetryConfig | None = None, **kwargs: Any) -> Any:
        settings: dict[str, Any] = {"api_key": API_KEY, "server_url": stand_in.base_url}
        settings["retries"] = retries or RetryConfig("none")
        if request.param == "sync":
            with OpenRouter(**settings) as client:
                return getattr(client.stt, method)(model=MODEL, **kwargs)

        async def run_async() -> Any:
            async with OpenRouter(**settings) as client:
                return await getattr(client.stt, method + "_async")(model=MODEL, **kwargs)

        return asyncio.run(run_async())

    return run


@pytest.fixture
def wav_file(tmp_path: Path, wav: bytes) -> Path:
    path = tmp_path / "talk.wav"
    path.write_bytes(wav)
    return path


def uploaded(server: StandIn) -> bytes:
    """The audio of the last request: the multipart file part, or the JSON body's base64 data."""
    seen = server.requests[-1]
    if seen.headers["content-type"].startswith("application/json"):
        return base64.b64decode(json.loads(seen.body)["input_audio"]["data"])
    marker = b'name="file"'
    part = seen.body[seen.body.index(marker) :]
    start = part.index(b"\r\n\r\n") + 4
    return part[start : part.index(b"\r\n--", start)]


def sent(seen: RecordedRequest) -> Any:
    """What a request carried, whatever its framing: the JSON body, or each multipart part's name,
    file name, content type and bytes (the boundary differs per send by design)."""
    content_type = seen.headers["content-type"]
    if content_type.startswith("application/json"):
        return seen.body
    return [
        (part_name(part), part.get_filename(), part.get_content_type(), part.get_payload(decode=True))
        for part in multipart_parts(content_type, seen.body)
    ]


def source_of(kind: str, wav: bytes, wav_file: Path) -> Any:
    makers: dict[str, Callable[[], Any]] = {
        "str path": lambda: str(wav_file),
        "Path": lambda: wav_file,
        "bytes": lambda: wav,
        "bytearray": lambda: bytearray(wav),
        "memoryview": lambda: memoryview(wav),
        "file object": lambda: wav_file.open("rb"),
        "non-seekable stream": lambda: Pipe(wav),
    }
    return makers[kind]()


SOURCE_KINDS = ["str path", "Path", "bytes", "bytearray", "memoryview", "file object", "non-seekable stream"]


@pytest.mark.parametrize("kind", SOURCE_KINDS)
@pytest.mark.parametrize("send_as", ["auto", "json", "multipart"])
def test_every_local_form_arrives_intact_either_way(
    transcribe: Any, stand_in: StandIn, wav: bytes, wav_file: Path, kind: str, send_as: str
) -> None:
    source = source_of(kind, wav, wav_file)
    res = transcribe(input_audio=source, send_as=send_as)
    assert f"wav audio, {len(wav)} bytes" in res.text
    content_type = stand_in.requests[-1].headers["content-type"]
    assert content_type.startswith("application/json" if send_as == "json" else "multipart/form-data")
    assert uploaded(stand_in) == wav
    if send_as == "json":  # streamed with its length known: not chunked
        assert "content-length" in stand_in.requests[-1].headers
        assert "transfer-encoding" not in stand_in.requests[-1].headers
    if isinstance(source, io.BufferedReader):
        assert not source.closed  # a user's file is theirs to close
        source.close()


@pytest.mark.parametrize("kind", SOURCE_KINDS)
def test_audio_from_the_streaming_size_on_arrives_intact_as_json(
    transcribe: Any, stand_in: StandIn, tmp_path: Path, kind: str
) -> None:
    long = sine_wav(3.0)
    assert len(long) >= STREAMED_FROM  # encoded while it is sent
    path = tmp_path / "long.wav"
    path.write_bytes(long)
    source = source_of(kind, long, path)
    transcribe(input_audio=source, send_as="json")
    assert uploaded(stand_in) == long
    assert "content-length" in stand_in.requests[-1].headers
    assert "transfer-encoding" not in stand_in.requests[-1].headers
    if isinstance(source, io.BufferedReader):
        source.close()


@pytest.mark.parametrize(("size", "streamed"), [(STREAMED_FROM - 1, False), (STREAMED_FROM, True)])
def test_local_audio_is_streamed_as_json_from_the_streaming_size_on(size: int, streamed: bool) -> None:
    """Below it the body is made at once (one send); from it on, encoded a chunk at a time while it
    is sent. Either way the same body."""
    audio = sine_wav(3.0)[:size]
    with OpenRouter(api_key=API_KEY) as client, ExitStack() as opened:
        params = {"input_audio": audio, "model": MODEL, "send_as": "json"}
        call = prepare(transcription_request(params, opened), client._config)
    assert isinstance(call.content, SizedStream) is streamed
    body = b"".join(call.content) if isinstance(call.content, SizedStream) else call.content
    assert isinstance(body, bytes)
    assert json.loads(body)["input_audio"] == {"data": base64.b64encode(audio).decode(), "format": "wav"}


@pytest.mark.parametrize(
    ("chars", "spliced"), [(INLINE_SPLICE_CHARS - 4, False), (INLINE_SPLICE_CHARS, True)]
)
def test_inline_base64_is_spliced_as_given_from_the_splicing_length_on(chars: int, spliced: bool) -> None:
    """Below it the body is written by the JSON encoder; from it on, the caller's base64 goes out as
    it was given (checked once, not copied again). Either way the same body; a URL is never spliced."""
    data = base64.b64encode(sine_wav(3.0))[:chars].decode()
    with OpenRouter(api_key=API_KEY) as client, ExitStack() as opened:
        call = prepare(transcription_request({"input_audio": {"data": data, "format": "wav"}, "model": MODEL}, opened),
                       client._config)  # fmt: skip
        by_url = prepare(transcription_request({"input_audio": "https://x.example/a.wav", "model": MODEL}, opened),
                         client._config)  # fmt: skip
    assert isinstance(call.content, SizedStream) is spliced and isinstance(by_url.content, bytes)
    body = b"".join(call.content) if isinstance(call.content, SizedStream) else call.content
    assert isinstance(body, bytes)
    assert json.loads(body)["input_audio"] == {"data": data, "format": "wav"}


def test_inline_audio_without_data_is_refused_by_name() -> None:
    with (
        OpenRouter(api_key=API_KEY) as client,
        pytest.raises(InvalidInputError) as caught,
        ExitStack() as opened,
    ):
        prepare(
            transcription_request({"input_audio": {"format": "wav"}, "model": MODEL}, opened), client._config
        )
    assert (
        str(caught.value)
        == 'input_audio.data: is required. Pass {"data": <base64>, "format": "wav"} or {"url": ...}'
    )


@pytest.mark.parametrize("kind", SOURCE_KINDS)
def test_the_multipart_method_takes_every_local_form(
    transcribe: Any, stand_in: StandIn, wav: bytes, wav_file: Path, kind: str
) -> None:
    source = source_of(kind, wav, wav_file)
    transcribe("create_transcription_multipart", file=source)
    assert uploaded(stand_in) == wav
    if isinstance(source, io.BufferedReader):
        source.close()


@pytest.mark.parametrize("send_as", ["json", "multipart"])
@pytest.mark.parametrize("kind", ["file object", "non-seekable stream", "str path"])
def test_a_retry_resends_the_same_audio(
    transcribe: Any, stand_in: StandIn, wav: bytes, wav_file: Path, kind: str, send_as: str
) -> None:
    source = source_of(kind, wav, wav_file)
    scenario = {SCENARIO_HEADER: f"status=503;fail-first=1;id={kind}{send_as}"}
    transcribe(input_audio=source, send_as=send_as, retries=RETRY, http_headers=scenario)
    first, second = stand_in.requests[-2:]
    assert (first.status, second.status) == (503, 200)
    assert sent(first) == sent(second)
    assert uploaded(stand_in) == wav
    if isinstance(source, io.BufferedReader):
        source.close()


@pytest.mark.parametrize("send_as", ["json", "multipart"])
def test_a_file_object_is_read_from_where_it_stands(
    transcribe: Any, stand_in: StandIn, wav: bytes, send_as: str
) -> None:
    stream = io.BytesIO(b"HEADER" + wav)
    stream.seek(6)
    transcribe(input_audio=stream, send_as=send_as)
    assert uploaded(stand_in) == wav
    assert stream.tell() == len(b"HEADER" + wav)


def test_a_url_string_is_sent_as_the_url_shape(transcribe: Any, stand_in: StandIn) -> None:
    res = transcribe(input_audio="https://example.com/talk.mp3")
    assert "audio at a URL (mp3)" in res.text
    assert json.loads(stand_in.requests[-1].body)["input_audio"] == {"url": "https://example.com/talk.mp3"}


def test_a_url_without_extension_takes_audio_format(transcribe: Any, stand_in: StandIn) -> None:
    transcribe(input_audio="https://example.com/stream", audio_format="ogg")
    assert json.loads(stand_in.requests[-1].body)["input_audio"] == {
        "url": "https://example.com/stream",
        "format": "ogg",
    }


def test_headerless_pcm_needs_audio_format(transcribe: Any, stand_in: StandIn) -> None:
    pcm = bytes(range(256)) * 125  # 1 s of 16 kHz 16-bit mono
    with pytest.raises(InvalidInputError, match="audio_format='pcm'"):
        transcribe(input_audio=pcm)
    res = transcribe(input_audio=pcm, audio_format="pcm")
    assert "pcm audio, 32000 bytes, 1.00 seconds" in res.text


def test_sniffing_beats_a_misleading_extension(
    transcribe: Any, stand_in: StandIn, tmp_path: Path, wav: bytes
) -> None:
    path = tmp_path / "really-a-wav.mp3"
    path.write_bytes(wav)
    res = transcribe(input_audio=path)
    assert "wav audio" in res.text
    assert b'filename="really-a-wav.wav"' in stand_in.requests[-1].body


def test_a_name_gives_the_format_when_the_bytes_do_not(
    transcribe: Any, stand_in: StandIn, tmp_path: Path
) -> None:
    path = tmp_path / "speech.pcm"
    path.write_bytes(bytes(3200))
    assert "pcm audio" in transcribe(input_audio=path).text


LIMIT = 25 * 1024 * 1024  # the API's cap on a multipart body, form parts included


def form_overhead(stand_in: StandIn, client: OpenRouter, path: Path) -> int:
    """What the multipart form adds to a file, as the server counts it: a small file's body as
    received, less the file's size (the same name and fields give the same overhead)."""
    path.write_bytes(MAGIC["wav"] + bytes(100))
    client.stt.create_transcription(input_audio=path, model=MODEL, language="en")
    return len(stand_in.requests[-1].body) - path.stat().st_size


def test_a_multipart_body_exactly_at_the_limit_is_sent_and_one_byte_more_goes_as_json(
    stand_in: StandIn, tmp_path: Path
) -> None:
    path = tmp_path / "meeting.wav"
    with OpenRouter(api_key=API_KEY, server_url=stand_in.base_url, retries=RetryConfig("none")) as client:
        overhead = form_overhead(stand_in, client, path)
        path.write_bytes(MAGIC["wav"] + bytes(LIMIT - overhead - len(MAGIC["wav"])))
        client.stt.create_transcription(input_audio=path, model=MODEL, language="en")
        at_the_limit = stand_in.requests[-1]
        assert at_the_limit.headers["content-type"].startswith("multipart/form-data")
        assert (len(at_the_limit.body), at_the_limit.status) == (LIMIT, 200)
        with path.open("ab") as grow:
            grow.write(b"\0")
        client.stt.create_transcription(input_audio=path, model=MODEL, language="en")
        over = stand_in.requests[-1]
        assert (over.headers["content-type"], over.status) == ("application/json", 200)
        assert base64.b64decode(json.loads(over.body)["input_audio"]["data"]) == path.read_bytes()


def test_the_server_refuses_a_multipart_body_over_the_limit_and_the_sdk_refuses_to_send_it(
    stand_in: StandIn, tmp_path: Path
) -> None:
    path = tmp_path / "meeting.wav"
    with OpenRouter(api_key=API_KEY, server_url=stand_in.base_url, retries=RetryConfig("none")) as client:
        overhead = form_overhead(stand_in, client, path)
        path.write_bytes(MAGIC["wav"] + bytes(LIMIT - overhead - len(MAGIC["wav"]) + 1))
        with pytest.raises(InvalidInputError) as caught:
            client.stt.create_transcription(input_audio=path, model=MODEL, language="en", send_as="multipart")
        assert caught.value.field == "file" and "base64 JSON" in str(caught.value)
        assert f"{LIMIT + 1:,} bytes" in str(caught.value)
        assert len(stand_in.requests) == 1  # the form_overhead probe only

    # The stand-in's own verdict on a body one byte over, sent by hand: 413.
    def post(file_size: int) -> httpx.Response:
        return httpx.post(
            f"{stand_in.base_url}/audio/transcriptions",
            headers={"Authorization": f"Bearer {API_KEY}"},
            data={"model": MODEL},
            files={"file": ("meeting.wav", MAGIC["wav"] + bytes(file_size - len(MAGIC["wav"])), "audio/wav")},
        )

    post(100)
    hand_overhead = len(stand_in.requests[-1].body) - 100
    assert post(LIMIT - hand_overhead).status_code == 200
    assert post(LIMIT - hand_overhead + 1).status_code == 413
    assert [len(seen.body) for seen in stand_in.requests[-2:]] == [LIMIT, LIMIT + 1]


@pytest.fixture
def bad_dir(tmp_path: Path) -> Path:
    (tmp_path / "empty.wav").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("meeting notes, not audio\n")
    (tmp_path / "blob.bin").write_bytes(bytes(range(1, 65)))  # no magic, no audio extension
    (tmp_path / "lyrics.mp3").write_text("la la la\n")  # an audio name on a text file
    (tmp_path / "folder").mkdir()
    return tmp_path


BAD = [
    ("missing.wav", "no such file"),
    ("folder", "is a directory"),
    ("empty.wav", "is empty"),
    ("notes.txt", "looks like text"),
    ("lyrics.mp3", "looks like text"),
    ("blob.bin", "not audio in a format known here"),
]


@pytest.mark.parametrize("method", ["create_transcription", "create_transcription_multipart"])
def test_a_path_holding_a_nul_is_refused_by_name(stand_in: StandIn, method: str) -> None:
    """Found by the fuzz test: the operating system's calls raise a bare ValueError for such a name."""
    argument = "input_audio" if method == "create_transcription" else "file"
    with (
        OpenRouter(api_key=API_KEY, server_url=stand_in.base_url) as client,
        pytest.raises(InvalidInputError) as caught,
    ):
        getattr(client.stt, method)(model=MODEL, **{argument: "talk\x00.wav"})
    assert str(caught.value) == (
        f"{argument}: 'talk\\x00.wav': is not a file name: it holds a NUL character. Check the path"
    )
    assert stand_in.requests == []


@pytest.mark.parametrize("method", ["create_transcription", "create_transcription_multipart"])
@pytest.mark.parametrize(("name", "problem"), BAD)
def test_bad_paths_are_refused_by_name_before_sending(
    stand_in: StandIn, bad_dir: Path, method: str, name: str, problem: str
) -> None:
    argument = "input_audio" if method == "create_transcription" else "file"
    with (
        OpenRouter(api_key=API_KEY, server_url=stand_in.base_url) as client,
        pytest.raises(InvalidInputError) as caught,
    ):
        getattr(client.stt, method)(model=MODEL, **{argument: bad_dir / name})
    assert caught.value.field == argument
    assert problem in str(caught.value) and name in str(caught.value)
    assert stand_in.requests == []


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        (b"", "is empty"),
        (io.StringIO("text"), "binary mode"),
        (Pipe(b""), "is empty"),
        (3.5, "cannot be a float"),
        (b"plain words", "looks like text"),
    ],
    ids=["empty bytes", "text-mode file", "empty stream", "a number", "text bytes"],
)
def test_bad_in_memory_audio_is_refused_before_sending(stand_in: StandIn, source: Any, problem: str) -> None:
    with (
        OpenRouter(api_key=API_KEY, server_url=stand_in.base_url) as client,
        pytest.raises(InvalidInputError) as caught,
    ):
        client.stt.create_transcription(model=MODEL, input_audio=source)
    assert problem in str(caught.value)
    assert stand_in.requests == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"audio_format": "wave"}, "audio_format"), ({"send_as": "xml"}, "send_as")],
)
def test_bad_choices_are_refused(stand_in: StandIn, wav: bytes, kwargs: dict[str, Any], field: str) -> None:
    with (
        OpenRouter(api_key=API_KEY, server_url=stand_in.base_url) as client,
        pytest.raises(InvalidInputError) as caught,
    ):
        client.stt.create_transcription(model=MODEL, input_audio=wav, **kwargs)
    assert caught.value.field == field
    assert stand_in.requests == []
