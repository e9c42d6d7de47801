from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.stt_word_type import STTWordType
from ..types import UNSET, Unset

T = TypeVar("T", bound="STTWord")


@_attrs_define
class STTWord:
    """A timestamped word, returned when the provider includes word-level timestamps

    Example:
        {'end': 0.4, 'speaker': 0, 'start': 0, 'word': 'Hello'}

    Attributes:
        end (float): Word end time in seconds Example: 0.4.
        start (float): Word start time in seconds Example: 0.
        word (str): The transcribed word Example: Hello.
        channel (int | Unset): Audio channel of the word
        confidence (float | Unset): Confidence of the word, 0 to 1
        speaker (int | Unset): Speaker index for the word, present when the provider returns diarization data Example:
            0.
        speaker_label (str | Unset): Speaker label of the word, present with diarization
        type_ (STTWordType | Unset): Whether the item is a spoken word or an audio event
    """

    end: float
    start: float
    word: str
    channel: int | Unset = UNSET
    confidence: float | Unset = UNSET
    speaker: int | Unset = UNSET
    speaker_label: str | Unset = UNSET
    type_: STTWordType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        end = self.end

        start = self.start

        word = self.word

        channel = self.channel

        confidence = self.confidence

        speaker = self.speaker

        speaker_label = self.speaker_label

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "end": end,
                "start": start,
                "word": word,
            }
        )
        if channel is not UNSET:
            field_dict["channel"] = channel
        if confidence is not UNSET:
            field_dict["confidence"] = confidence
        if speaker is not UNSET:
            field_dict["speaker"] = speaker
        if speaker_label is not UNSET:
            field_dict["speaker_label"] = speaker_label
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        end = d.pop("end")

        start = d.pop("start")

        word = d.pop("word")

        channel = d.pop("channel", UNSET)

        confidence = d.pop("confidence", UNSET)

        speaker = d.pop("speaker", UNSET)

        speaker_label = d.pop("speaker_label", UNSET)

        _type_ = d.pop("type", UNSET)
        type_: STTWordType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = STTWordType(_type_)

        stt_word = cls(
            end=end,
            start=start,
            word=word,
            channel=channel,
            confidence=confidence,
            speaker=speaker,
            speaker_label=speaker_label,
            type_=type_,
        )

        stt_word.additional_properties = d
        return stt_word

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
