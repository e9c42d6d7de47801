from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.create_audio_transcriptions_files_body_response_format import (
    CreateAudioTranscriptionsFilesBodyResponseFormat,
)
from ..models.create_audio_transcriptions_files_body_timestamp_granularities_item import (
    CreateAudioTranscriptionsFilesBodyTimestampGranularitiesItem,
)
from ..types import UNSET, File, FileTypes, Unset

T = TypeVar("T", bound="CreateAudioTranscriptionsFilesBody")


@_attrs_define
class CreateAudioTranscriptionsFilesBody:
    """
    Attributes:
        model (str): The model to use for transcription.
        diarize (bool | Unset): Label each word with its speaker; requires response_format verbose_json
        file (File | Unset): The audio file to transcribe. The format is derived from the filename extension or the file
            part content type. Max 25 MB; send larger files as base64 JSON via input_audio. Optional when source_url is
            given.
        keyterms (list[str] | Unset): Terms to bias recognition toward (supported by some providers)
        language (str | Unset): The language of the input audio (ISO-639-1).
        provider (str | Unset): Provider routing and passthrough options, as a JSON-encoded object (the shape of the
            JSON body's provider field)
        response_format (CreateAudioTranscriptionsFilesBodyResponseFormat | Unset): The response format. "json"
            (default) returns { text, usage }; "verbose_json" additionally returns task, language, duration, and segment-
            level timestamps (OpenAI-compatible providers only).
        session_id (str | Unset): Groups related requests for observability
        source_url (str | Unset): Public http(s) URL of the audio; an alternative to file
        temperature (float | Unset): The sampling temperature.
        timestamp_granularities (list[CreateAudioTranscriptionsFilesBodyTimestampGranularitiesItem] | Unset): Timestamp
            detail levels to include when response_format is "verbose_json". "word" additionally returns word-level
            timestamps in the words array.
        trace (str | Unset): Tracing metadata, as a JSON-encoded object (the shape of TraceConfig)
        user (str | Unset): A stable identifier of your end user, for logging
    """

    model: str
    diarize: bool | Unset = UNSET
    file: File | Unset = UNSET
    keyterms: list[str] | Unset = UNSET
    language: str | Unset = UNSET
    provider: str | Unset = UNSET
    response_format: CreateAudioTranscriptionsFilesBodyResponseFormat | Unset = UNSET
    session_id: str | Unset = UNSET
    source_url: str | Unset = UNSET
    temperature: float | Unset = UNSET
    timestamp_granularities: (
        list[CreateAudioTranscriptionsFilesBodyTimestampGranularitiesItem] | Unset
    ) = UNSET
    trace: str | Unset = UNSET
    user: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        diarize = self.diarize

        file: FileTypes | Unset = UNSET
        if not isinstance(self.file, Unset):
            file = self.file.to_tuple()

        keyterms: list[str] | Unset = UNSET
        if not isinstance(self.keyterms, Unset):
            keyterms = self.keyterms

        language = self.language

        provider = self.provider

        response_format: str | Unset = UNSET
        if not isinstance(self.response_format, Unset):
            response_format = self.response_format.value

        session_id = self.session_id

        source_url = self.source_url

        temperature = self.temperature

        timestamp_granularities: list[str] | Unset = UNSET
        if not isinstance(self.timestamp_granularities, Unset):
            timestamp_granularities = []
            for timestamp_granularities_item_data in self.timestamp_granularities:
                timestamp_granularities_item = timestamp_granularities_item_data.value
                timestamp_granularities.append(timestamp_granularities_item)

        trace = self.trace

        user = self.user

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
            }
        )
        if diarize is not UNSET:
            field_dict["diarize"] = diarize
        if file is not UNSET:
            field_dict["file"] = file
        if keyterms is not UNSET:
            field_dict["keyterms[]"] = keyterms
        if language is not UNSET:
            field_dict["language"] = language
        if provider is not UNSET:
            field_dict["provider"] = provider
        if response_format is not UNSET:
            field_dict["response_format"] = response_format
        if session_id is not UNSET:
            field_dict["session_id"] = session_id
        if source_url is not UNSET:
            field_dict["source_url"] = source_url
        if temperature is not UNSET:
            field_dict["temperature"] = temperature
        if timestamp_granularities is not UNSET:
            field_dict["timestamp_granularities[]"] = timestamp_granularities
        if trace is not UNSET:
            field_dict["trace"] = trace
        if user is not UNSET:
            field_dict["user"] = user

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("model", (None, str(self.model).encode(), "text/plain")))

        if not isinstance(self.diarize, Unset):
            files.append(("diarize", (None, str(self.diarize).encode(), "text/plain")))

        if not isinstance(self.file, Unset):
            files.append(("file", self.file.to_tuple()))

        if not isinstance(self.keyterms, Unset):
            for keyterms_item_element in self.keyterms:
                files.append(
                    (
                        "keyterms[]",
                        (None, str(keyterms_item_element).encode(), "text/plain"),
                    )
                )

        if not isinstance(self.language, Unset):
            files.append(
                ("language", (None, str(self.language).encode(), "text/plain"))
            )

        if not isinstance(self.provider, Unset):
            files.append(
                ("provider", (None, str(self.provider).encode(), "text/plain"))
            )

        if not isinstance(self.response_format, Unset):
            files.append(
                (
                    "response_format",
                    (None, str(self.response_format.value).encode(), "text/plain"),
                )
            )

        if not isinstance(self.session_id, Unset):
            files.append(
                ("session_id", (None, str(self.session_id).encode(), "text/plain"))
            )

        if not isinstance(self.source_url, Unset):
            files.append(
                ("source_url", (None, str(self.source_url).encode(), "text/plain"))
            )

        if not isinstance(self.temperature, Unset):
            files.append(
                ("temperature", (None, str(self.temperature).encode(), "text/plain"))
            )

        if not isinstance(self.timestamp_granularities, Unset):
            for timestamp_granularities_item_element in self.timestamp_granularities:
                files.append(
                    (
                        "timestamp_granularities[]",
                        (
                            None,
                            str(timestamp_granularities_item_element.value).encode(),
                            "text/plain",
                        ),
                    )
                )

        if not isinstance(self.trace, Unset):
            files.append(("trace", (None, str(self.trace).encode(), "text/plain")))

        if not isinstance(self.user, Unset):
            files.append(("user", (None, str(self.user).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = d.pop("model")

        diarize = d.pop("diarize", UNSET)

        _file = d.pop("file", UNSET)
        file: File | Unset
        if isinstance(_file, Unset):
            file = UNSET
        else:
            file = File(payload=BytesIO(_file))

        keyterms = cast(list[str], d.pop("keyterms[]", UNSET))

        language = d.pop("language", UNSET)

        provider = d.pop("provider", UNSET)

        _response_format = d.pop("response_format", UNSET)
        response_format: CreateAudioTranscriptionsFilesBodyResponseFormat | Unset
        if isinstance(_response_format, Unset):
            response_format = UNSET
        else:
            response_format = CreateAudioTranscriptionsFilesBodyResponseFormat(
                _response_format
            )

        session_id = d.pop("session_id", UNSET)

        source_url = d.pop("source_url", UNSET)

        temperature = d.pop("temperature", UNSET)

        _timestamp_granularities = d.pop("timestamp_granularities[]", UNSET)
        timestamp_granularities: (
            list[CreateAudioTranscriptionsFilesBodyTimestampGranularitiesItem] | Unset
        ) = UNSET
        if _timestamp_granularities is not UNSET:
            timestamp_granularities = []
            for timestamp_granularities_item_data in _timestamp_granularities:
                timestamp_granularities_item = (
                    CreateAudioTranscriptionsFilesBodyTimestampGranularitiesItem(
                        timestamp_granularities_item_data
                    )
                )

                timestamp_granularities.append(timestamp_granularities_item)

        trace = d.pop("trace", UNSET)

        user = d.pop("user", UNSET)

        create_audio_transcriptions_files_body = cls(
            model=model,
            diarize=diarize,
            file=file,
            keyterms=keyterms,
            language=language,
            provider=provider,
            response_format=response_format,
            session_id=session_id,
            source_url=source_url,
            temperature=temperature,
            timestamp_granularities=timestamp_granularities,
            trace=trace,
            user=user,
        )

        create_audio_transcriptions_files_body.additional_properties = d
        return create_audio_transcriptions_files_body

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


# The limits the spec sets on these fields (JSON Schema keywords, by field name), which the attrs
# class above does not enforce: the SDK checks them before sending.
SCHEMA_LIMITS: dict[str, dict[str, Any]] = {
    "session_id": {
        "maxLength": 256,
    },
}
