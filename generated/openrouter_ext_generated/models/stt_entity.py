from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="STTEntity")


@_attrs_define
class STTEntity:
    """An entity detected in the transcript

    Attributes:
        start_char (int): Offset of the first character in text
        end_char (int): Offset just past the last character in text
        text (str): The entity's text
        type_ (str): The entity's type
    """

    start_char: int
    end_char: int
    text: str
    type_: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start_char = self.start_char

        end_char = self.end_char

        text = self.text

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "start_char": start_char,
                "end_char": end_char,
                "text": text,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        start_char = d.pop("start_char")

        end_char = d.pop("end_char")

        text = d.pop("text")

        type_ = d.pop("type")

        stt_entity = cls(
            start_char=start_char,
            end_char=end_char,
            text=text,
            type_=type_,
        )

        stt_entity.additional_properties = d
        return stt_entity

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
