from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.stt_entity import STTEntity
    from ..models.stt_segment import STTSegment
    from ..models.stt_usage import STTUsage
    from ..models.stt_word import STTWord


T = TypeVar("T", bound="STTResponse")


@_attrs_define
class STTResponse:
    """STT response containing transcribed text and optional usage statistics

    Example:
        {'text': 'Hello, this is a test of OpenAI speech-to-text transcription.', 'usage': {'cost': 0.000508,
            'input_tokens': 83, 'output_tokens': 30, 'seconds': 9.2, 'total_tokens': 113}}

    Attributes:
        text (str): The transcribed text Example: Hello, this is a test of OpenAI speech-to-text transcription. The
            weather is sunny today and the temperature is around 72 degrees..
        confidence (float | Unset): Overall confidence of the transcript, 0 to 1
        duration (float | Unset): Duration of the input audio in seconds, present when response_format is verbose_json
            Example: 9.2.
        entities (list[STTEntity] | Unset): Entities detected in the transcript (some providers)
        language (str | Unset): Detected or forced language, present when response_format is verbose_json Example:
            english.
        language_confidence (float | Unset): Confidence of the detected language, 0 to 1
        segments (list[STTSegment] | Unset): Timestamped transcript segments, present when response_format is
            verbose_json
        task (str | Unset): The task performed, present when response_format is verbose_json Example: transcribe.
        usage (STTUsage | Unset): Aggregated usage statistics for the request Example: {'cost': 0.000508,
            'input_tokens': 83, 'output_tokens': 30, 'seconds': 9.2, 'total_tokens': 113}.
        words (list[STTWord] | Unset): Timestamped words, present when the provider returns word-level timestamps
    """

    text: str
    confidence: float | Unset = UNSET
    duration: float | Unset = UNSET
    entities: list[STTEntity] | Unset = UNSET
    language: str | Unset = UNSET
    language_confidence: float | Unset = UNSET
    segments: list[STTSegment] | Unset = UNSET
    task: str | Unset = UNSET
    usage: STTUsage | Unset = UNSET
    words: list[STTWord] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        text = self.text

        confidence = self.confidence

        duration = self.duration

        entities: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.entities, Unset):
            entities = []
            for entities_item_data in self.entities:
                entities_item = entities_item_data.to_dict()
                entities.append(entities_item)

        language = self.language

        language_confidence = self.language_confidence

        segments: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.segments, Unset):
            segments = []
            for segments_item_data in self.segments:
                segments_item = segments_item_data.to_dict()
                segments.append(segments_item)

        task = self.task

        usage: dict[str, Any] | Unset = UNSET
        if not isinstance(self.usage, Unset):
            usage = self.usage.to_dict()

        words: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.words, Unset):
            words = []
            for words_item_data in self.words:
                words_item = words_item_data.to_dict()
                words.append(words_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "text": text,
            }
        )
        if confidence is not UNSET:
            field_dict["confidence"] = confidence
        if duration is not UNSET:
            field_dict["duration"] = duration
        if entities is not UNSET:
            field_dict["entities"] = entities
        if language is not UNSET:
            field_dict["language"] = language
        if language_confidence is not UNSET:
            field_dict["language_confidence"] = language_confidence
        if segments is not UNSET:
            field_dict["segments"] = segments
        if task is not UNSET:
            field_dict["task"] = task
        if usage is not UNSET:
            field_dict["usage"] = usage
        if words is not UNSET:
            field_dict["words"] = words

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if "entities" in src_dict:
            from ..models.stt_entity import STTEntity
        if "segments" in src_dict:
            from ..models.stt_segment import STTSegment
        if "usage" in src_dict:
            from ..models.stt_usage import STTUsage
        if "words" in src_dict:
            from ..models.stt_word import STTWord
        d = dict(src_dict)
        text = d.pop("text")

        confidence = d.pop("confidence", UNSET)

        duration = d.pop("duration", UNSET)

        _entities = d.pop("entities", UNSET)
        entities: list[STTEntity] | Unset = UNSET
        if _entities is not UNSET:
            entities = []
            for entities_item_data in _entities:
                entities_item = STTEntity.from_dict(entities_item_data)

                entities.append(entities_item)

        language = d.pop("language", UNSET)

        language_confidence = d.pop("language_confidence", UNSET)

        _segments = d.pop("segments", UNSET)
        segments: list[STTSegment] | Unset = UNSET
        if _segments is not UNSET:
            segments = []
            for segments_item_data in _segments:
                segments_item = STTSegment.from_dict(segments_item_data)

                segments.append(segments_item)

        task = d.pop("task", UNSET)

        _usage = d.pop("usage", UNSET)
        usage: STTUsage | Unset
        if isinstance(_usage, Unset):
            usage = UNSET
        else:
            usage = STTUsage.from_dict(_usage)

        _words = d.pop("words", UNSET)
        words: list[STTWord] | Unset = UNSET
        if _words is not UNSET:
            words = []
            for words_item_data in _words:
                words_item = STTWord.from_dict(words_item_data)

                words.append(words_item)

        stt_response = cls(
            text=text,
            confidence=confidence,
            duration=duration,
            entities=entities,
            language=language,
            language_confidence=language_confidence,
            segments=segments,
            task=task,
            usage=usage,
            words=words,
        )

        stt_response.additional_properties = d
        return stt_response

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
