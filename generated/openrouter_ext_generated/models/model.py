from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.default_parameters_type_0 import DefaultParametersType0
    from ..models.model_alias_target import ModelAliasTarget
    from ..models.model_architecture import ModelArchitecture
    from ..models.model_benchmarks import ModelBenchmarks
    from ..models.model_links import ModelLinks
    from ..models.model_reasoning import ModelReasoning
    from ..models.per_request_limits_type_0 import PerRequestLimitsType0
    from ..models.public_pricing import PublicPricing
    from ..models.top_provider_info import TopProviderInfo


T = TypeVar("T", bound="Model")


@_attrs_define
class Model:
    """Information about an AI model available on OpenRouter

    Example:
        {'architecture': {'input_modalities': ['text'], 'instruct_type': 'chatml', 'modality': 'text->text',
            'output_modalities': ['text'], 'tokenizer': 'GPT'}, 'canonical_slug': 'openai/gpt-4', 'context_length': 8192,
            'created': 1692901234, 'default_parameters': None, 'description': 'GPT-4 is a large multimodal model that can
            solve difficult problems with greater accuracy.', 'expiration_date': None, 'id': 'openai/gpt-4',
            'knowledge_cutoff': None, 'links': {'details': '/api/v1/models/openai/gpt-5.4/endpoints'}, 'name': 'GPT-4',
            'per_request_limits': None, 'pricing': {'completion': '0.00006', 'image': '0', 'prompt': '0.00003', 'request':
            '0'}, 'reasoning': {'default_effort': 'medium', 'default_enabled': True, 'mandatory': False,
            'supported_efforts': ['high', 'medium', 'low', 'minimal']}, 'supported_parameters': ['temperature', 'top_p',
            'max_tokens'], 'supported_voices': None, 'top_provider': {'context_length': 8192, 'is_moderated': True,
            'max_completion_tokens': 4096}}

    Attributes:
        architecture (ModelArchitecture): Model architecture information Example: {'input_modalities': ['text'],
            'instruct_type': 'chatml', 'modality': 'text->text', 'output_modalities': ['text'], 'tokenizer': 'GPT'}.
        canonical_slug (str): Canonical slug for the model Example: openai/gpt-4.
        context_length (int | None): Maximum context length in tokens Example: 8192.
        created (int): Unix timestamp of when the model was created Example: 1692901234.
        default_parameters (DefaultParametersType0 | None): Default parameters for this model Example:
            {'frequency_penalty': 0, 'presence_penalty': 0, 'repetition_penalty': 1, 'temperature': 0.7, 'top_k': 0,
            'top_p': 0.9}.
        id (str): Unique identifier for the model Example: openai/gpt-4.
        links (ModelLinks): Related API endpoints and resources for this model. Example: {'details':
            '/api/v1/models/openai/gpt-5.4/endpoints'}.
        name (str): Display name of the model Example: GPT-4.
        per_request_limits (None | PerRequestLimitsType0): Per-request token limits Example: {'completion_tokens': 1000,
            'prompt_tokens': 1000}.
        pricing (PublicPricing): Pricing information for the model Example: {'completion': '0.00006', 'image': '0',
            'prompt': '0.00003', 'request': '0'}.
        supported_parameters (list[str]): List of supported parameters for this model
        supported_voices (list[str] | None): List of supported voice identifiers for TTS models. Null for non-TTS
            models.
        top_provider (TopProviderInfo): Information about the top provider for this model Example: {'context_length':
            8192, 'is_moderated': True, 'max_completion_tokens': 4096}.
        alias_target (ModelAliasTarget | Unset): Concrete model targeted by this tilde-latest alias, when applicable
            Example: {'name': 'Claude Sonnet 4.5', 'slug': 'anthropic/claude-sonnet-4.5'}.
        benchmarks (ModelBenchmarks | Unset): Third-party benchmark rankings for this model. Omitted when no benchmark
            data is available. Example: {'artificial_analysis': {'agentic_index': 55.8, 'coding_index': 63.2,
            'intelligence_index': 71.4}, 'design_arena': [{'arena': 'models', 'category': 'website', 'elo': 1385.2, 'rank':
            5, 'win_rate': 62.5}]}.
        description (str | Unset): Description of the model Example: GPT-4 is a large multimodal model that can solve
            difficult problems with greater accuracy..
        expiration_date (None | str | Unset): The date after which the model may be removed. ISO 8601 date string (YYYY-
            MM-DD) or null if no expiration. Example: 2025-06-01.
        hugging_face_id (None | str | Unset): Hugging Face model identifier, if applicable Example: microsoft/DialoGPT-
            medium.
        knowledge_cutoff (None | str | Unset): The date up to which the model was trained on data. ISO 8601 date string
            (YYYY-MM-DD) or null if unknown. Example: 2024-10-01.
        reasoning (ModelReasoning | Unset): Reasoning effort configuration. Omitted for non-reasoning models and dynamic
            router models. Example: {'default_effort': 'medium', 'default_enabled': True, 'mandatory': False,
            'supported_efforts': ['high', 'medium', 'low', 'minimal']}.
    """

    architecture: ModelArchitecture
    canonical_slug: str
    context_length: int | None
    created: int
    default_parameters: DefaultParametersType0 | None
    id: str
    links: ModelLinks
    name: str
    per_request_limits: None | PerRequestLimitsType0
    pricing: PublicPricing
    supported_parameters: list[str]
    supported_voices: list[str] | None
    top_provider: TopProviderInfo
    alias_target: ModelAliasTarget | Unset = UNSET
    benchmarks: ModelBenchmarks | Unset = UNSET
    description: str | Unset = UNSET
    expiration_date: None | str | Unset = UNSET
    hugging_face_id: None | str | Unset = UNSET
    knowledge_cutoff: None | str | Unset = UNSET
    reasoning: ModelReasoning | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.default_parameters_type_0 import DefaultParametersType0
        from ..models.per_request_limits_type_0 import PerRequestLimitsType0

        architecture = self.architecture.to_dict()

        canonical_slug = self.canonical_slug

        context_length: int | None
        context_length = self.context_length

        created = self.created

        default_parameters: dict[str, Any] | None
        if isinstance(self.default_parameters, DefaultParametersType0):
            default_parameters = self.default_parameters.to_dict()
        else:
            default_parameters = self.default_parameters

        id = self.id

        links = self.links.to_dict()

        name = self.name

        per_request_limits: dict[str, Any] | None
        if isinstance(self.per_request_limits, PerRequestLimitsType0):
            per_request_limits = self.per_request_limits.to_dict()
        else:
            per_request_limits = self.per_request_limits

        pricing = self.pricing.to_dict()

        supported_parameters = self.supported_parameters

        supported_voices: list[str] | None
        if isinstance(self.supported_voices, list):
            supported_voices = self.supported_voices

        else:
            supported_voices = self.supported_voices

        top_provider = self.top_provider.to_dict()

        alias_target: dict[str, Any] | Unset = UNSET
        if not isinstance(self.alias_target, Unset):
            alias_target = self.alias_target.to_dict()

        benchmarks: dict[str, Any] | Unset = UNSET
        if not isinstance(self.benchmarks, Unset):
            benchmarks = self.benchmarks.to_dict()

        description = self.description

        expiration_date: None | str | Unset
        if isinstance(self.expiration_date, Unset):
            expiration_date = UNSET
        else:
            expiration_date = self.expiration_date

        hugging_face_id: None | str | Unset
        if isinstance(self.hugging_face_id, Unset):
            hugging_face_id = UNSET
        else:
            hugging_face_id = self.hugging_face_id

        knowledge_cutoff: None | str | Unset
        if isinstance(self.knowledge_cutoff, Unset):
            knowledge_cutoff = UNSET
        else:
            knowledge_cutoff = self.knowledge_cutoff

        reasoning: dict[str, Any] | Unset = UNSET
        if not isinstance(self.reasoning, Unset):
            reasoning = self.reasoning.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "architecture": architecture,
                "canonical_slug": canonical_slug,
                "context_length": context_length,
                "created": created,
                "default_parameters": default_parameters,
                "id": id,
                "links": links,
                "name": name,
                "per_request_limits": per_request_limits,
                "pricing": pricing,
                "supported_parameters": supported_parameters,
                "supported_voices": supported_voices,
                "top_provider": top_provider,
            }
        )
        if alias_target is not UNSET:
            field_dict["alias_target"] = alias_target
        if benchmarks is not UNSET:
            field_dict["benchmarks"] = benchmarks
        if description is not UNSET:
            field_dict["description"] = description
        if expiration_date is not UNSET:
            field_dict["expiration_date"] = expiration_date
        if hugging_face_id is not UNSET:
            field_dict["hugging_face_id"] = hugging_face_id
        if knowledge_cutoff is not UNSET:
            field_dict["knowledge_cutoff"] = knowledge_cutoff
        if reasoning is not UNSET:
            field_dict["reasoning"] = reasoning

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.default_parameters_type_0 import DefaultParametersType0

        if "alias_target" in src_dict:
            from ..models.model_alias_target import ModelAliasTarget
        from ..models.model_architecture import ModelArchitecture

        if "benchmarks" in src_dict:
            from ..models.model_benchmarks import ModelBenchmarks
        from ..models.model_links import ModelLinks

        if "reasoning" in src_dict:
            from ..models.model_reasoning import ModelReasoning
        from ..models.per_request_limits_type_0 import PerRequestLimitsType0
        from ..models.public_pricing import PublicPricing
        from ..models.top_provider_info import TopProviderInfo

        d = dict(src_dict)
        architecture = ModelArchitecture.from_dict(d.pop("architecture"))

        canonical_slug = d.pop("canonical_slug")

        def _parse_context_length(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        context_length = _parse_context_length(d.pop("context_length"))

        created = d.pop("created")

        def _parse_default_parameters(data: object) -> DefaultParametersType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_default_parameters_type_0 = (
                    DefaultParametersType0.from_dict(data)
                )

                return componentsschemas_default_parameters_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DefaultParametersType0 | None, data)

        default_parameters = _parse_default_parameters(d.pop("default_parameters"))

        id = d.pop("id")

        links = ModelLinks.from_dict(d.pop("links"))

        name = d.pop("name")

        def _parse_per_request_limits(data: object) -> None | PerRequestLimitsType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_per_request_limits_type_0 = (
                    PerRequestLimitsType0.from_dict(data)
                )

                return componentsschemas_per_request_limits_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PerRequestLimitsType0, data)

        per_request_limits = _parse_per_request_limits(d.pop("per_request_limits"))

        pricing = PublicPricing.from_dict(d.pop("pricing"))

        supported_parameters = cast(list[str], d.pop("supported_parameters"))

        def _parse_supported_voices(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                supported_voices_type_0 = cast(list[str], data)

                return supported_voices_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        supported_voices = _parse_supported_voices(d.pop("supported_voices"))

        top_provider = TopProviderInfo.from_dict(d.pop("top_provider"))

        _alias_target = d.pop("alias_target", UNSET)
        alias_target: ModelAliasTarget | Unset
        if isinstance(_alias_target, Unset):
            alias_target = UNSET
        else:
            alias_target = ModelAliasTarget.from_dict(_alias_target)

        _benchmarks = d.pop("benchmarks", UNSET)
        benchmarks: ModelBenchmarks | Unset
        if isinstance(_benchmarks, Unset):
            benchmarks = UNSET
        else:
            benchmarks = ModelBenchmarks.from_dict(_benchmarks)

        description = d.pop("description", UNSET)

        def _parse_expiration_date(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        expiration_date = _parse_expiration_date(d.pop("expiration_date", UNSET))

        def _parse_hugging_face_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hugging_face_id = _parse_hugging_face_id(d.pop("hugging_face_id", UNSET))

        def _parse_knowledge_cutoff(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        knowledge_cutoff = _parse_knowledge_cutoff(d.pop("knowledge_cutoff", UNSET))

        _reasoning = d.pop("reasoning", UNSET)
        reasoning: ModelReasoning | Unset
        if isinstance(_reasoning, Unset):
            reasoning = UNSET
        else:
            reasoning = ModelReasoning.from_dict(_reasoning)

        model = cls(
            architecture=architecture,
            canonical_slug=canonical_slug,
            context_length=context_length,
            created=created,
            default_parameters=default_parameters,
            id=id,
            links=links,
            name=name,
            per_request_limits=per_request_limits,
            pricing=pricing,
            supported_parameters=supported_parameters,
            supported_voices=supported_voices,
            top_provider=top_provider,
            alias_target=alias_target,
            benchmarks=benchmarks,
            description=description,
            expiration_date=expiration_date,
            hugging_face_id=hugging_face_id,
            knowledge_cutoff=knowledge_cutoff,
            reasoning=reasoning,
        )

        model.additional_properties = d
        return model

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
