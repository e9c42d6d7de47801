from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AABenchmarkEntry")


@_attrs_define
class AABenchmarkEntry:
    """Artificial Analysis benchmark index scores.

    Example:
        {'agentic_index': 55.8, 'coding_index': 63.2, 'intelligence_index': 71.4}

    Attributes:
        agentic_index (float | None): Artificial Analysis Agentic Index score Example: 55.8.
        coding_index (float | None): Artificial Analysis Coding Index score Example: 63.2.
        intelligence_index (float | None): Artificial Analysis Intelligence Index score Example: 71.4.
    """

    agentic_index: float | None
    coding_index: float | None
    intelligence_index: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agentic_index: float | None
        agentic_index = self.agentic_index

        coding_index: float | None
        coding_index = self.coding_index

        intelligence_index: float | None
        intelligence_index = self.intelligence_index

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agentic_index": agentic_index,
                "coding_index": coding_index,
                "intelligence_index": intelligence_index,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_agentic_index(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        agentic_index = _parse_agentic_index(d.pop("agentic_index"))

        def _parse_coding_index(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        coding_index = _parse_coding_index(d.pop("coding_index"))

        def _parse_intelligence_index(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        intelligence_index = _parse_intelligence_index(d.pop("intelligence_index"))

        aa_benchmark_entry = cls(
            agentic_index=agentic_index,
            coding_index=coding_index,
            intelligence_index=intelligence_index,
        )

        aa_benchmark_entry.additional_properties = d
        return aa_benchmark_entry

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
