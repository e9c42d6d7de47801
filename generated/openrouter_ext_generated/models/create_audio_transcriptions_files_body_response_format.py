from enum import StrEnum


class CreateAudioTranscriptionsFilesBodyResponseFormat(StrEnum):
    JSON = "json"
    VERBOSE_JSON = "verbose_json"

    def __str__(self) -> str:
        return str(self.value)
