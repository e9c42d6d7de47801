"""Arbitrary values for every argument: the only outcomes are a transcription or InvalidInputError.

No other exception (TypeError, KeyError, AttributeError, JSONDecodeError, ...) may escape, and an
argument the SDK refuses must never reach the network.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx
from conftest import API_KEY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openrouter_ext import InvalidInputError, OpenRouter, RetryConfig
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


def _try(call: Any, kwargs: dict[str, Any]) -> None:
    with respx.mock(assert_all_called=False) as api:
        route = api.post(URL).respond(200, json={"text": "ok"})
        refusal = _refusal(call, **kwargs)
    if refusal is None:
        assert route.call_count == 1
    else:
        assert refusal.field
        assert not route.called, f"{refusal.field} was refused after a request was sent"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from([*JSON_NAMES, "unknown_argument"]), value=ANY_VALUE)
def test_any_value_for_any_json_argument(client: OpenRouter, name: str, value: Any) -> None:
    _try(client.stt.create_transcription, {**GOOD, name: value})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from([*MULTIPART_NAMES, "unknown_argument"]), value=ANY_VALUE)
def test_any_value_for_any_multipart_argument(client: OpenRouter, name: str, value: Any) -> None:
    _try(client.stt.create_transcription_multipart, {"model": "m", "file": ("a.wav", WAV), name: value})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.dictionaries(st.sampled_from(JSON_NAMES), ANY_VALUE, max_size=5))
def test_any_combination_of_json_arguments(client: OpenRouter, values: dict[str, Any]) -> None:
    _try(client.stt.create_transcription, values)


@settings(max_examples=200, deadline=None)
@given(key=st.none() | st.text(max_size=12) | st.binary(max_size=4) | st.integers())
def test_any_api_key(key: Any) -> None:
    refusal = _refusal(lambda: OpenRouter(api_key=key).close())
    assert refusal is None or refusal.field == "api_key"


def test_the_strategies_reach_the_success_path(client: OpenRouter) -> None:
    """Guard against a fuzz test that only ever sees refusals."""
    with respx.mock() as api:
        api.post(URL).mock(return_value=httpx.Response(200, json={"text": "ok"}))
        assert client.stt.create_transcription(**GOOD, language="x").text == "ok"
