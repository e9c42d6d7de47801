from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.model import Model
    from ..models.models_list_response_links import ModelsListResponseLinks


T = TypeVar("T", bound="ModelsListResponse")


@_attrs_define
class ModelsListResponse:
    """List of available models

    Example:
        {'data': [{'architecture': {'input_modalities': ['text'], 'instruct_type': 'chatml', 'modality': 'text->text',
            'output_modalities': ['text'], 'tokenizer': 'GPT'}, 'canonical_slug': 'openai/gpt-4', 'context_length': 8192,
            'created': 1692901234, 'default_parameters': None, 'description': 'GPT-4 is a large multimodal model that can
            solve difficult problems with greater accuracy.', 'expiration_date': None, 'id': 'openai/gpt-4',
            'knowledge_cutoff': None, 'links': {'details': '/api/v1/models/openai/gpt-4/endpoints'}, 'name': 'GPT-4',
            'per_request_limits': None, 'pricing': {'completion': '0.00006', 'image': '0', 'prompt': '0.00003', 'request':
            '0'}, 'supported_parameters': ['temperature', 'top_p', 'max_tokens', 'frequency_penalty', 'presence_penalty'],
            'supported_voices': None, 'top_provider': {'context_length': 8192, 'is_moderated': True,
            'max_completion_tokens': 4096}}], 'links': {'next': '/api/v1/models?offset=500&limit=500'}, 'total_count': 150}

    Attributes:
        data (list[Model]): List of available models Example: [{'architecture': {'input_modalities': ['text'],
            'instruct_type': 'chatml', 'modality': 'text->text', 'output_modalities': ['text'], 'tokenizer': 'GPT'},
            'canonical_slug': 'openai/gpt-4', 'context_length': 8192, 'created': 1692901234, 'default_parameters': None,
            'description': 'GPT-4 is a large multimodal model that can solve difficult problems with greater accuracy.',
            'expiration_date': None, 'id': 'openai/gpt-4', 'knowledge_cutoff': None, 'links': {'details':
            '/api/v1/models/openai/gpt-4/endpoints'}, 'name': 'GPT-4', 'per_request_limits': None, 'pricing': {'completion':
            '0.00006', 'image': '0', 'prompt': '0.00003', 'request': '0'}, 'supported_parameters': ['temperature', 'top_p',
            'max_tokens'], 'supported_voices': None, 'top_provider': {'context_length': 8192, 'is_moderated': True,
            'max_completion_tokens': 4096}}].
        links (ModelsListResponseLinks): Pagination links
        total_count (int): Total number of models matching the query Example: 150.
    """

    data: list[Model]
    links: ModelsListResponseLinks
    total_count: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = []
        for componentsschemas_models_list_response_data_item_data in self.data:
            componentsschemas_models_list_response_data_item = (
                componentsschemas_models_list_response_data_item_data.to_dict()
            )
            data.append(componentsschemas_models_list_response_data_item)

        links = self.links.to_dict()

        total_count = self.total_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "links": links,
                "total_count": total_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.model import Model
        from ..models.models_list_response_links import ModelsListResponseLinks

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for componentsschemas_models_list_response_data_item_data in _data:
            componentsschemas_models_list_response_data_item = Model.from_dict(
                componentsschemas_models_list_response_data_item_data
            )

            data.append(componentsschemas_models_list_response_data_item)

        links = ModelsListResponseLinks.from_dict(d.pop("links"))

        total_count = d.pop("total_count")

        models_list_response = cls(
            data=data,
            links=links,
            total_count=total_count,
        )

        models_list_response.additional_properties = d
        return models_list_response

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
