from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ModelArchitecture")


@_attrs_define
class ModelArchitecture:
    """Model architecture information

    Example:
        {'input_modalities': ['text'], 'instruct_type': 'chatml', 'modality': 'text->text', 'output_modalities':
            ['text'], 'tokenizer': 'GPT'}

    Attributes:
        input_modalities (list[str]): Supported input modalities
        modality (None | str): Primary modality of the model Example: text->text.
        output_modalities (list[str]): Supported output modalities
        instruct_type (None | str | Unset): Instruction format type. An open set: the API adds values without notice
            (its answers carry values the vendor's enum lacks), so any string is taken. Documented so far: none, airoboros,
            alpaca, alpaca-modif, chatml, claude, code-llama, gemma, llama2, llama3, mistral, nemotron, neural, openchat,
            phi3, rwkv, vicuna, zephyr, deepseek-r1, deepseek-v3.1, qwq, qwen3. Example: chatml.
        tokenizer (str | Unset): Tokenizer type used by the model. An open set: the API adds values without notice (its
            answers carry values the vendor's enum lacks), so any string is taken. Documented so far: Router, Media, Other,
            GPT, Claude, Gemini, Gemma, Grok, Cohere, Nova, Qwen, Yi, DeepSeek, Mistral, Llama2, Llama3, Llama4, PaLM, RWKV,
            Qwen3. Example: GPT.
    """

    input_modalities: list[str]
    modality: None | str
    output_modalities: list[str]
    instruct_type: None | str | Unset = UNSET
    tokenizer: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        input_modalities = self.input_modalities

        modality: None | str
        modality = self.modality

        output_modalities = self.output_modalities

        instruct_type: None | str | Unset
        if isinstance(self.instruct_type, Unset):
            instruct_type = UNSET
        else:
            instruct_type = self.instruct_type

        tokenizer = self.tokenizer

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "input_modalities": input_modalities,
                "modality": modality,
                "output_modalities": output_modalities,
            }
        )
        if instruct_type is not UNSET:
            field_dict["instruct_type"] = instruct_type
        if tokenizer is not UNSET:
            field_dict["tokenizer"] = tokenizer

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        input_modalities = cast(list[str], d.pop("input_modalities"))

        def _parse_modality(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        modality = _parse_modality(d.pop("modality"))

        output_modalities = cast(list[str], d.pop("output_modalities"))

        def _parse_instruct_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        instruct_type = _parse_instruct_type(d.pop("instruct_type", UNSET))

        tokenizer = d.pop("tokenizer", UNSET)

        model_architecture = cls(
            input_modalities=input_modalities,
            modality=modality,
            output_modalities=output_modalities,
            instruct_type=instruct_type,
            tokenizer=tokenizer,
        )

        model_architecture.additional_properties = d
        return model_architecture

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
