from enum import StrEnum


class GetModelsZdr(StrEnum):
    TRUE = "true"

    def __str__(self) -> str:
        return str(self.value)
