from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="STTSegment")


@_attrs_define
class STTSegment:
    """A timestamped transcript segment, returned when response_format is verbose_json

    Example:
        {'avg_logprob': -0.28, 'compression_ratio': 1.13, 'end': 3.2, 'id': 0, 'no_speech_prob': 0.01, 'seek': 0,
            'speaker': 0, 'start': 0, 'temperature': 0, 'text': 'Hello there.', 'tokens': [50364, 2425, 456]}

    Attributes:
        end (float): Segment end time in seconds Example: 3.2.
        id (int): Segment index within the transcript Example: 0.
        start (float): Segment start time in seconds Example: 0.
        text (str): Transcribed text of the segment Example: Hello there..
        avg_logprob (float | Unset): Average log probability of the segment
        channel (int | Unset): Audio channel of the segment
        compression_ratio (float | Unset): Compression ratio of the segment
        no_speech_prob (float | Unset): Probability the segment contains no speech
        seek (int | Unset): Seek offset of the segment Example: 0.
        speaker (int | Unset): Speaker index for the segment, present when the provider returns diarization data
            Example: 0.
        speaker_label (str | Unset): Speaker label of the segment, present with diarization
        temperature (float | Unset): Temperature used for the segment
        tokens (list[int] | Unset): Token IDs of the segment
    """

    end: float
    id: int
    start: float
    text: str
    avg_logprob: float | Unset = UNSET
    channel: int | Unset = UNSET
    compression_ratio: float | Unset = UNSET
    no_speech_prob: float | Unset = UNSET
    seek: int | Unset = UNSET
    speaker: int | Unset = UNSET
    speaker_label: str | Unset = UNSET
    temperature: float | Unset = UNSET
    tokens: list[int] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        end = self.end

        id = self.id

        start = self.start

        text = self.text

        avg_logprob = self.avg_logprob

        channel = self.channel

        compression_ratio = self.compression_ratio

        no_speech_prob = self.no_speech_prob

        seek = self.seek

        speaker = self.speaker

        speaker_label = self.speaker_label

        temperature = self.temperature

        tokens: list[int] | Unset = UNSET
        if not isinstance(self.tokens, Unset):
            tokens = self.tokens

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "end": end,
                "id": id,
                "start": start,
                "text": text,
            }
        )
        if avg_logprob is not UNSET:
            field_dict["avg_logprob"] = avg_logprob
        if channel is not UNSET:
            field_dict["channel"] = channel
        if compression_ratio is not UNSET:
            field_dict["compression_ratio"] = compression_ratio
        if no_speech_prob is not UNSET:
            field_dict["no_speech_prob"] = no_speech_prob
        if seek is not UNSET:
            field_dict["seek"] = seek
        if speaker is not UNSET:
            field_dict["speaker"] = speaker
        if speaker_label is not UNSET:
            field_dict["speaker_label"] = speaker_label
        if temperature is not UNSET:
            field_dict["temperature"] = temperature
        if tokens is not UNSET:
            field_dict["tokens"] = tokens

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        end = d.pop("end")

        id = d.pop("id")

        start = d.pop("start")

        text = d.pop("text")

        avg_logprob = d.pop("avg_logprob", UNSET)

        channel = d.pop("channel", UNSET)

        compression_ratio = d.pop("compression_ratio", UNSET)

        no_speech_prob = d.pop("no_speech_prob", UNSET)

        seek = d.pop("seek", UNSET)

        speaker = d.pop("speaker", UNSET)

        speaker_label = d.pop("speaker_label", UNSET)

        temperature = d.pop("temperature", UNSET)

        tokens = cast(list[int], d.pop("tokens", UNSET))

        stt_segment = cls(
            end=end,
            id=id,
            start=start,
            text=text,
            avg_logprob=avg_logprob,
            channel=channel,
            compression_ratio=compression_ratio,
            no_speech_prob=no_speech_prob,
            seek=seek,
            speaker=speaker,
            speaker_label=speaker_label,
            temperature=temperature,
            tokens=tokens,
        )

        stt_segment.additional_properties = d
        return stt_segment

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
