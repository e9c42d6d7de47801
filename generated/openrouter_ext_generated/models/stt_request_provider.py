from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.data_collection import DataCollection
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.provider_options import ProviderOptions


T = TypeVar("T", bound="STTRequestProvider")


@_attrs_define
class STTRequestProvider:
    """Provider-specific passthrough configuration

    Attributes:
        options (ProviderOptions | Unset): Provider-specific options keyed by provider slug. Only options for the
            matched provider are forwarded; the rest are ignored. Unrecognized keys are silently dropped. Modelled as a map
            keyed by provider slug (the published document lists each slug as a named property): the same JSON on the wire,
            a far smaller generated client. Example: {'openai': {'max_tokens': 1000}}.
        zdr (bool | None | Unset): Only route to zero-data-retention endpoints
        data_collection (DataCollection | None | Unset): Whether to use providers that may store or train on the data
    """

    options: ProviderOptions | Unset = UNSET
    zdr: bool | None | Unset = UNSET
    data_collection: DataCollection | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        options: dict[str, Any] | Unset = UNSET
        if not isinstance(self.options, Unset):
            options = self.options.to_dict()

        zdr: bool | None | Unset
        if isinstance(self.zdr, Unset):
            zdr = UNSET
        else:
            zdr = self.zdr

        data_collection: None | str | Unset
        if isinstance(self.data_collection, Unset):
            data_collection = UNSET
        elif isinstance(self.data_collection, DataCollection):
            data_collection = self.data_collection.value
        else:
            data_collection = self.data_collection

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if options is not UNSET:
            field_dict["options"] = options
        if zdr is not UNSET:
            field_dict["zdr"] = zdr
        if data_collection is not UNSET:
            field_dict["data_collection"] = data_collection

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if "options" in src_dict:
            from ..models.provider_options import ProviderOptions
        d = dict(src_dict)
        _options = d.pop("options", UNSET)
        options: ProviderOptions | Unset
        if isinstance(_options, Unset):
            options = UNSET
        else:
            options = ProviderOptions.from_dict(_options)

        def _parse_zdr(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        zdr = _parse_zdr(d.pop("zdr", UNSET))

        def _parse_data_collection(data: object) -> DataCollection | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                data_collection_type_0 = DataCollection(data)

                return data_collection_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DataCollection | None | Unset, data)

        data_collection = _parse_data_collection(d.pop("data_collection", UNSET))

        stt_request_provider = cls(
            options=options,
            zdr=zdr,
            data_collection=data_collection,
        )

        stt_request_provider.additional_properties = d
        return stt_request_provider

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
