"""Arbitrary values for every argument: the only outcomes are a transcription or InvalidInputError.

No other exception (TypeError, KeyError, AttributeError, JSONDecodeError, ...) may escape, and an
argument the SDK refuses must never reach the network.
"""

from __future__ import annotations

import base64
import io
import math
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import respx
from conftest import API_KEY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openrouter_ext import InvalidInputError, OpenRouter, RetryConfig
from openrouter_ext._multipart import form as _form
from openrouter_ext._params import MultipartTranscriptionParams, TranscriptionParams
from openrouter_ext.testing import sine_wav

WAV = sine_wav(0.05)
GOOD: dict[str, Any] = {
    "input_audio": {"data": base64.b64encode(WAV).decode(), "format": "wav"},
    "model": "openai/whisper-1",
}
URL = "https://openrouter.ai/api/v1/audio/transcriptions"

# Anything a caller might pass by mistake: scalars, containers, bytes, files, odd floats, objects.
JSON_LIKE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
ANY_VALUE = (
    JSON_LIKE
    | st.binary(max_size=16)
    | st.sampled_from(
        [object(), io.StringIO("x"), io.BytesIO(b""), {"a"}, math.inf, (1, "a"), b"RIFF", ..., str]
    )
    | st.fixed_dictionaries({"data": JSON_LIKE, "format": JSON_LIKE})
    | st.fixed_dictionaries({"url": st.text(max_size=30)})
    | st.tuples(st.text(max_size=10), st.binary(max_size=8))
)
JSON_NAMES = sorted(TranscriptionParams.__required_keys__ | TranscriptionParams.__optional_keys__)
MULTIPART_NAMES = sorted(
    MultipartTranscriptionParams.__required_keys__ | MultipartTranscriptionParams.__optional_keys__
)


@pytest.fixture(scope="module")
def client() -> Iterator[OpenRouter]:
    with OpenRouter(api_key=API_KEY, retries=RetryConfig("none")) as client:
        yield client


def _refusal(call: Any, **kwargs: Any) -> InvalidInputError | None:
    """The InvalidInputError the call raised, or None; any other exception propagates and fails."""
    try:
        call(**kwargs)
    except InvalidInputError as error:
        return error
    return None


def _try(call: Any, kwargs: dict[str, Any]) -> str:
    """Call with ``kwargs``: "sent" (one request went out) or "refused" (none did)."""
    with respx.mock(assert_all_called=False) as api:
        route = api.post(URL).respond(200, json={"text": "ok"})
        refusal = _refusal(call, **kwargs)
    if refusal is None:
        assert route.call_count == 1
        return "sent"
    assert refusal.field
    assert not route.called, f"{refusal.field} was refused after a request was sent"
    return "refused"


# A good value for each argument, so that a combination of arguments reaches a request when every
# value in it is good, and only some are drawn from ANY_VALUE.
_COMMON_GOOD: dict[str, st.SearchStrategy[Any]] = {
    "model": st.sampled_from(["openai/whisper-1", "openai/gpt-4o-transcribe"]),
    "audio_format": st.just("wav"),
    "language": st.sampled_from(["en", "ja", "pt-BR"]),
    "provider": st.sampled_from([{"zdr": True}, {"data_collection": "deny"}, {"options": {"openai": {}}}]),
    "temperature": st.floats(min_value=0, max_value=1),
    "response_format": st.sampled_from(["json", "verbose_json"]),
    "timestamp_granularities": st.lists(st.sampled_from(["word", "segment"]), max_size=2),
    "diarize": st.booleans(),
    "keyterms": st.lists(st.sampled_from(["OpenRouter", "Whisper"]), max_size=2),
    "session_id": st.text(st.characters(min_codepoint=33, max_codepoint=0x2FFF), min_size=1, max_size=256),
    "trace": st.just({"trace_id": "t-1", "extra": [1, 2]}),
    "user": st.just("user-1"),
    "http_referer": st.just("https://myapp.example"),
    "x_open_router_title": st.just("My App"),
    "x_open_router_categories": st.just("transcription"),
    "retries": st.just(RetryConfig("none")),
    "server_url": st.just("https://openrouter.ai/api/v1"),
    "timeout_ms": st.integers(min_value=1_000, max_value=60_000),
    "http_headers": st.just({"X-Trace": "1"}),
}
GOOD_JSON = {
    **_COMMON_GOOD,
    "input_audio": st.sampled_from([GOOD["input_audio"], WAV]),
    "send_as": st.sampled_from(["auto", "json", "multipart"]),
}
GOOD_MULTIPART = {**_COMMON_GOOD, "file": st.just(("a.wav", WAV))}
assert set(GOOD_JSON) == set(JSON_NAMES) and set(GOOD_MULTIPART) == set(MULTIPART_NAMES) - {"source_url"}


def combinations(
    good: dict[str, st.SearchStrategy[Any]], required: tuple[str, ...]
) -> st.SearchStrategy[Any]:
    """The required arguments and up to five others, each good five times in six, else anything."""

    def good_or_any(name: str) -> st.SearchStrategy[Any]:
        return st.integers(0, 5).flatmap(lambda roll: ANY_VALUE if roll == 0 else good[name])

    optional = [name for name in good if name not in required]
    return st.lists(st.sampled_from(optional), max_size=5, unique=True).flatmap(
        lambda chosen: st.fixed_dictionaries({name: good_or_any(name) for name in (*required, *chosen)})
    )


def fuzz_both_outcomes(call: Any, arguments: st.SearchStrategy[Any]) -> Counter[str]:
    """Each drawn combination sent or refused, never anything else; how many went each way."""
    outcomes: Counter[str] = Counter()

    @settings(max_examples=200, deadline=None, database=None)
    @given(values=arguments)
    def one(values: dict[str, Any]) -> None:
        outcomes[_try(call, values)] += 1

    one()
    return outcomes


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from([*JSON_NAMES, "unknown_argument"]), value=ANY_VALUE)
def test_any_value_for_any_json_argument(client: OpenRouter, name: str, value: Any) -> None:
    _try(client.stt.create_transcription, {**GOOD, name: value})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from([*MULTIPART_NAMES, "unknown_argument"]), value=ANY_VALUE)
def test_any_value_for_any_multipart_argument(client: OpenRouter, name: str, value: Any) -> None:
    _try(client.stt.create_transcription_multipart, {"model": "m", "file": ("a.wav", WAV), name: value})


@pytest.mark.parametrize("method", ["create_transcription", "create_transcription_multipart"])
def test_any_combination_of_arguments(client: OpenRouter, method: str) -> None:
    """Combinations of good and bad values: both outcomes occur often (so the success path is
    explored, not only refusals), and nothing but a transcription or a refusal ever results."""
    if method == "create_transcription":
        arguments = combinations(GOOD_JSON, ("input_audio", "model"))
    else:
        arguments = combinations(GOOD_MULTIPART, ("model", "file"))
    outcomes = fuzz_both_outcomes(getattr(client.stt, method), arguments)
    assert outcomes["sent"] >= 40 and outcomes["refused"] >= 40, outcomes


@settings(max_examples=200, deadline=None)
@given(key=st.none() | st.text(max_size=12) | st.binary(max_size=4) | st.integers())
def test_any_api_key(key: Any) -> None:
    refusal = _refusal(lambda: OpenRouter(api_key=key).close())
    assert refusal is None or refusal.field == "api_key"


@settings(max_examples=150, deadline=None)
@given(
    name=st.text(max_size=40).map(lambda text: "a" + text.replace("/", "_") + ".wav"),
    language=st.text(min_size=1, max_size=30).filter(str.strip),
    keyterms=st.lists(st.text(min_size=1, max_size=20).filter(str.strip), max_size=5),
)
def test_the_multipart_framing_bound_is_never_below_the_real_framing(
    name: str, language: str, keyterms: list[str]
) -> None:
    """Far from the limit the SDK trusts a bound instead of measuring: it must never undercount,
    whatever names and values need escaping (quotes, control and non-ASCII characters)."""
    form = _form({"model": "m", "file": (name, WAV), "language": language, "keyterms": keyterms})
    assert form.audio is not None
    assert form.framing_bound() >= form.size() - form.audio.size
