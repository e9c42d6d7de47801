"""The stand-in: a real HTTP server on loopback that answers ``POST /api/v1/audio/transcriptions``,
``GET /api/v1/models`` and ``GET /api/v1/key``.

It judges each request as the API would, and independently of the SDK: the bearer key; the body
against openapi.yaml (openapi-core, see ``_contract``); then what only a server can check (the
base64 decodes to some audio, exactly one of ``file`` and ``source_url``, a format it can tell);
and 413 for a body over the size limits. Then the model's provider judges it by its own limits
(``_catalog``: longest audio, formats, verbose_json), refusing with OpenRouter's "Provider returned
error" body. It answers 400/401/404/413 with the documented error body, and otherwise a spec-valid
transcription whose text honestly describes the audio it received (format, size, and for WAV/PCM
the duration): it does not recognise speech. Its catalog lists the models of ``_catalog``.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import math
import os
import socket
import struct
import threading
import time
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import PurePosixPath
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

import attrs

from ._audio import AudioFacts, audio_facts
from ._catalog import ServedModel, key_answer, models_page, served
from ._contract import Violation, multipart_parts, part_name, query_violations, request_violations
from ._faults import BROKEN_BODIES, SCENARIO_HEADER, RateLimits, Scenario, ScenarioCounts, ScenarioError
from ._hearing import Hearing, hear, voice_of

API_PREFIX = "/api/v1"
TRANSCRIPTIONS_PATH = API_PREFIX + "/audio/transcriptions"
MODELS_PATH = API_PREFIX + "/models"
KEY_PATH = API_PREFIX + "/key"
# The API's cap on a multipart body, form parts included: 25 MiB.
MULTIPART_BODY_LIMIT = 25 * 1024 * 1024
SEGMENT_WORDS = 6  # words per verbose_json segment
_PHRASES = {status.value: status.phrase for status in HTTPStatus}
# Content types whose subtype is not the format's usual name.
_SUBTYPE_FORMATS = {
    "mpeg": "mp3",
    "x-wav": "wav",
    "wave": "wav",
    "x-flac": "flac",
    "x-m4a": "m4a",
    "mp4": "m4a",
}


@attrs.frozen
class RecordedRequest:
    """One request as the stand-in received it (the Authorization value is not kept), and its answer."""

    time: float  # when it arrived (``time.time()`` once its headers were read), not when it was answered
    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes
    status: int
    response: bytes
    scenario: str | None = None


@attrs.frozen
class _Answer:
    """What to send back, and how to deliver it (the scenario's delay, drop and drip)."""

    status: int
    content: bytes
    content_type: str = "application/json"
    headers: Mapping[str, str] = attrs.field(factory=dict)
    scenario: Scenario | None = None


class _Reply(Exception):
    """Ends handling with this status and body."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(status)
        self.status, self.body = status, body


def _provider_error(model: ServedModel, raw: str) -> _Reply:
    """A provider's refusal as OpenRouter passes it on: its own words in ``metadata.raw``."""
    return _error(400, "Provider returned error", provider_name=model.provider, raw=raw)


def _error(status: int, message: str, **metadata: Any) -> _Reply:
    error: dict[str, Any] = {"code": status, "message": message}
    if metadata:
        error["metadata"] = metadata
    return _Reply(status, {"error": error})


def _breaks_contract(violations: Sequence[Violation]) -> _Reply:
    listed = "; ".join(f"{v.field}: {v.problem}" for v in violations)
    return _error(
        400,
        f"The request does not match the API contract: {listed}",
        violations=[{"field": v.field, "problem": v.problem} for v in violations],
    )


def _extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower().lstrip(".")


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        request = json.loads(body)
    except ValueError:
        raise _error(400, "The request body is not valid JSON") from None
    if not isinstance(request, dict):
        raise _error(400, "The request body must be a JSON object")
    return request


def _json_audio(request: Mapping[str, Any]) -> tuple[bytes | None, str]:
    """The audio of a contract-valid JSON body (None at a URL), and its format."""
    audio = request["input_audio"]
    if "url" in audio:
        audio_format = audio.get("format") or _extension(urlsplit(audio["url"]).path)
        if not audio_format:
            raise _error(400, "input_audio.format is required when the URL path has no file extension")
        return None, audio_format
    try:
        data = base64.b64decode(audio["data"], validate=True)
    except binascii.Error:
        raise _error(400, "input_audio.data is not valid base64 (standard alphabet, padded)") from None
    if not data:
        raise _error(400, "input_audio.data is empty: there is no audio to transcribe")
    return data, audio["format"]


def _multipart_audio(content_type: str, body: bytes) -> tuple[dict[str, Any], bytes | None, str]:
    """The form of a contract-valid multipart body, its audio (None at a URL), and its format."""
    form: dict[str, Any] = {}
    audio, audio_format = None, ""
    for part in multipart_parts(content_type, body):
        name, payload = part_name(part), part.get_payload(decode=True)
        assert isinstance(payload, bytes)  # the contract check decoded every part
        if name == "file":
            audio = payload
            main, _, subtype = part.get_content_type().partition("/")
            by_type = _SUBTYPE_FORMATS.get(subtype, subtype) if main == "audio" else ""
            audio_format = _extension(part.get_filename() or "") or by_type
        elif name.endswith("[]"):
            form.setdefault(name, []).append(payload.decode())
        else:
            form[name] = payload.decode()
    if (audio is None) == ("source_url" not in form):
        raise _error(400, "Exactly one of file and source_url is required")
    if audio is not None and not audio:
        raise _error(400, "file is empty: there is no audio to transcribe")
    if audio is None:
        audio_format = _extension(urlsplit(form["source_url"]).path)
    if not audio_format:
        raise _error(
            400, "The audio format cannot be told: name the file with its extension, or send an audio/* type"
        )
    return form, audio, audio_format


def _timed(
    text: str, duration: float, hearing: Hearing | None, diarize: bool = False
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Segments and words: one of each per sound heard; else the text's words spread evenly.
    ``diarize``: each sound labelled with its voice (``voice_of`` its pitch), as a provider labels
    speakers: numbered within this request by first appearance (``speaker``, ``speaker_label``)."""
    if hearing is not None:
        segments = [
            {"start": sound.start, "end": sound.end, "text": f"{sound.hertz} Hz"} for sound in hearing.sounds
        ]
        words = [
            {"word": f"{sound.hertz}Hz", "start": sound.start, "end": sound.end} for sound in hearing.sounds
        ]
        if diarize:
            local: dict[int | None, int] = {}
            for segment, word, sound in zip(segments, words, hearing.sounds, strict=True):
                speaker = local.setdefault(voice_of(sound.hertz), len(local))
                for item in (segment, word):
                    item |= {"speaker": speaker, "speaker_label": f"speaker_{speaker}"}
        return segments, words
    said = text.split()
    step = duration / len(said)
    segments = [
        {
            "start": round(first * step, 3),
            "end": round(min(first + SEGMENT_WORDS, len(said)) * step, 3),
            "text": " ".join(said[first : first + SEGMENT_WORDS]),
        }
        for first in range(0, len(said), SEGMENT_WORDS)
    ]
    words = [
        {"word": word, "start": round(i * step, 3), "end": round((i + 1) * step, 3)}
        for i, word in enumerate(said)
    ]
    return segments, words


def _transcription(request: Mapping[str, Any], audio: bytes | None, audio_format: str) -> dict[str, Any]:
    model = served(str(request.get("model", "")))
    hearing = None
    if audio is None:
        facts = AudioFacts(audio_format, 0)
        text = f"[stand-in] audio at a URL ({audio_format}); the stand-in does not download it"
    else:
        facts, hearing = audio_facts(audio, audio_format), hear(audio, audio_format)
        if hearing is not None and facts.seconds is None:
            facts = attrs.evolve(facts, seconds=hearing.seconds)
        heard = (
            ", ".join(f"{s.hertz} Hz at {s.start:.2f}-{s.end:.2f} s" for s in hearing.sounds)
            if hearing
            else ""
        )
        text = f"[stand-in] received {facts.describe()}; " + (
            f"heard {heard or 'nothing'}" if hearing is not None else "no speech recognition is done here"
        )
    refusal = model.refusal(request, audio_format, facts.seconds, len(audio or b""))
    if refusal is not None:
        raise _provider_error(model, refusal)
    response: dict[str, Any] = {"text": text, "usage": {"cost": 0}}
    if facts.seconds is not None:
        response["usage"] = model.usage(facts.seconds, len(text.split()))
    diarize = request.get("diarize")
    if request.get("response_format") == "verbose_json":
        duration = round(facts.seconds or 0.0, 3)
        segments, words = _timed(text, duration, hearing, model.diarize is True and diarize in (True, "true"))
        response |= {
            "task": "transcribe",
            "language": request.get("language", "unknown"),
            "duration": duration,
            "segments": [{"id": number, "seek": 0, **segment} for number, segment in enumerate(segments)],
        }
        granularities = (
            request.get("timestamp_granularities") or request.get("timestamp_granularities[]") or []
        )
        if "word" in granularities:
            response["words"] = words
    return response


class StandIn:
    """A local OpenRouter STT stand-in. ``with StandIn() as server: ... server.base_url``.

    Args:
        host, port: where to listen (port 0 picks a free one).
        api_key: the only key accepted; by default any non-empty bearer key is.
        scenario: a fault scenario for every transcription request (see ``_faults``); a
            request's ``X-Stand-In-Scenario`` header takes precedence, and gives one to any request.
        journal: a file to append one JSON line per request to (time, method, path, scenario,
            status, response), for a stand-in running in another process.
        max_body_bytes: answer 413 to any body larger than this (default: no limit but the
            multipart one); a request's scenario may set its own with ``max-bytes=N``.
        multipart_limit: the largest multipart body accepted, form included (the API's 25 MiB).
        key_limit: the key's spending limit in USD that ``GET /key`` reports (None: no limit);
            ``spent`` adds up the cost of every transcription answered.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        api_key: str | None = None,
        scenario: str | None = None,
        journal: str | os.PathLike[str] | None = None,
        max_body_bytes: int | None = None,
        multipart_limit: int = MULTIPART_BODY_LIMIT,
        key_limit: float | None = None,
    ) -> None:
        self.host = host
        self.key_limit = key_limit
        self.spent = 0.0
        self.max_body_bytes = max_body_bytes
        self.multipart_limit = multipart_limit
        self.journal = journal
        self.api_key = api_key
        self.scenario = Scenario.parse(scenario) if scenario else None
        self.requests: list[RecordedRequest] = []
        self.stopping = threading.Event()  # ends hanging answers when the server stops
        self._counts = ScenarioCounts()
        self._rates = RateLimits()
        self._lock = threading.Lock()
        self._server = _Server((host, port), _Handler)
        self._server.stand_in = self
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self._server.server_port}{API_PREFIX}"

    def start(self) -> Self:
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="openrouter-stand-in",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget the recorded requests and start every ``fail-first`` count again."""
        with self._lock:
            self.requests.clear()
        self._counts.reset()
        self._rates.reset()

    def respond(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> _Answer:
        """The answer to one request: the scenario's fault while it lasts, else the normal one."""
        try:
            text = headers.get(SCENARIO_HEADER)
            # The server's own scenario is the transcription call's (what a fault test is about);
            # the catalog's reads (GET /models, /key) get one only from a request's own header.
            transcription = urlsplit(path).path == TRANSCRIPTIONS_PATH
            scenario = Scenario.parse(text) if text else self.scenario if transcription else None
        except ScenarioError as error:
            return _Answer(400, json.dumps(_error(400, f"{SCENARIO_HEADER}: {error}").body).encode())
        if scenario is not None and scenario.rate_limit is not None:
            wait = self._rates.wait(scenario)
            if wait:
                retry_after = str(max(1, math.ceil(wait)))
                refusal = _error(429, f"Rate limit of {scenario.rate_limit} requests a second exceeded")
                return _Answer(429, json.dumps(refusal.body).encode(), headers={"Retry-After": retry_after})
        if scenario is not None and not self._counts.misbehaves(scenario):
            scenario = None  # its fail-first count is used up
        if scenario is None or not scenario.changes_answer:  # the normal answer, delivered as it says
            limit = scenario.max_bytes if scenario is not None else None
            status, payload = self.handle(method, path, headers, body, max_body_bytes=limit)
            return _Answer(status, json.dumps(payload).encode(), scenario=scenario)
        if scenario.redirect is not None and scenario.location is not None:
            return _Answer(scenario.redirect, b"", headers={"Location": scenario.location}, scenario=scenario)
        status = scenario.status or 200
        extra = {"Retry-After": scenario.retry_after} if scenario.retry_after else {}
        if scenario.body is not None:
            content_type, content = BROKEN_BODIES[scenario.body]
        else:
            content_type = "application/json"
            content = json.dumps(_error(status, f"stand-in scenario {scenario.text!r}").body).encode()
        return _Answer(status, content, content_type, extra, scenario)

    def handle(
        self,
        method: str,
        path: str,
        headers: Mapping[str, str],
        body: bytes,
        max_body_bytes: int | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """The status and JSON body the stand-in answers with (``headers`` lower-cased)."""
        route = urlsplit(path).path
        try:
            if route in (MODELS_PATH, KEY_PATH):
                return 200, self._catalog(method, path, headers)
            if route != TRANSCRIPTIONS_PATH:
                raise _error(404, f"No route for {method} {route}")
            if method != "POST":
                raise _error(405, f"{method} is not allowed here; use POST")
            self._check_key(headers.get("authorization", ""))
            content_type = headers.get("content-type", "")
            multipart = content_type.startswith("multipart/form-data")
            if not multipart and not content_type.startswith("application/json"):
                raise _error(
                    400, f"Unsupported content type {content_type!r}; send JSON or multipart/form-data"
                )
            self._check_size(len(body), multipart, max_body_bytes)
            request = {} if multipart else _json_object(body)
            violations = request_violations(path, headers, body)
            if violations:
                raise _breaks_contract(violations)
            if multipart:
                request, audio, audio_format = _multipart_audio(content_type, body)
            else:
                audio, audio_format = _json_audio(request)
            answer = _transcription(request, audio, audio_format)
            with self._lock:
                self.spent += answer["usage"]["cost"]
            return 200, answer
        except _Reply as answer:
            return answer.status, answer.body

    def _catalog(self, method: str, path: str, headers: Mapping[str, str]) -> dict[str, Any]:
        """``GET /models`` (its output_modalities, offset and limit) or ``GET /key``."""
        if method != "GET":
            raise _error(405, f"{method} is not allowed here; use GET")
        self._check_key(headers.get("authorization", ""))
        violations = query_violations(path, method)
        if violations:
            raise _breaks_contract(violations)
        if urlsplit(path).path == KEY_PATH:
            with self._lock:
                return key_answer(self.key_limit, self.spent)
        query = dict(parse_qsl(urlsplit(path).query))
        offset, limit = int(query.get("offset") or 0), int(query.get("limit") or 1000)
        return models_page(query.get("output_modalities"), offset, limit)

    def _check_size(self, size: int, multipart: bool, max_body_bytes: int | None) -> None:
        """413 is decided by the body's size, as a server or its proxy decides it."""
        limits = [self.max_body_bytes, max_body_bytes, self.multipart_limit if multipart else None]
        limit = min((limit for limit in limits if limit is not None), default=None)
        if limit is not None and size > limit:
            raise _error(413, f"Request body of {size:,} bytes is larger than the limit of {limit:,} bytes")

    def _check_key(self, authorization: str) -> None:
        scheme, _, key = authorization.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise _error(401, "Missing Authentication header")
        if self.api_key is not None and key.strip() != self.api_key:
            raise _error(401, "Invalid API key")

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)
            if self.journal is not None:
                entry = {
                    "time": request.time,
                    "method": request.method,
                    "path": request.path,
                    "scenario": request.scenario,
                    "status": request.status,
                    "response": request.response.decode("utf-8", "replace"),
                }
                with open(self.journal, "a", encoding="utf-8") as journal:
                    journal.write(json.dumps(entry) + "\n")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the default 5 drops SYNs when many clients connect at once
    stand_in: StandIn

    def get_request(self) -> tuple[socket.socket, Any]:
        conn, address = super().get_request()
        # Without this, loopback Nagle + delayed ACK adds ~40 ms to every response.
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn, address


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def _read_body(self) -> bytes:
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("content-length") or 0))

    def _serve(self) -> None:
        arrived = time.time()
        body = self._read_body()
        headers = {name.lower(): value for name, value in self.headers.items()}
        stand_in = self.server.stand_in
        try:
            answer = stand_in.respond(self.command, self.path, headers, body)
        except Exception as error:  # a bug of the stand-in's own: answered, never left hanging
            failure = _error(500, f"stand-in failure: {type(error).__name__}: {error}").body
            answer = _Answer(500, json.dumps(failure).encode())
        if "authorization" in headers:
            headers["authorization"] = "Bearer <redacted>"
        scenario = answer.scenario
        stand_in.record(
            RecordedRequest(arrived, self.command, self.path, headers, body, answer.status, answer.content,
                            scenario.text if scenario else None)
        )  # fmt: skip
        extra = "".join(f"{name}: {value}\r\n" for name, value in answer.headers.items())
        head = (
            f"HTTP/1.1 {answer.status} {_PHRASES.get(answer.status, 'Error')}\r\n"
            f"Content-Type: {answer.content_type}\r\nContent-Length: {len(answer.content)}\r\n"
            f"x-request-id: stand-in-{len(stand_in.requests)}\r\n{extra}\r\n"
        ).encode()
        if scenario is None:
            self.wfile.write(head + answer.content)  # one write: no Nagle stall between head and body
            return
        self._deliver(scenario, head, answer.content)

    def _deliver(self, scenario: Scenario, head: bytes, content: bytes) -> None:
        stopping = self.server.stand_in.stopping
        if scenario.delay_ms and stopping.wait(scenario.delay_ms / 1000):
            return
        if scenario.drop == "hang":
            stopping.wait(60)  # bounded: ends with the server, or after a minute
            self.close_connection = True
        elif scenario.drop == "close":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif scenario.drop == "reset":
            self.wfile.write(head + content[: len(content) // 2])
            # SO_LINGER 0: closing sends a TCP reset instead of an orderly end of stream.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
        elif scenario.drip_ms:
            self.wfile.write(head)
            for index in range(len(content)):
                if stopping.wait(scenario.drip_ms / 1000):
                    return
                self.wfile.write(content[index : index + 1])
        else:
            self.wfile.write(head + content)

    do_POST = do_GET = do_PUT = do_DELETE = do_PATCH = _serve

    def handle(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()  # a client that gave up (timeout, cancelled call) is not a server error

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: tests and the demo read the recorded requests instead
