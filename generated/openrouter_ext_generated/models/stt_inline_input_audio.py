from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="STTInlineInputAudio")


@_attrs_define
class STTInlineInputAudio:
    """Base64-encoded audio to transcribe, sent inline in the JSON body

    Example:
        {'data': 'UklGRiQA...', 'format': 'wav'}

    Attributes:
        data (str): Base64-encoded audio data (raw bytes, not a data URI)
        format_ (str): Audio format (e.g., wav, mp3, flac, m4a, ogg, webm, aac). Supported formats vary by provider.
            `pcm` is headerless signed 16-bit little-endian mono audio at 16 kHz.
    """

    data: str
    format_: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data

        format_ = self.format_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "format": format_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        data = d.pop("data")

        format_ = d.pop("format")

        stt_inline_input_audio = cls(
            data=data,
            format_=format_,
        )

        stt_inline_input_audio.additional_properties = d
        return stt_inline_input_audio

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
