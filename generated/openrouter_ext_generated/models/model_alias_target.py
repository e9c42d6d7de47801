from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ModelAliasTarget")


@_attrs_define
class ModelAliasTarget:
    """Concrete model targeted by this tilde-latest alias, when applicable

    Example:
        {'name': 'Claude Sonnet 4.5', 'slug': 'anthropic/claude-sonnet-4.5'}

    Attributes:
        name (str): Human-readable name of the concrete model targeted by this alias
        slug (str): Routable model ID of the concrete target, matching that model row's id
    """

    name: str
    slug: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        slug = self.slug

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "slug": slug,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        slug = d.pop("slug")

        model_alias_target = cls(
            name=name,
            slug=slug,
        )

        model_alias_target.additional_properties = d
        return model_alias_target

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
