from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.get_current_key_response_200_data import GetCurrentKeyResponse200Data


T = TypeVar("T", bound="GetCurrentKeyResponse200")


@_attrs_define
class GetCurrentKeyResponse200:
    """
    Example:
        {'data': {'byok_usage': 17.38, 'byok_usage_daily': 17.38, 'byok_usage_monthly': 17.38, 'byok_usage_weekly':
            17.38, 'creator_user_id': 'user_2dHFtVWx2n56w6HkM0000000000', 'expires_at': '2027-12-31T23:59:59Z',
            'include_byok_in_limit': False, 'is_free_tier': False, 'is_management_key': False, 'is_provisioning_key': False,
            'label': 'sk-or-v1-au7...890', 'limit': 100, 'limit_remaining': 74.5, 'limit_reset': 'monthly', 'rate_limit':
            {'interval': '1h', 'note': 'This field is deprecated and safe to ignore.', 'requests': 1000}, 'usage': 25.5,
            'usage_daily': 25.5, 'usage_monthly': 25.5, 'usage_weekly': 25.5}}

    Attributes:
        data (GetCurrentKeyResponse200Data): Current API key information Example: {'byok_usage': 17.38,
            'byok_usage_daily': 17.38, 'byok_usage_monthly': 17.38, 'byok_usage_weekly': 17.38, 'creator_user_id':
            'user_2dHFtVWx2n56w6HkM0000000000', 'expires_at': '2027-12-31T23:59:59Z', 'include_byok_in_limit': False,
            'is_free_tier': False, 'is_management_key': False, 'is_provisioning_key': False, 'label': 'sk-or-v1-au7...890',
            'limit': 100, 'limit_remaining': 74.5, 'limit_reset': 'monthly', 'rate_limit': {'interval': '1h', 'note': 'This
            field is deprecated and safe to ignore.', 'requests': 1000}, 'usage': 25.5, 'usage_daily': 25.5,
            'usage_monthly': 25.5, 'usage_weekly': 25.5}.
    """

    data: GetCurrentKeyResponse200Data
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.get_current_key_response_200_data import (
            GetCurrentKeyResponse200Data,
        )

        d = dict(src_dict)
        data = GetCurrentKeyResponse200Data.from_dict(d.pop("data"))

        get_current_key_response_200 = cls(
            data=data,
        )

        get_current_key_response_200.additional_properties = d
        return get_current_key_response_200

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
