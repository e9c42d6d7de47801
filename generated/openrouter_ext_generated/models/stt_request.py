from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.stt_request_response_format import STTRequestResponseFormat
from ..models.stt_timestamp_granularity import STTTimestampGranularity
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.stt_inline_input_audio import STTInlineInputAudio
    from ..models.stt_request_provider import STTRequestProvider
    from ..models.stturl_input_audio import STTURLInputAudio
    from ..models.trace_config import TraceConfig


T = TypeVar("T", bound="STTRequest")


@_attrs_define
class STTRequest:
    """Speech-to-text request input. Accepts a JSON body with input_audio containing base64-encoded audio, or a URL the
    provider downloads the audio from.

        Example:
            {'input_audio': {'data': 'UklGRiQA...', 'format': 'wav'}, 'language': 'en', 'model': 'openai/whisper-large-v3'}

        Attributes:
            input_audio (STTInlineInputAudio | STTURLInputAudio): The audio to transcribe: inline base64 data, or a URL
                (some providers only). Widened from the published inline-only shape, as the live API accepts both.
            model (str): STT model identifier Example: openai/whisper-large-v3.
            diarize (bool | Unset): Label each word with its speaker; requires response_format verbose_json
            keyterms (list[str] | Unset): Terms to bias recognition toward (supported by some providers)
            language (str | Unset): ISO-639-1 language code (e.g., "en", "ja"). Auto-detected if omitted. Example: en.
            provider (STTRequestProvider | Unset): Provider-specific passthrough configuration
            response_format (STTRequestResponseFormat | Unset): Output format. "json" (default) returns { text, usage }.
                "verbose_json" additionally returns task, language, duration, and segment-level timestamps; only supported by
                OpenAI-compatible providers. Example: json.
            session_id (str | Unset): Groups related requests for observability
            temperature (float | Unset): Sampling temperature for transcription Example: 0.
            timestamp_granularities (list[STTTimestampGranularity] | Unset): Timestamp detail levels to include when
                response_format is "verbose_json". "segment" returns segment-level timestamps; "word" additionally returns word-
                level timestamps in the words array. Ignored unless response_format is "verbose_json". Example: ['segment'].
            trace (TraceConfig | Unset): Tracing metadata forwarded to observability integrations. Keys other than the named
                ones are passed through.
            user (str | Unset): A stable identifier of your end user, for logging
    """

    input_audio: STTInlineInputAudio | STTURLInputAudio
    model: str
    diarize: bool | Unset = UNSET
    keyterms: list[str] | Unset = UNSET
    language: str | Unset = UNSET
    provider: STTRequestProvider | Unset = UNSET
    response_format: STTRequestResponseFormat | Unset = UNSET
    session_id: str | Unset = UNSET
    temperature: float | Unset = UNSET
    timestamp_granularities: list[STTTimestampGranularity] | Unset = UNSET
    trace: TraceConfig | Unset = UNSET
    user: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.stt_inline_input_audio import STTInlineInputAudio

        input_audio: dict[str, Any]
        if isinstance(self.input_audio, STTInlineInputAudio):
            input_audio = self.input_audio.to_dict()
        else:
            input_audio = self.input_audio.to_dict()

        model = self.model

        diarize = self.diarize

        keyterms: list[str] | Unset = UNSET
        if not isinstance(self.keyterms, Unset):
            keyterms = self.keyterms

        language = self.language

        provider: dict[str, Any] | Unset = UNSET
        if not isinstance(self.provider, Unset):
            provider = self.provider.to_dict()

        response_format: str | Unset = UNSET
        if not isinstance(self.response_format, Unset):
            response_format = self.response_format.value

        session_id = self.session_id

        temperature = self.temperature

        timestamp_granularities: list[str] | Unset = UNSET
        if not isinstance(self.timestamp_granularities, Unset):
            timestamp_granularities = []
            for timestamp_granularities_item_data in self.timestamp_granularities:
                timestamp_granularities_item = timestamp_granularities_item_data.value
                timestamp_granularities.append(timestamp_granularities_item)

        trace: dict[str, Any] | Unset = UNSET
        if not isinstance(self.trace, Unset):
            trace = self.trace.to_dict()

        user = self.user

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "input_audio": input_audio,
                "model": model,
            }
        )
        if diarize is not UNSET:
            field_dict["diarize"] = diarize
        if keyterms is not UNSET:
            field_dict["keyterms"] = keyterms
        if language is not UNSET:
            field_dict["language"] = language
        if provider is not UNSET:
            field_dict["provider"] = provider
        if response_format is not UNSET:
            field_dict["response_format"] = response_format
        if session_id is not UNSET:
            field_dict["session_id"] = session_id
        if temperature is not UNSET:
            field_dict["temperature"] = temperature
        if timestamp_granularities is not UNSET:
            field_dict["timestamp_granularities"] = timestamp_granularities
        if trace is not UNSET:
            field_dict["trace"] = trace
        if user is not UNSET:
            field_dict["user"] = user

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.stt_inline_input_audio import STTInlineInputAudio

        if "provider" in src_dict:
            from ..models.stt_request_provider import STTRequestProvider
        from ..models.stturl_input_audio import STTURLInputAudio

        if "trace" in src_dict:
            from ..models.trace_config import TraceConfig
        d = dict(src_dict)

        def _parse_input_audio(data: object) -> STTInlineInputAudio | STTURLInputAudio:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                input_audio_type_0 = STTInlineInputAudio.from_dict(data)

                return input_audio_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            input_audio_type_1 = STTURLInputAudio.from_dict(data)

            return input_audio_type_1

        input_audio = _parse_input_audio(d.pop("input_audio"))

        model = d.pop("model")

        diarize = d.pop("diarize", UNSET)

        keyterms = cast(list[str], d.pop("keyterms", UNSET))

        language = d.pop("language", UNSET)

        _provider = d.pop("provider", UNSET)
        provider: STTRequestProvider | Unset
        if isinstance(_provider, Unset):
            provider = UNSET
        else:
            provider = STTRequestProvider.from_dict(_provider)

        _response_format = d.pop("response_format", UNSET)
        response_format: STTRequestResponseFormat | Unset
        if isinstance(_response_format, Unset):
            response_format = UNSET
        else:
            response_format = STTRequestResponseFormat(_response_format)

        session_id = d.pop("session_id", UNSET)

        temperature = d.pop("temperature", UNSET)

        _timestamp_granularities = d.pop("timestamp_granularities", UNSET)
        timestamp_granularities: list[STTTimestampGranularity] | Unset = UNSET
        if _timestamp_granularities is not UNSET:
            timestamp_granularities = []
            for timestamp_granularities_item_data in _timestamp_granularities:
                timestamp_granularities_item = STTTimestampGranularity(
                    timestamp_granularities_item_data
                )

                timestamp_granularities.append(timestamp_granularities_item)

        _trace = d.pop("trace", UNSET)
        trace: TraceConfig | Unset
        if isinstance(_trace, Unset):
            trace = UNSET
        else:
            trace = TraceConfig.from_dict(_trace)

        user = d.pop("user", UNSET)

        stt_request = cls(
            input_audio=input_audio,
            model=model,
            diarize=diarize,
            keyterms=keyterms,
            language=language,
            provider=provider,
            response_format=response_format,
            session_id=session_id,
            temperature=temperature,
            timestamp_granularities=timestamp_granularities,
            trace=trace,
            user=user,
        )

        stt_request.additional_properties = d
        return stt_request

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
