"""The catalog operations (``GET /models``, ``GET /key``) against Prism: what the SDK sends is
accepted, and every body Prism makes from the spec (the examples, random ones, each documented error)
parses into its typed result or its exception."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest
import yaml
from _documented import DOCUMENTED
from _prism import (
    ROOT,
    Exchange,
    assert_accepted,
    client,
    exchange,
    prism,
    running_prism,
)

from openrouter_ext import KeyStatus, OpenRouter, RetryConfig, TranscriptionModel, errors

__all__ = ["client", "exchange", "prism"]  # the fixtures, used by name
pytestmark = pytest.mark.contract

PATHS = yaml.safe_load((ROOT / "openapi.yaml").read_text())["paths"]
OPERATIONS = {"/models": PATHS["/models"]["get"], "/key": PATHS["/key"]["get"]}


def test_the_models_request_is_accepted(prism: str, exchange: Exchange) -> None:
    """Answered with a body made from the schema: the spec's own example of this answer lacks the
    required total_count and links, so Prism refuses to serve it (the SDK reads that example as
    the whole list: tests/test_catalog.py)."""
    http = httpx.Client(headers={"Prefer": "dynamic=true"}, event_hooks={"response": [exchange.record]})
    with http, OpenRouter(api_key="k", server_url=prism, client=http, retries=RetryConfig("none")) as client:
        models = client.stt.models()
    assert_accepted(exchange)
    assert all(isinstance(model, TranscriptionModel) for model in models)
    assert all(isinstance(model.prices.prompt, Decimal | None) for model in models)


def test_the_key_request_is_accepted_and_its_example_parses(client: OpenRouter, exchange: Exchange) -> None:
    status = client.key()
    assert_accepted(exchange)
    assert isinstance(status, KeyStatus)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (path, int(status))
        for path, operation in OPERATIONS.items()
        for status in operation["responses"]
        if status != "200"
    ],
)
def test_every_documented_error_maps_to_its_class(prism: str, path: str, status: int) -> None:
    headers = {"Prefer": f"code={status}"}
    with (
        httpx.Client(headers=headers) as http,
        OpenRouter(api_key="k", server_url=prism, client=http, retries=RetryConfig("none")) as client,
        pytest.raises(DOCUMENTED[status][0]) as caught,
    ):
        client.stt.models() if path == "/models" else client.key()
    assert caught.value.status_code == status and caught.value.data is not None


def test_random_bodies_of_the_schemas_parse() -> None:
    """Prism in dynamic mode makes bodies from the schemas alone: optional fields present or not,
    nulls where allowed, strings of any content. Each seed is one reproducible case."""
    for seed in ("1", "2", "3"):
        with running_prism("--dynamic", "--seed", seed) as base_url, httpx.Client() as http:
            with OpenRouter(
                api_key="k", server_url=base_url, client=http, retries=RetryConfig("none")
            ) as client:
                try:
                    models = client.stt.models()
                except errors.ResponseValidationError as error:  # pragma: no cover - reported below
                    pytest.fail(f"seed {seed}: {error}")
                status = client.key()
        assert all(isinstance(model, TranscriptionModel) for model in models)
        assert status.limit is None or isinstance(status.limit, Decimal)
