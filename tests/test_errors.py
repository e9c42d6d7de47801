"""Every response status and body maps to its documented exception, whatever the body looks like."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx
from _documented import DOCUMENTED, UNDOCUMENTED
from conftest import API_KEY, MODEL

from openrouter_ext import OpenRouter, RetryConfig, errors

URL = "https://openrouter.ai/api/v1/audio/transcriptions"
HTML_524 = b"<!DOCTYPE html><html><head><title>openrouter.ai | 524: A timeout occurred</title></head></html>"


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as router:
        yield router


@pytest.fixture
def client() -> Iterator[OpenRouter]:
    with OpenRouter(api_key=API_KEY, retries=RetryConfig("none")) as client:
        yield client


def transcribe(client: OpenRouter, audio: dict[str, str]) -> Any:
    return client.stt.create_transcription(input_audio=audio, model=MODEL)


def test_the_documented_table_is_the_specs() -> None:
    assert sorted(DOCUMENTED) == sorted(status for status, _ in _documented_examples() if status != 200)
    assert not set(UNDOCUMENTED) & set(DOCUMENTED)


@pytest.mark.parametrize("status", sorted(DOCUMENTED))
def test_each_documented_status_raises_its_class_with_every_detail(
    api: respx.MockRouter, client: OpenRouter, audio: dict[str, str], status: int
) -> None:
    body = {
        "error": {"code": status, "message": f"problem {status}", "metadata": {"provider_name": "openai"}},
        "openrouter_metadata": None,
        "user_id": "user_1",
    }
    api.post(URL).respond(status, json=body, headers={"x-request-id": f"req-{status}", "x-extra": "1"})
    cls, model = DOCUMENTED[status]
    with pytest.raises(cls) as caught:
        transcribe(client, audio)
    error = caught.value
    assert type(error) is cls and isinstance(error, errors.APIStatusError)
    assert error.status_code == status
    assert error.code == status
    assert error.message == f"problem {status}"
    assert error.metadata == {"provider_name": "openai"}
    assert error.body == body
    assert error.headers["x-extra"] == "1"
    assert error.request_id == f"req-{status}"
    assert error.attempts == 1
    assert isinstance(error.data, model)
    assert error.data.user_id == "user_1"  # type: ignore[attr-defined]
    assert isinstance(error.raw_response, httpx.Response)
    assert f"problem {status}" in str(error) and str(status) in str(error) and f"req-{status}" in str(error)


@pytest.mark.parametrize("status", [418, *UNDOCUMENTED, 507])
def test_an_undocumented_error_status_is_the_default_error(
    api: respx.MockRouter, client: OpenRouter, audio: dict[str, str], status: int
) -> None:
    api.post(URL).respond(status, json={"error": {"code": status, "message": "odd"}})
    with pytest.raises(errors.OpenRouterDefaultError) as caught:
        transcribe(client, audio)
    assert caught.value.status_code == status
    assert caught.value.message == "odd"
    assert caught.value.data is None


@pytest.mark.parametrize(
    ("status", "content", "content_type", "body"),
    [
        pytest.param(524, HTML_524, "text/html", HTML_524.decode(), id="html-524"),
        pytest.param(502, b"", None, "", id="empty-502"),
        pytest.param(
            500,
            b'{"error": {"code": 500, "mess',
            "application/json",
            '{"error": {"code": 500, "mess',
            id="truncated-json",
        ),
        pytest.param(
            503, b"\xff\xfe\x00garbage", "application/octet-stream", "\ufffd\ufffd\x00garbage", id="binary"
        ),
        pytest.param(429, b"[1, 2]", "application/json", [1, 2], id="json-list"),
        pytest.param(
            400, b'{"detail": "nope"}', "application/json", {"detail": "nope"}, id="other-json-object"
        ),
        pytest.param(
            401,
            b'{"error": "Unauthorized"}',
            "application/json",
            {"error": "Unauthorized"},
            id="error-is-a-string",
        ),
        pytest.param(
            403,
            b'{"error": {"code": "E1", "message": 5}}',
            "application/json",
            {"error": {"code": "E1", "message": 5}},
            id="mistyped-fields",
        ),
    ],
)
def test_any_error_body_gives_the_right_class_and_never_a_parsing_exception(
    api: respx.MockRouter,
    client: OpenRouter,
    audio: dict[str, str],
    status: int,
    content: bytes,
    content_type: str | None,
    body: Any,
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    api.post(URL).respond(status, content=content, headers=headers)
    with pytest.raises(errors.APIStatusError) as caught:
        transcribe(client, audio)
    error = caught.value
    assert type(error) is DOCUMENTED[status][0]
    assert error.status_code == status
    assert error.body == body
    assert error.code is None and error.metadata is None and error.data is None
    assert error.message.startswith(f"HTTP {status}")


def test_a_boolean_is_no_error_code(api: respx.MockRouter, client: OpenRouter, audio: dict[str, str]) -> None:
    """JSON's true is not the integer the spec's ``code`` is, though Python's bool is an int."""
    api.post(URL).respond(400, json={"error": {"code": True, "message": "bad"}})
    with pytest.raises(errors.BadRequestResponseError) as caught:
        transcribe(client, audio)
    assert caught.value.code is None and caught.value.data is None
    assert caught.value.message == "bad"


def test_the_html_page_of_an_edge_timeout_is_summarised_not_dumped(
    api: respx.MockRouter, client: OpenRouter, audio: dict[str, str]
) -> None:
    api.post(URL).respond(524, content=HTML_524, headers={"content-type": "text/html", "cf-ray": "8a1b2c"})
    with pytest.raises(errors.EdgeNetworkTimeoutResponseError) as caught:
        transcribe(client, audio)
    assert "non-JSON body" in str(caught.value) and "text/html" in str(caught.value)
    assert "<html>" not in str(caught.value)
    assert caught.value.request_id == "8a1b2c"


@pytest.mark.parametrize(
    ("content", "problem", "body"),
    [
        (b"<html>maintenance</html>", "expected a JSON object", "<html>maintenance</html>"),
        (b"", "expected a JSON object", ""),
        (b'{"usage": {"cost": 0}}', "KeyError", {"usage": {"cost": 0}}),
        (
            b'{"text": "hi", "words": [{"word": "hi", "start": 0, "end": 1, "type": "laugh"}]}',
            "ValueError",
            {"text": "hi", "words": [{"word": "hi", "start": 0, "end": 1, "type": "laugh"}]},
        ),
        (b'{"text": "hi", "segments": "not a list"}', "Error", {"text": "hi", "segments": "not a list"}),
        (b"[]", "expected a JSON object", []),
    ],
)
def test_a_2xx_that_is_not_a_transcription_is_a_response_validation_error(
    api: respx.MockRouter, client: OpenRouter, audio: dict[str, str], content: bytes, problem: str, body: Any
) -> None:
    api.post(URL).respond(200, content=content, headers={"content-type": "application/json"})
    with pytest.raises(errors.ResponseValidationError) as caught:
        transcribe(client, audio)
    assert caught.value.status_code == 200
    assert problem in str(caught.value)
    assert caught.value.body == body  # the body is kept: nothing is lost


def test_a_2xx_with_extra_fields_parses_and_keeps_them(
    api: respx.MockRouter, client: OpenRouter, audio: dict[str, str]
) -> None:
    api.post(URL).respond(200, json={"text": "hi", "new_field": [1], "usage": {"cost": 0.1, "later": True}})
    res = transcribe(client, audio)
    assert res.text == "hi"
    assert res.additional_properties == {"new_field": [1]}
    assert res.usage.cost == 0.1


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (httpx.ConnectError("refused"), errors.APIConnectionError),
        (httpx.RemoteProtocolError("server disconnected"), errors.APIConnectionError),
        (httpx.ReadError("reset"), errors.APIConnectionError),
        (httpx.ConnectTimeout("connect"), errors.APITimeoutError),
        (httpx.ReadTimeout("read"), errors.APITimeoutError),
        (httpx.WriteTimeout("write"), errors.APITimeoutError),
        (httpx.PoolTimeout("pool"), errors.APITimeoutError),
    ],
)
def test_transport_failures_are_connection_or_timeout_errors(
    api: respx.MockRouter,
    client: OpenRouter,
    audio: dict[str, str],
    raised: Exception,
    expected: type[Exception],
) -> None:
    api.post(URL).mock(side_effect=raised)
    with pytest.raises(expected) as caught:
        transcribe(client, audio)
    assert type(caught.value) is expected
    assert caught.value.__cause__ is raised
    assert URL in str(caught.value)
    assert isinstance(caught.value, errors.APIConnectionError) and caught.value.request is not None
    assert str(caught.value.request.url) == URL


def test_errors_pickle_with_their_details_but_without_the_response(
    api: respx.MockRouter, client: OpenRouter, audio: dict[str, str]
) -> None:
    api.post(URL).respond(
        429, json={"error": {"code": 429, "message": "slow down"}}, headers={"retry-after": "3"}
    )
    with pytest.raises(errors.TooManyRequestsResponseError) as caught:
        transcribe(client, audio)
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is errors.TooManyRequestsResponseError
    assert (copy.status_code, copy.code, copy.message, copy.body) == (
        429,
        429,
        "slow down",
        caught.value.body,
    )
    assert copy.headers["retry-after"] == "3"
    assert copy.raw_response is None
    assert str(copy) == str(caught.value)
    assert API_KEY.encode() not in pickle.dumps(caught.value)  # the request it answered is not kept
    for error in (
        errors.InvalidInputError("model", "is required", "Pass model=..."),
        errors.APITimeoutError("POST x timed out", attempts=3),
        errors.ResponseValidationError("bad", body="x", attempts=2),
    ):
        copied = pickle.loads(pickle.dumps(error))
        assert type(copied) is type(error) and str(copied) == str(error)
        assert getattr(copied, "attempts", None) == getattr(error, "attempts", None)


def test_errors_built_by_hand_have_sensible_defaults() -> None:
    """Users build these in their own tests and mocks: the defaults are part of the API."""
    invalid = errors.InvalidInputError("model", "is required")
    assert (str(invalid), invalid.fix, invalid.args) == ("model: is required", "", ("model: is required",))
    validation = errors.ResponseValidationError("not a transcription")
    assert (validation.status_code, validation.body, validation.attempts) == (200, "", 1)
    assert validation.args == ("not a transcription",) and validation.request_id is None
    assert str(validation) == "not a transcription (HTTP 200)"
    assert repr(validation) == "ResponseValidationError(status_code=200, message='not a transcription')"
    assert errors.BadRequestResponseError("bad").status_code == 400
    assert errors.OpenRouterDefaultError("odd").status_code == 0
    assert errors.OpenRouterDefaultError("odd", status_code=418).status_code == 418
    timeout = errors.APITimeoutError("slow")
    assert (timeout.attempts, timeout.request, timeout.message) == (1, None, "slow")


def _documented_examples() -> list[tuple[int, Any]]:
    import yaml
    from _contract import SPEC_PATH

    operation = yaml.safe_load(SPEC_PATH.read_text())["paths"]["/audio/transcriptions"]["post"]
    return [
        (int(status), response["content"]["application/json"]["example"])
        for status, response in operation["responses"].items()
    ]


@pytest.mark.parametrize(("status", "example"), _documented_examples())
def test_every_example_response_in_the_spec_parses(
    api: respx.MockRouter, client: OpenRouter, audio: dict[str, str], status: int, example: Any
) -> None:
    api.post(URL).respond(status, json=example)
    if status == 200:
        res = transcribe(client, audio)
        assert res.text == example["text"]
        assert res.usage.to_dict() == example["usage"]
        return
    with pytest.raises(DOCUMENTED[status][0]) as caught:
        transcribe(client, audio)
    assert caught.value.message == example["error"]["message"]
    assert isinstance(caught.value.data, DOCUMENTED[status][1])


def test_an_incomplete_transcript_error_keeps_its_transcript_and_pickles_with_it() -> None:
    from openrouter_ext_generated.models import STTResponse

    from openrouter_ext._recording._transcript import Chunk, merge

    cause = errors.ServiceUnavailableResponseError("down", status_code=503)
    chunks = [
        Chunk(0, 0.0, 5.0, 10, 1, STTResponse.from_dict({"text": "first"})),
        Chunk(1, 5.0, 9.0, 10, 3, error=cause),
    ]
    transcript = merge(chunks, duration=9.0)
    error = errors.IncompleteTranscriptError("1 of 2 parts have no transcript", transcript)
    assert (str(error), error.message, error.args) == ("1 of 2 parts have no transcript",) * 2 + (
        ("1 of 2 parts have no transcript",),
    )
    assert error.transcript is transcript and error.errors == [cause]
    copied = pickle.loads(pickle.dumps(error))
    assert type(copied) is errors.IncompleteTranscriptError and copied.message == error.message
    assert copied.transcript.text == "first" and [c.start for c in copied.transcript.missing] == [5.0]
