from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TopProviderInfo")


@_attrs_define
class TopProviderInfo:
    """Information about the top provider for this model

    Example:
        {'context_length': 8192, 'is_moderated': True, 'max_completion_tokens': 4096}

    Attributes:
        is_moderated (bool): Whether the top provider moderates content Example: True.
        context_length (int | None | Unset): Context length from the top provider Example: 8192.
        max_completion_tokens (int | None | Unset): Maximum completion tokens from the top provider Example: 4096.
    """

    is_moderated: bool
    context_length: int | None | Unset = UNSET
    max_completion_tokens: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        is_moderated = self.is_moderated

        context_length: int | None | Unset
        if isinstance(self.context_length, Unset):
            context_length = UNSET
        else:
            context_length = self.context_length

        max_completion_tokens: int | None | Unset
        if isinstance(self.max_completion_tokens, Unset):
            max_completion_tokens = UNSET
        else:
            max_completion_tokens = self.max_completion_tokens

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "is_moderated": is_moderated,
            }
        )
        if context_length is not UNSET:
            field_dict["context_length"] = context_length
        if max_completion_tokens is not UNSET:
            field_dict["max_completion_tokens"] = max_completion_tokens

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        is_moderated = d.pop("is_moderated")

        def _parse_context_length(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        context_length = _parse_context_length(d.pop("context_length", UNSET))

        def _parse_max_completion_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_completion_tokens = _parse_max_completion_tokens(
            d.pop("max_completion_tokens", UNSET)
        )

        top_provider_info = cls(
            is_moderated=is_moderated,
            context_length=context_length,
            max_completion_tokens=max_completion_tokens,
        )

        top_provider_info.additional_properties = d
        return top_provider_info

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
