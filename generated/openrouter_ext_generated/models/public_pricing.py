from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pricing_override import PricingOverride


T = TypeVar("T", bound="PublicPricing")


@_attrs_define
class PublicPricing:
    """Pricing information for the model

    Example:
        {'completion': '0.00006', 'image': '0', 'prompt': '0.00003', 'request': '0'}

    Attributes:
        completion (str): Price in USD per token for completion (output) generation
        prompt (str): Price in USD per token for prompt (input) processing
        audio (str | Unset): Price in USD per audio input token
        audio_output (str | Unset): Price in USD per audio output token
        discount (float | Unset): Fractional discount applied to this endpoint's pricing; the price is multiplied by (1
            - discount) (0 = no discount, 1 = free)
        image (str | Unset): Price in USD per input image
        image_output (str | Unset): Price in USD per output image
        image_token (str | Unset): Price in USD per image token
        input_audio_cache (str | Unset): Price in USD per cached audio input token
        input_cache_read (str | Unset): Price in USD per cached input token (read)
        input_cache_write (str | Unset): Price per cache-write token, in USD per token. For providers with multiple
            cache TTLs (e.g. Anthropic), this is the default (5-minute) cache-write rate.
        input_cache_write_1h (str | Unset): Price per 1-hour cache-write token, in USD per token. Only present for
            providers that price an extended (1-hour) cache TTL separately, such as Anthropic.
        internal_reasoning (str | Unset): Price in USD per internal reasoning token
        overrides (list[PricingOverride] | Unset): Conditional overrides of the base pricing (e.g. long-context or time-
            based pricing). An entry applies when all of its condition fields (e.g. min_prompt_tokens, or the
            utc_start/utc_end time window) match the request; among applicable entries, later entries win per key; price
            keys absent from an entry inherit the base price. The top-level pricing keys always reflect the price that
            applies under default conditions.
        request (str | Unset): Price in USD per request
        web_search (str | Unset): Price in USD per web search
    """

    completion: str
    prompt: str
    audio: str | Unset = UNSET
    audio_output: str | Unset = UNSET
    discount: float | Unset = UNSET
    image: str | Unset = UNSET
    image_output: str | Unset = UNSET
    image_token: str | Unset = UNSET
    input_audio_cache: str | Unset = UNSET
    input_cache_read: str | Unset = UNSET
    input_cache_write: str | Unset = UNSET
    input_cache_write_1h: str | Unset = UNSET
    internal_reasoning: str | Unset = UNSET
    overrides: list[PricingOverride] | Unset = UNSET
    request: str | Unset = UNSET
    web_search: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        completion = self.completion

        prompt = self.prompt

        audio = self.audio

        audio_output = self.audio_output

        discount = self.discount

        image = self.image

        image_output = self.image_output

        image_token = self.image_token

        input_audio_cache = self.input_audio_cache

        input_cache_read = self.input_cache_read

        input_cache_write = self.input_cache_write

        input_cache_write_1h = self.input_cache_write_1h

        internal_reasoning = self.internal_reasoning

        overrides: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.overrides, Unset):
            overrides = []
            for overrides_item_data in self.overrides:
                overrides_item = overrides_item_data.to_dict()
                overrides.append(overrides_item)

        request = self.request

        web_search = self.web_search

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "completion": completion,
                "prompt": prompt,
            }
        )
        if audio is not UNSET:
            field_dict["audio"] = audio
        if audio_output is not UNSET:
            field_dict["audio_output"] = audio_output
        if discount is not UNSET:
            field_dict["discount"] = discount
        if image is not UNSET:
            field_dict["image"] = image
        if image_output is not UNSET:
            field_dict["image_output"] = image_output
        if image_token is not UNSET:
            field_dict["image_token"] = image_token
        if input_audio_cache is not UNSET:
            field_dict["input_audio_cache"] = input_audio_cache
        if input_cache_read is not UNSET:
            field_dict["input_cache_read"] = input_cache_read
        if input_cache_write is not UNSET:
            field_dict["input_cache_write"] = input_cache_write
        if input_cache_write_1h is not UNSET:
            field_dict["input_cache_write_1h"] = input_cache_write_1h
        if internal_reasoning is not UNSET:
            field_dict["internal_reasoning"] = internal_reasoning
        if overrides is not UNSET:
            field_dict["overrides"] = overrides
        if request is not UNSET:
            field_dict["request"] = request
        if web_search is not UNSET:
            field_dict["web_search"] = web_search

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if "overrides" in src_dict:
            from ..models.pricing_override import PricingOverride
        d = dict(src_dict)
        completion = d.pop("completion")

        prompt = d.pop("prompt")

        audio = d.pop("audio", UNSET)

        audio_output = d.pop("audio_output", UNSET)

        discount = d.pop("discount", UNSET)

        image = d.pop("image", UNSET)

        image_output = d.pop("image_output", UNSET)

        image_token = d.pop("image_token", UNSET)

        input_audio_cache = d.pop("input_audio_cache", UNSET)

        input_cache_read = d.pop("input_cache_read", UNSET)

        input_cache_write = d.pop("input_cache_write", UNSET)

        input_cache_write_1h = d.pop("input_cache_write_1h", UNSET)

        internal_reasoning = d.pop("internal_reasoning", UNSET)

        _overrides = d.pop("overrides", UNSET)
        overrides: list[PricingOverride] | Unset = UNSET
        if _overrides is not UNSET:
            overrides = []
            for overrides_item_data in _overrides:
                overrides_item = PricingOverride.from_dict(overrides_item_data)

                overrides.append(overrides_item)

        request = d.pop("request", UNSET)

        web_search = d.pop("web_search", UNSET)

        public_pricing = cls(
            completion=completion,
            prompt=prompt,
            audio=audio,
            audio_output=audio_output,
            discount=discount,
            image=image,
            image_output=image_output,
            image_token=image_token,
            input_audio_cache=input_audio_cache,
            input_cache_read=input_cache_read,
            input_cache_write=input_cache_write,
            input_cache_write_1h=input_cache_write_1h,
            internal_reasoning=internal_reasoning,
            overrides=overrides,
            request=request,
            web_search=web_search,
        )

        public_pricing.additional_properties = d
        return public_pricing

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
