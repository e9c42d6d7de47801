from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.aa_benchmark_entry import AABenchmarkEntry
    from ..models.da_benchmark_entry import DABenchmarkEntry


T = TypeVar("T", bound="ModelBenchmarks")


@_attrs_define
class ModelBenchmarks:
    """Third-party benchmark rankings for this model. Omitted when no benchmark data is available.

    Example:
        {'artificial_analysis': {'agentic_index': 55.8, 'coding_index': 63.2, 'intelligence_index': 71.4},
            'design_arena': [{'arena': 'models', 'category': 'website', 'elo': 1385.2, 'rank': 5, 'win_rate': 62.5}]}

    Attributes:
        design_arena (list[DABenchmarkEntry]): Design Arena ELO rankings across arena+category pairs. Example:
            [{'arena': 'models', 'category': 'website', 'elo': 1385.2, 'rank': 5, 'win_rate': 62.5}].
        artificial_analysis (AABenchmarkEntry | Unset): Artificial Analysis benchmark index scores. Example:
            {'agentic_index': 55.8, 'coding_index': 63.2, 'intelligence_index': 71.4}.
    """

    design_arena: list[DABenchmarkEntry]
    artificial_analysis: AABenchmarkEntry | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        design_arena = []
        for design_arena_item_data in self.design_arena:
            design_arena_item = design_arena_item_data.to_dict()
            design_arena.append(design_arena_item)

        artificial_analysis: dict[str, Any] | Unset = UNSET
        if not isinstance(self.artificial_analysis, Unset):
            artificial_analysis = self.artificial_analysis.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "design_arena": design_arena,
            }
        )
        if artificial_analysis is not UNSET:
            field_dict["artificial_analysis"] = artificial_analysis

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if "artificial_analysis" in src_dict:
            from ..models.aa_benchmark_entry import AABenchmarkEntry
        from ..models.da_benchmark_entry import DABenchmarkEntry

        d = dict(src_dict)
        design_arena = []
        _design_arena = d.pop("design_arena")
        for design_arena_item_data in _design_arena:
            design_arena_item = DABenchmarkEntry.from_dict(design_arena_item_data)

            design_arena.append(design_arena_item)

        _artificial_analysis = d.pop("artificial_analysis", UNSET)
        artificial_analysis: AABenchmarkEntry | Unset
        if isinstance(_artificial_analysis, Unset):
            artificial_analysis = UNSET
        else:
            artificial_analysis = AABenchmarkEntry.from_dict(_artificial_analysis)

        model_benchmarks = cls(
            design_arena=design_arena,
            artificial_analysis=artificial_analysis,
        )

        model_benchmarks.additional_properties = d
        return model_benchmarks

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
