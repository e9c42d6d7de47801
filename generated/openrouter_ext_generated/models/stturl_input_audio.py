from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="STTURLInputAudio")


@_attrs_define
class STTURLInputAudio:
    """Audio at a public http(s) URL that the provider downloads; the inline size limit does not apply. Supported by some
    providers only.

        Example:
            {'url': 'https://example.com/audio.mp3', 'format': 'mp3'}

        Attributes:
            url (str): Public http(s) URL of the audio file
            format_ (str | Unset): Audio format; defaults to the URL path's extension and is required when the path has none
    """

    url: str
    format_: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        format_ = self.format_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "url": url,
            }
        )
        if format_ is not UNSET:
            field_dict["format"] = format_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        url = d.pop("url")

        format_ = d.pop("format", UNSET)

        stturl_input_audio = cls(
            url=url,
            format_=format_,
        )

        stturl_input_audio.additional_properties = d
        return stturl_input_audio

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
