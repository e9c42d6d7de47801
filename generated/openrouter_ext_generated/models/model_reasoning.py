from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ModelReasoning")


@_attrs_define
class ModelReasoning:
    """Reasoning effort configuration. Omitted for non-reasoning models and dynamic router models.

    Example:
        {'default_effort': 'medium', 'default_enabled': True, 'mandatory': False, 'supported_efforts': ['high',
            'medium', 'low', 'minimal']}

    Attributes:
        mandatory (bool): When true, reasoning cannot be disabled and effort "none" is rejected.
        default_effort (None | str | Unset): An open set: the API adds values without notice (its answers carry values
            the vendor's enum lacks), so any string is taken. Documented so far: max, xhigh, high, medium, low, minimal,
            none. Example: medium.
        default_enabled (bool | Unset): Default reasoning enabled state when the client does not set
            `reasoning.enabled`.
        supported_efforts (list[None | str] | None | Unset): Allowed reasoning effort values for this model, in
            descending effort order (highest first). Null means no allowlist — all gateway effort values are accepted.
        supports_max_tokens (bool | Unset): Present and `true` when the model accepts `reasoning.max_tokens` in requests
            (Anthropic-style) instead of or in addition to `reasoning.effort`. Omitted otherwise.
    """

    mandatory: bool
    default_effort: None | str | Unset = UNSET
    default_enabled: bool | Unset = UNSET
    supported_efforts: list[None | str] | None | Unset = UNSET
    supports_max_tokens: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mandatory = self.mandatory

        default_effort: None | str | Unset
        if isinstance(self.default_effort, Unset):
            default_effort = UNSET
        else:
            default_effort = self.default_effort

        default_enabled = self.default_enabled

        supported_efforts: list[None | str] | None | Unset
        if isinstance(self.supported_efforts, Unset):
            supported_efforts = UNSET
        elif isinstance(self.supported_efforts, list):
            supported_efforts = []
            for supported_efforts_type_0_item_data in self.supported_efforts:
                supported_efforts_type_0_item: None | str
                supported_efforts_type_0_item = supported_efforts_type_0_item_data
                supported_efforts.append(supported_efforts_type_0_item)

        else:
            supported_efforts = self.supported_efforts

        supports_max_tokens = self.supports_max_tokens

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mandatory": mandatory,
            }
        )
        if default_effort is not UNSET:
            field_dict["default_effort"] = default_effort
        if default_enabled is not UNSET:
            field_dict["default_enabled"] = default_enabled
        if supported_efforts is not UNSET:
            field_dict["supported_efforts"] = supported_efforts
        if supports_max_tokens is not UNSET:
            field_dict["supports_max_tokens"] = supports_max_tokens

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        mandatory = d.pop("mandatory")

        def _parse_default_effort(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        default_effort = _parse_default_effort(d.pop("default_effort", UNSET))

        default_enabled = d.pop("default_enabled", UNSET)

        def _parse_supported_efforts(data: object) -> list[None | str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                supported_efforts_type_0 = []
                _supported_efforts_type_0 = data
                for supported_efforts_type_0_item_data in _supported_efforts_type_0:

                    def _parse_supported_efforts_type_0_item(
                        data: object,
                    ) -> None | str:
                        if data is None:
                            return data
                        return cast(None | str, data)

                    supported_efforts_type_0_item = (
                        _parse_supported_efforts_type_0_item(
                            supported_efforts_type_0_item_data
                        )
                    )

                    supported_efforts_type_0.append(supported_efforts_type_0_item)

                return supported_efforts_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[None | str] | None | Unset, data)

        supported_efforts = _parse_supported_efforts(d.pop("supported_efforts", UNSET))

        supports_max_tokens = d.pop("supports_max_tokens", UNSET)

        model_reasoning = cls(
            mandatory=mandatory,
            default_effort=default_effort,
            default_enabled=default_enabled,
            supported_efforts=supported_efforts,
            supports_max_tokens=supports_max_tokens,
        )

        model_reasoning.additional_properties = d
        return model_reasoning

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
