"""The catalog calls: ``GET /models`` (the transcription models, typed) and ``GET /key``.

Each is the generated operation's request (``_get_kwargs``) and body model (``from_dict``), sent
through the one transport; what is added here is only the typed view a caller wants: prices as
``Decimal``, the profile the SDK plans a model's parts by, a key's limits as ``Decimal``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
from openrouter_ext_generated.api.api_keys import get_current_key
from openrouter_ext_generated.api.models import get_models
from openrouter_ext_generated.models import GetCurrentKeyResponse200, Model, ModelsListResponse
from openrouter_ext_generated.types import UNSET

from ._config import ClientConfig
from ._profiles import ModelProfile, PriceUnit, profile_for
from ._request import prepare_get
from ._transport import Call, Transport

TRANSCRIPTION = "transcription"  # the output modality of speech-to-text models
PAGE = 500  # models a page: the API's default
_MOST_PAGES = 40  # bounds the listing: 20,000 models


def _listing(body: dict[str, Any]) -> ModelsListResponse:
    """A page of ``GET /models``. The schema requires ``total_count`` and ``links``, but the spec's own
    example of the answer has only ``data`` (as the listing had before it was paged): such a body is
    read as the whole list, in one page."""
    data = body.get("data")
    if isinstance(data, list) and ("total_count" not in body or "links" not in body):
        body = {"total_count": len(data), "links": {"next": None}, **body}
    return ModelsListResponse.from_dict(body)


def _amount(value: Any) -> Decimal:
    """An amount spent, as a ``Decimal`` (0 when the API gives none)."""
    return _decimal(value) or Decimal(0)


def _decimal(value: Any) -> Decimal | None:
    """A price or an amount as a ``Decimal`` (exact, as the API wrote it); None when absent or not
    a price (the API writes ``-1`` for a price that varies)."""
    if value is None or value is UNSET or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() and number >= 0 else None


@attrs.frozen
class Prices:
    """A model's list prices in USD, as ``Decimal``; None where the catalog gives none.

    ``prompt`` is the price of an audio second for a model priced by duration, of an input token
    for one priced by tokens (the catalog does not say which: ``TranscriptionModel.price_unit``).
    """

    prompt: Decimal | None
    completion: Decimal | None
    request: Decimal | None = None
    audio: Decimal | None = None


@attrs.frozen
class TranscriptionModel:
    """One model of ``GET /models?output_modalities=transcription``.

    Attributes:
        id, name, description: as the catalog has them.
        created: when the model was added (UTC).
        prices: its list prices (``Decimal``); ``price_unit``: what ``prices.prompt`` is the price
            of, ``"second"`` or ``"token"``, where the SDK's table knows it (else None).
        supported_parameters: the request fields the catalog says it takes (unknown names kept).
        profile: the limits and abilities the SDK plans its parts by (the table's, refined by
            ``supported_parameters``); pass it as ``transcribe(profile=...)``.
        model: the generated ``Model``, whole.
    """

    id: str
    name: str
    description: str
    created: datetime.datetime
    prices: Prices
    supported_parameters: tuple[str, ...]
    profile: ModelProfile
    model: Model = attrs.field(repr=False, eq=False)

    @property
    def price_unit(self) -> PriceUnit | None:
        return self.profile.price_unit

    @property
    def price_per_second(self) -> Decimal | None:
        """USD per audio second, where the model is known to be priced by duration."""
        return self.prices.prompt if self.price_unit == "second" else None

    @classmethod
    def of(cls, model: Model) -> TranscriptionModel:
        pricing = model.pricing
        profile = profile_for(model.id).refined(model.supported_parameters)
        return cls(
            id=model.id,
            name=model.name,
            description=model.description if isinstance(model.description, str) else "",
            created=datetime.datetime.fromtimestamp(model.created, datetime.UTC),
            prices=Prices(
                _decimal(pricing.prompt),
                _decimal(pricing.completion),
                _decimal(pricing.request),
                _decimal(pricing.audio),
            ),
            supported_parameters=tuple(model.supported_parameters),
            profile=profile,
            model=model,
        )


def listed(models: Iterable[TranscriptionModel], model_id: object) -> TranscriptionModel | None:
    """The catalog's entry for ``model_id`` (None: the catalog does not list it)."""
    return next((model for model in models if model.id == model_id), None)


@attrs.frozen
class KeyStatus:
    """``GET /key``: what the key may still spend.

    Attributes:
        label: the key's label (a masked form of it, never the key).
        limit: its spending limit in USD; None: no limit.
        limit_remaining: what is left of the limit; None: no limit.
        limit_reset: how often the limit resets (``daily``, ...), when it does.
        usage: USD spent with it in all (``usage_daily``, ``_weekly``, ``_monthly`` likewise).
        is_free_tier: whether the account has never bought credits.
    """

    label: str
    limit: Decimal | None
    limit_remaining: Decimal | None
    limit_reset: str | None
    usage: Decimal
    usage_daily: Decimal
    usage_weekly: Decimal
    usage_monthly: Decimal
    is_free_tier: bool

    @classmethod
    def of(cls, answer: GetCurrentKeyResponse200) -> KeyStatus:
        data = answer.data
        return cls(
            label=data.label,
            limit=_decimal(data.limit),
            limit_remaining=_decimal(data.limit_remaining),
            limit_reset=data.limit_reset,
            usage=_amount(data.usage),
            usage_daily=_amount(data.usage_daily),
            usage_weekly=_amount(data.usage_weekly),
            usage_monthly=_amount(data.usage_monthly),
            is_free_tier=data.is_free_tier,
        )


class Catalog:
    """The catalog's calls for one client (``client.stt.models()``, ``client.key()``)."""

    def __init__(self, config: ClientConfig, transport: Transport) -> None:
        self._config = config
        self._transport = transport

    def _page(self, offset: int) -> Call:
        kwargs = get_models._get_kwargs(output_modalities=TRANSCRIPTION, offset=offset, limit=PAGE)
        return prepare_get(kwargs, self._config, get_models._parse_response)

    def _key(self) -> Call:
        return prepare_get(get_current_key._get_kwargs(), self._config, get_current_key._parse_response)

    def models(self) -> list[TranscriptionModel]:
        """Every transcription model, in the catalog's order (one request per 500)."""
        pages = _Pages()
        for offset in pages:
            pages.add(self._transport.send(self._page(offset), _listing).parse())
        return pages.models

    async def models_async(self) -> list[TranscriptionModel]:
        """``models`` for async code (asyncio or trio)."""
        pages = _Pages()
        for offset in pages:
            raw = await self._transport.send_async(self._page(offset), _listing)
            pages.add(raw.parse())
        return pages.models

    def key(self) -> KeyStatus:
        """The key's limit, what remains of it, and its usage."""
        return KeyStatus.of(self._transport.send(self._key(), GetCurrentKeyResponse200.from_dict).parse())

    async def key_async(self) -> KeyStatus:
        """``key`` for async code (asyncio or trio)."""
        raw = await self._transport.send_async(self._key(), GetCurrentKeyResponse200.from_dict)
        return KeyStatus.of(raw.parse())


@attrs.define
class _Pages:
    """The listing's pages as they arrive: the offsets to ask for, until ``total_count`` is had."""

    models: list[TranscriptionModel] = attrs.field(factory=list)
    total: int | None = None
    _last: int = -1

    def __iter__(self) -> Iterator[int]:
        for _ in range(_MOST_PAGES):
            if self._last == 0 or (self.total is not None and len(self.models) >= self.total):
                return
            yield len(self.models)

    def add(self, page: ModelsListResponse) -> None:
        """A page's models, but those already had (a server that ignores ``offset`` repeats its
        first page: then the listing ends)."""
        seen = {model.id for model in self.models}
        new = [TranscriptionModel.of(model) for model in page.data if model.id not in seen]
        self.total, self._last = page.total_count, len(new)
        self.models += new
