from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="GetCurrentKeyResponse200DataRateLimit")


@_attrs_define
class GetCurrentKeyResponse200DataRateLimit:
    """Legacy rate limit information about a key. Will always return -1.

    Example:
        {'interval': '1h', 'note': 'This field is deprecated and safe to ignore.', 'requests': 1000}

    Attributes:
        interval (str): Rate limit interval Example: 1h.
        note (str): Note about the rate limit Example: This field is deprecated and safe to ignore..
        requests (int): Number of requests allowed per interval Example: 1000.
    """

    interval: str
    note: str
    requests: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        interval = self.interval

        note = self.note

        requests = self.requests

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "interval": interval,
                "note": note,
                "requests": requests,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        interval = d.pop("interval")

        note = d.pop("note")

        requests = d.pop("requests")

        get_current_key_response_200_data_rate_limit = cls(
            interval=interval,
            note=note,
            requests=requests,
        )

        get_current_key_response_200_data_rate_limit.additional_properties = d
        return get_current_key_response_200_data_rate_limit

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
