"""The catalog calls (``client.stt.models()``, ``client.key()``), the model profiles, and the stand-in
serving both and refusing by each model's reported limits."""

from __future__ import annotations

import base64
import copy
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
import respx
import yaml
from _contract import SPEC_PATH
from conftest import API_KEY

from openrouter_ext import (
    PROFILES,
    KeyStatus,
    ModelProfile,
    OpenRouter,
    RetryConfig,
    STTUsage,
    TranscriptionModel,
    errors,
)
from openrouter_ext._profiles import COMMON_FORMATS, DEFAULT_PROFILE, profile_for, refuse_unsupported
from openrouter_ext.testing import StandIn, sine_wav
from openrouter_ext.testing._audio import encode_audio
from openrouter_ext.testing._catalog import SERVED

BASE = "https://openrouter.ai/api/v1"
SPEC = yaml.safe_load(SPEC_PATH.read_text())
MODELS_EXAMPLE = SPEC["components"]["schemas"]["ModelsListResponse"]["example"]
KEY_EXAMPLE = SPEC["paths"]["/key"]["get"]["responses"]["200"]["content"]["application/json"]["example"]


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as router:
        yield router


@pytest.fixture
def mocked() -> Iterator[OpenRouter]:
    with OpenRouter(api_key=API_KEY, retries=RetryConfig("none")) as client:
        yield client


def _model(model_id: str, **changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = copy.deepcopy(MODELS_EXAMPLE["data"][0])
    entry |= {"id": model_id, "canonical_slug": model_id, "name": model_id}
    return entry | changes


def _page(models: list[dict[str, Any]], total: int) -> dict[str, Any]:
    return {"data": models, "total_count": total, "links": {"next": None}}


# --- the stand-in's catalog, through the client ----------------------------------------------


def test_models_lists_every_transcription_model_typed(client: OpenRouter, stand_in: StandIn) -> None:
    models = client.stt.models()
    assert [m.id for m in models] == [served.id for served in SERVED]
    whisper = next(m for m in models if m.id == "openai/whisper-1")
    assert isinstance(whisper, TranscriptionModel)
    assert whisper.prices.prompt == Decimal("0.0001")  # exact, as written: not the float 0.0001
    assert whisper.price_unit == "second" and whisper.price_per_second == Decimal("0.0001")
    assert "timestamp_granularities" in whisper.supported_parameters
    assert whisper.created.year == 2025 and whisper.created.tzinfo is not None
    gpt = next(m for m in models if m.id == "openai/gpt-4o-transcribe")
    assert gpt.price_unit == "token" and gpt.price_per_second is None  # never read as a price a second
    chirp = next(m for m in models if m.id == "google/chirp-3")
    assert chirp.profile.max_seconds < 60 and not chirp.profile.takes("mp3")
    (request,) = stand_in.requests
    assert request.method == "GET"
    assert "output_modalities=transcription" in request.path  # the default listing leaves them out


@pytest.mark.anyio
async def test_models_async_is_the_same_listing(async_client: OpenRouter) -> None:
    models = await async_client.stt.models_async()
    assert [m.id for m in models] == [served.id for served in SERVED]


def test_the_profile_is_refined_by_the_catalog_only_where_the_table_is_silent(client: OpenRouter) -> None:
    by_id = {m.id: m for m in client.stt.models()}
    parakeet = by_id["nvidia/parakeet-tdt-0.6b-v3"]
    assert PROFILES[parakeet.id].verbose_json is None  # the table does not know ...
    assert parakeet.profile.verbose_json is True  # ... the catalog lists timestamp_granularities
    assert parakeet.profile.origin == "table+catalog"
    assert parakeet.profile.max_seconds == PROFILES[parakeet.id].max_seconds


def test_key_reports_the_limit_and_what_remains(stand_in: StandIn, wav: bytes) -> None:
    stand_in.key_limit = 2.5
    with OpenRouter(api_key=API_KEY, server_url=stand_in.base_url) as client:
        before = client.key()
        client.stt.create_transcription(input_audio=wav, model="openai/whisper-1")
        after = client.key()
    assert isinstance(before, KeyStatus)
    assert before.limit == Decimal("2.5") and before.limit_remaining == Decimal("2.5")
    assert after.usage == Decimal("0.00005")  # half a second at $0.0001
    assert after.limit_remaining == Decimal("2.49995")
    assert API_KEY not in repr(after)


@pytest.mark.anyio
async def test_key_async_without_a_limit(async_client: OpenRouter) -> None:
    status = await async_client.key_async()
    assert status.limit is None and status.limit_remaining is None


# --- the catalog's answers, however the API writes them ---------------------------------------


def test_the_specs_examples_parse(api: respx.MockRouter, mocked: OpenRouter) -> None:
    api.get(f"{BASE}/models").respond(200, json={**MODELS_EXAMPLE, "total_count": 1})
    api.get(f"{BASE}/key").respond(200, json=KEY_EXAMPLE)
    (model,) = mocked.stt.models()
    assert model.id == MODELS_EXAMPLE["data"][0]["id"]
    assert model.prices.completion == Decimal(MODELS_EXAMPLE["data"][0]["pricing"]["completion"])
    assert mocked.key().label == KEY_EXAMPLE["data"]["label"]


def test_a_listing_of_data_alone_is_the_whole_list(api: respx.MockRouter, mocked: OpenRouter) -> None:
    """The spec's own example of the answer has no total_count or links (the schema requires both)."""
    example = SPEC["paths"]["/models"]["get"]["responses"]["200"]["content"]["application/json"]["example"]
    assert set(example) == {"data"}
    route = api.get(f"{BASE}/models").respond(200, json=example)
    assert [m.id for m in mocked.stt.models()] == [entry["id"] for entry in example["data"]]
    assert route.call_count == 1


def test_values_the_document_does_not_list_are_tolerated(api: respx.MockRouter, mocked: OpenRouter) -> None:
    """The document's supported_parameters enum is the chat one: real answers name others."""
    entry = _model(
        "vendor/new-stt",
        supported_parameters=["language", "timestamp_granularities", "diarize", "something_new"],
        architecture={
            "modality": "audio->text",
            "input_modalities": ["audio", "hologram"],
            "output_modalities": ["transcription"],
            "instruct_type": "new-kind",
        },
    )
    api.get(f"{BASE}/models").respond(200, json=_page([entry], 1))
    (model,) = mocked.stt.models()
    assert model.supported_parameters == ("language", "timestamp_granularities", "diarize", "something_new")
    assert model.profile.diarize is True and model.profile.word_timestamps is True
    assert model.profile.origin == "default+catalog"


@pytest.mark.parametrize(
    ("pricing", "prompt", "request_price"),
    [
        ({"prompt": "0.000267", "completion": "0"}, Decimal("0.000267"), None),
        ({"prompt": "-1", "completion": "-1"}, None, None),  # a price that varies: not a price
        ({"prompt": "0", "completion": "0", "request": "0.01"}, Decimal(0), Decimal("0.01")),
        ({"prompt": "n/a", "completion": "0"}, None, None),
    ],
)
def test_prices_are_exact_decimals_or_none(
    api: respx.MockRouter,
    mocked: OpenRouter,
    pricing: dict[str, str],
    prompt: Decimal | None,
    request_price: Decimal | None,
) -> None:
    api.get(f"{BASE}/models").respond(200, json=_page([_model("openai/whisper-1", pricing=pricing)], 1))
    (model,) = mocked.stt.models()
    assert model.prices.prompt == prompt and model.prices.request == request_price
    assert model.price_per_second == prompt


def test_pages_are_followed_until_the_total(api: respx.MockRouter, mocked: OpenRouter) -> None:
    models = [_model(f"vendor/m{i}") for i in range(5)]
    offsets: list[str] = []

    def page(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params["offset"])
        offsets.append(request.url.params["offset"])
        return httpx.Response(200, json=_page(models[offset : offset + 2], len(models)))

    api.get(f"{BASE}/models").mock(side_effect=page)
    assert [m.id for m in mocked.stt.models()] == [f"vendor/m{i}" for i in range(5)]
    assert offsets == ["0", "2", "4"]


def test_a_server_that_ignores_the_offset_ends_the_listing(api: respx.MockRouter, mocked: OpenRouter) -> None:
    route = api.get(f"{BASE}/models").respond(200, json=_page([_model("vendor/a"), _model("vendor/b")], 9))
    assert [m.id for m in mocked.stt.models()] == ["vendor/a", "vendor/b"]
    assert route.call_count == 2  # the second page brought nothing new


@pytest.mark.parametrize(
    ("path", "status", "model"),
    [
        ("/models", 400, "BadRequestResponse"),
        ("/models", 403, "ForbiddenResponse"),
        ("/models", 500, "InternalServerResponse"),
        ("/key", 401, "UnauthorizedResponse"),
        ("/key", 500, "InternalServerResponse"),
    ],
)
def test_catalog_errors_carry_their_documented_model(
    api: respx.MockRouter, mocked: OpenRouter, path: str, status: int, model: str
) -> None:
    api.get(f"{BASE}{path}").respond(status, json={"error": {"code": status, "message": "no"}})
    with pytest.raises(errors.APIStatusError) as caught:
        mocked.stt.models() if path == "/models" else mocked.key()
    assert caught.value.status_code == status and caught.value.message == "no"
    assert type(caught.value.data).__name__ == model


def test_a_broken_catalog_answer_is_a_validation_error(api: respx.MockRouter, mocked: OpenRouter) -> None:
    api.get(f"{BASE}/models").respond(200, json={"data": [{"id": "x"}], "total_count": 1, "links": {}})
    with pytest.raises(errors.ResponseValidationError, match="ModelsListResponse"):
        mocked.stt.models()


def test_the_key_goes_only_to_the_server(api: respx.MockRouter, mocked: OpenRouter) -> None:
    route = api.get(f"{BASE}/key").respond(200, json=KEY_EXAMPLE)
    mocked.key()
    assert route.calls.last.request.headers["authorization"] == f"Bearer {API_KEY}"
    assert route.calls.last.request.url.host == "openrouter.ai"


# --- a provider's own words ---------------------------------------------------------------------


def test_a_provider_error_keeps_its_words(api: respx.MockRouter, mocked: OpenRouter, wav: bytes) -> None:
    raw = {"error": {"message": "Audio exceeds 60 seconds", "status": "INVALID_ARGUMENT"}}
    body = {
        "error": {
            "code": 400,
            "message": "Provider returned error",
            "metadata": {"provider_name": "Google", "raw": raw},
        }
    }
    api.post(f"{BASE}/audio/transcriptions").respond(400, json=body)
    with pytest.raises(errors.BadRequestResponseError) as caught:
        mocked.stt.create_transcription(input_audio=wav, model="google/chirp-3")
    error = caught.value
    assert error.provider_name == "Google" and error.raw == raw
    assert "Provider returned error (Google: " in error.message and "Audio exceeds 60 seconds" in str(error)


def test_a_long_provider_answer_is_quoted_short_and_kept_whole(
    api: respx.MockRouter, mocked: OpenRouter, wav: bytes
) -> None:
    raw = "x" * 5000
    body = {"error": {"code": 502, "message": "Provider returned error", "metadata": {"raw": raw}}}
    api.post(f"{BASE}/audio/transcriptions").respond(502, json=body)
    with pytest.raises(errors.BadGatewayResponseError) as caught:
        mocked.stt.create_transcription(input_audio=wav, model="m", retries=RetryConfig("none"))
    assert caught.value.raw == raw and caught.value.provider_name is None
    assert "(provider: xxx" in caught.value.message and len(caught.value.message) < 600


# --- the stand-in's providers refuse as reported ----------------------------------------------


@pytest.mark.parametrize(
    ("model", "arguments", "refusal"),
    [
        ("google/chirp-3", {"response_format": "verbose_json"}, "verbose_json"),
        ("openai/gpt-4o-transcribe", {"timestamp_granularities": ["word"]}, "timestamp_granularities"),
        ("assemblyai/universal-3-5-pro", {"audio_format": "flac"}, "unsupported audio encoding: flac"),
    ],
)
def test_the_stand_in_refuses_what_a_provider_refuses(
    client: OpenRouter, model: str, arguments: dict[str, Any], refusal: str
) -> None:
    audio = sine_wav(1.0)
    if arguments.get("audio_format") == "flac":
        audio = encode_audio(audio, "flac")
    with pytest.raises(errors.BadRequestResponseError) as caught:
        client.stt.create_transcription(input_audio=audio, model=model, **arguments)
    assert caught.value.message.startswith("Provider returned error") and refusal in caught.value.message


def test_the_stand_in_refuses_audio_longer_than_the_model_takes(client: OpenRouter) -> None:
    data = base64.b64encode(sine_wav(61.0)).decode()
    with pytest.raises(errors.BadRequestResponseError, match="longer than the 60 s"):
        client.stt.create_transcription(input_audio={"data": data, "format": "wav"}, model="google/chirp-3")
    assert client.stt.create_transcription(input_audio=sine_wav(59.0), model="google/chirp-3").text


def test_a_token_priced_model_reports_tokens(client: OpenRouter) -> None:
    usage = client.stt.create_transcription(input_audio=sine_wav(2.0), model="openai/gpt-4o-transcribe").usage
    assert isinstance(usage, STTUsage) and usage.input_tokens == 20 and usage.total_tokens
    assert not isinstance(usage.seconds, float)


def test_the_stand_in_lists_nothing_for_the_default_modality(stand_in: StandIn) -> None:
    headers = {"Authorization": "Bearer k"}
    listing = httpx.get(f"{stand_in.base_url}/models", headers=headers).json()
    assert listing["data"] == [] and listing["total_count"] == 0
    wrong = httpx.get(f"{stand_in.base_url}/models?limit=five", headers=headers)
    assert wrong.status_code == 400 and "limit" in wrong.json()["error"]["message"]
    unknown = httpx.get(f"{stand_in.base_url}/models?colour=red", headers=headers)
    assert unknown.status_code == 400
    assert httpx.get(f"{stand_in.base_url}/key").status_code == 401


# --- the profiles ------------------------------------------------------------------------------


def test_every_fact_of_the_table_has_a_source() -> None:
    for model, profile in PROFILES.items():
        assert profile.model == model and profile.sources, model
        for source in profile.sources:
            assert source.fact and source.where and source.checked[:4].isdigit()
        assert profile.max_seconds > 0 and profile.max_bytes > 0 and profile.part_seconds <= 600
        assert profile.formats is None or profile.formats <= COMMON_FORMATS | {"pcm"}


def test_the_table_applies_less_than_each_provider_reports() -> None:
    """The stand-in holds the limits as reported; the table must stay under them."""
    for served in SERVED:
        profile = profile_for(served.id)
        if served.max_seconds is not None:
            assert profile.max_seconds < served.max_seconds, served.id
        if served.max_bytes is not None:
            assert profile.max_bytes < served.max_bytes, served.id
        assert profile.formats is None or profile.formats <= served.formats, served.id
        if not served.timed:
            assert profile.verbose_json is False and profile.word_timestamps is False, served.id


def test_an_unknown_model_gets_the_defaults_under_its_id() -> None:
    profile = profile_for("vendor/unknown")
    assert profile.model == "vendor/unknown" and profile.origin == "default"
    assert (profile.max_seconds, profile.max_bytes) == (
        DEFAULT_PROFILE.max_seconds,
        DEFAULT_PROFILE.max_bytes,
    )
    assert profile.formats is None and profile.verbose_json is None and profile.timed


def test_what_the_caller_gives_replaces_the_table() -> None:
    profile = profile_for("vendor/unknown").with_limits(max_seconds=30, formats=["WAV"], verbose_json=False)
    assert profile.max_seconds == 30 and profile.formats == frozenset({"wav"}) and not profile.timed
    assert profile.origin == "default+caller"
    assert profile.with_limits() is profile


def test_refinement_never_overrides_a_sourced_fact() -> None:
    chirp = PROFILES["google/chirp-3"]
    assert chirp.refined(["timestamp_granularities", "diarize"]).verbose_json is False
    assert chirp.refined([]) is chirp
    assert profile_for("x/y").refined(["language"]).diarize is False


@pytest.mark.parametrize(
    ("model", "call", "field"),
    [
        ("google/chirp-3", {"response_format": "verbose_json"}, "response_format"),
        ("openai/gpt-4o-transcribe", {"timestamp_granularities": ["segment"]}, "timestamp_granularities"),
        ("openai/whisper-1", {"diarize": True}, "diarize"),
    ],
)
def test_a_known_refusal_is_refused_here(model: str, call: dict[str, Any], field: str) -> None:
    with pytest.raises(errors.InvalidInputError) as caught:
        refuse_unsupported(profile_for(model), call)
    assert caught.value.field == field and model in str(caught.value)


def test_unknown_abilities_are_let_through() -> None:
    unknown = profile_for("vendor/unknown")
    refuse_unsupported(
        unknown, {"response_format": "verbose_json", "diarize": True, "timestamp_granularities": ["word"]}
    )
    assert isinstance(unknown, ModelProfile)


def test_the_model_profile_is_what_transcription_model_carries(client: OpenRouter) -> None:
    by_id = {m.id: m for m in client.stt.models()}
    assert by_id["google/chirp-3"].profile.formats == PROFILES["google/chirp-3"].formats
    assert by_id["nvidia/parakeet-tdt-0.6b-v3"].profile.max_seconds == 1380
