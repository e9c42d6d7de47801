from enum import StrEnum


class STTRequestResponseFormat(StrEnum):
    JSON = "json"
    VERBOSE_JSON = "verbose_json"

    def __str__(self) -> str:
        return str(self.value)
