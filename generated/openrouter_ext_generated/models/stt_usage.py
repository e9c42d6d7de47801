from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="STTUsage")


@_attrs_define
class STTUsage:
    """Aggregated usage statistics for the request

    Example:
        {'cost': 0.000508, 'input_tokens': 83, 'output_tokens': 30, 'seconds': 9.2, 'total_tokens': 113}

    Attributes:
        cost (float | Unset): Total cost of the request in USD Example: 0.000508.
        input_tokens (int | Unset): Number of input tokens billed for this request Example: 83.
        output_tokens (int | Unset): Number of output tokens generated Example: 30.
        seconds (float | Unset): Duration of the input audio in seconds Example: 9.2.
        total_tokens (int | Unset): Total number of tokens used (input + output) Example: 113.
    """

    cost: float | Unset = UNSET
    input_tokens: int | Unset = UNSET
    output_tokens: int | Unset = UNSET
    seconds: float | Unset = UNSET
    total_tokens: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cost = self.cost

        input_tokens = self.input_tokens

        output_tokens = self.output_tokens

        seconds = self.seconds

        total_tokens = self.total_tokens

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if cost is not UNSET:
            field_dict["cost"] = cost
        if input_tokens is not UNSET:
            field_dict["input_tokens"] = input_tokens
        if output_tokens is not UNSET:
            field_dict["output_tokens"] = output_tokens
        if seconds is not UNSET:
            field_dict["seconds"] = seconds
        if total_tokens is not UNSET:
            field_dict["total_tokens"] = total_tokens

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        cost = d.pop("cost", UNSET)

        input_tokens = d.pop("input_tokens", UNSET)

        output_tokens = d.pop("output_tokens", UNSET)

        seconds = d.pop("seconds", UNSET)

        total_tokens = d.pop("total_tokens", UNSET)

        stt_usage = cls(
            cost=cost,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            seconds=seconds,
            total_tokens=total_tokens,
        )

        stt_usage.additional_properties = d
        return stt_usage

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
