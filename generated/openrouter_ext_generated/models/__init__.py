"""Contains all the data models used in inputs/outputs

Each model is imported on first use: importing this package loads none of them.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .aa_benchmark_entry import AABenchmarkEntry
    from .bad_gateway_response import BadGatewayResponse
    from .bad_gateway_response_error_data import BadGatewayResponseErrorData
    from .bad_gateway_response_error_data_metadata_type_0 import (
        BadGatewayResponseErrorDataMetadataType0,
    )
    from .bad_gateway_response_openrouter_metadata_type_0 import (
        BadGatewayResponseOpenrouterMetadataType0,
    )
    from .bad_request_response import BadRequestResponse
    from .bad_request_response_error_data import BadRequestResponseErrorData
    from .bad_request_response_error_data_metadata_type_0 import (
        BadRequestResponseErrorDataMetadataType0,
    )
    from .bad_request_response_openrouter_metadata_type_0 import (
        BadRequestResponseOpenrouterMetadataType0,
    )
    from .create_audio_transcriptions_files_body import (
        CreateAudioTranscriptionsFilesBody,
    )
    from .create_audio_transcriptions_files_body_response_format import (
        CreateAudioTranscriptionsFilesBodyResponseFormat,
    )
    from .create_audio_transcriptions_files_body_timestamp_granularities_item import (
        CreateAudioTranscriptionsFilesBodyTimestampGranularitiesItem,
    )
    from .da_benchmark_entry import DABenchmarkEntry
    from .data_collection import DataCollection
    from .default_parameters_type_0 import DefaultParametersType0
    from .edge_network_timeout_response import EdgeNetworkTimeoutResponse
    from .edge_network_timeout_response_error_data import (
        EdgeNetworkTimeoutResponseErrorData,
    )
    from .edge_network_timeout_response_error_data_metadata_type_0 import (
        EdgeNetworkTimeoutResponseErrorDataMetadataType0,
    )
    from .edge_network_timeout_response_openrouter_metadata_type_0 import (
        EdgeNetworkTimeoutResponseOpenrouterMetadataType0,
    )
    from .forbidden_response import ForbiddenResponse
    from .forbidden_response_error_data import ForbiddenResponseErrorData
    from .forbidden_response_error_data_metadata_type_0 import (
        ForbiddenResponseErrorDataMetadataType0,
    )
    from .forbidden_response_openrouter_metadata_type_0 import (
        ForbiddenResponseOpenrouterMetadataType0,
    )
    from .gateway_timeout_response import GatewayTimeoutResponse
    from .gateway_timeout_response_error_data import GatewayTimeoutResponseErrorData
    from .gateway_timeout_response_error_data_metadata_type_0 import (
        GatewayTimeoutResponseErrorDataMetadataType0,
    )
    from .gateway_timeout_response_openrouter_metadata_type_0 import (
        GatewayTimeoutResponseOpenrouterMetadataType0,
    )
    from .get_current_key_response_200 import GetCurrentKeyResponse200
    from .get_current_key_response_200_data import GetCurrentKeyResponse200Data
    from .get_current_key_response_200_data_rate_limit import (
        GetCurrentKeyResponse200DataRateLimit,
    )
    from .get_models_category import GetModelsCategory
    from .get_models_distillable import GetModelsDistillable
    from .get_models_region import GetModelsRegion
    from .get_models_sort import GetModelsSort
    from .get_models_zdr import GetModelsZdr
    from .internal_server_response import InternalServerResponse
    from .internal_server_response_error_data import InternalServerResponseErrorData
    from .internal_server_response_error_data_metadata_type_0 import (
        InternalServerResponseErrorDataMetadataType0,
    )
    from .internal_server_response_openrouter_metadata_type_0 import (
        InternalServerResponseOpenrouterMetadataType0,
    )
    from .model import Model
    from .model_alias_target import ModelAliasTarget
    from .model_architecture import ModelArchitecture
    from .model_benchmarks import ModelBenchmarks
    from .model_links import ModelLinks
    from .model_reasoning import ModelReasoning
    from .models_list_response import ModelsListResponse
    from .models_list_response_links import ModelsListResponseLinks
    from .not_found_response import NotFoundResponse
    from .not_found_response_error_data import NotFoundResponseErrorData
    from .not_found_response_error_data_metadata_type_0 import (
        NotFoundResponseErrorDataMetadataType0,
    )
    from .not_found_response_openrouter_metadata_type_0 import (
        NotFoundResponseOpenrouterMetadataType0,
    )
    from .payload_too_large_response import PayloadTooLargeResponse
    from .payload_too_large_response_error_data import PayloadTooLargeResponseErrorData
    from .payload_too_large_response_error_data_metadata_type_0 import (
        PayloadTooLargeResponseErrorDataMetadataType0,
    )
    from .payload_too_large_response_openrouter_metadata_type_0 import (
        PayloadTooLargeResponseOpenrouterMetadataType0,
    )
    from .payment_required_response import PaymentRequiredResponse
    from .payment_required_response_error_data import PaymentRequiredResponseErrorData
    from .payment_required_response_error_data_metadata_type_0 import (
        PaymentRequiredResponseErrorDataMetadataType0,
    )
    from .payment_required_response_openrouter_metadata_type_0 import (
        PaymentRequiredResponseOpenrouterMetadataType0,
    )
    from .per_request_limits_type_0 import PerRequestLimitsType0
    from .pricing_override import PricingOverride
    from .provider_options import ProviderOptions
    from .provider_options_additional_property import ProviderOptionsAdditionalProperty
    from .provider_overloaded_response import ProviderOverloadedResponse
    from .provider_overloaded_response_error_data import (
        ProviderOverloadedResponseErrorData,
    )
    from .provider_overloaded_response_error_data_metadata_type_0 import (
        ProviderOverloadedResponseErrorDataMetadataType0,
    )
    from .provider_overloaded_response_openrouter_metadata_type_0 import (
        ProviderOverloadedResponseOpenrouterMetadataType0,
    )
    from .public_pricing import PublicPricing
    from .service_unavailable_response import ServiceUnavailableResponse
    from .service_unavailable_response_error_data import (
        ServiceUnavailableResponseErrorData,
    )
    from .service_unavailable_response_error_data_metadata_type_0 import (
        ServiceUnavailableResponseErrorDataMetadataType0,
    )
    from .service_unavailable_response_openrouter_metadata_type_0 import (
        ServiceUnavailableResponseOpenrouterMetadataType0,
    )
    from .stt_entity import STTEntity
    from .stt_inline_input_audio import STTInlineInputAudio
    from .stt_request import STTRequest
    from .stt_request_provider import STTRequestProvider
    from .stt_request_response_format import STTRequestResponseFormat
    from .stt_response import STTResponse
    from .stt_segment import STTSegment
    from .stt_timestamp_granularity import STTTimestampGranularity
    from .stt_usage import STTUsage
    from .stt_word import STTWord
    from .stt_word_type import STTWordType
    from .stturl_input_audio import STTURLInputAudio
    from .too_many_requests_response import TooManyRequestsResponse
    from .too_many_requests_response_error_data import TooManyRequestsResponseErrorData
    from .too_many_requests_response_error_data_metadata_type_0 import (
        TooManyRequestsResponseErrorDataMetadataType0,
    )
    from .too_many_requests_response_openrouter_metadata_type_0 import (
        TooManyRequestsResponseOpenrouterMetadataType0,
    )
    from .top_provider_info import TopProviderInfo
    from .trace_config import TraceConfig
    from .unauthorized_response import UnauthorizedResponse
    from .unauthorized_response_error_data import UnauthorizedResponseErrorData
    from .unauthorized_response_error_data_metadata_type_0 import (
        UnauthorizedResponseErrorDataMetadataType0,
    )
    from .unauthorized_response_openrouter_metadata_type_0 import (
        UnauthorizedResponseOpenrouterMetadataType0,
    )

__all__ = (
    "AABenchmarkEntry",
    "BadGatewayResponse",
    "BadGatewayResponseErrorData",
    "BadGatewayResponseErrorDataMetadataType0",
    "BadGatewayResponseOpenrouterMetadataType0",
    "BadRequestResponse",
    "BadRequestResponseErrorData",
    "BadRequestResponseErrorDataMetadataType0",
    "BadRequestResponseOpenrouterMetadataType0",
    "CreateAudioTranscriptionsFilesBody",
    "CreateAudioTranscriptionsFilesBodyResponseFormat",
    "CreateAudioTranscriptionsFilesBodyTimestampGranularitiesItem",
    "DABenchmarkEntry",
    "DataCollection",
    "DefaultParametersType0",
    "EdgeNetworkTimeoutResponse",
    "EdgeNetworkTimeoutResponseErrorData",
    "EdgeNetworkTimeoutResponseErrorDataMetadataType0",
    "EdgeNetworkTimeoutResponseOpenrouterMetadataType0",
    "ForbiddenResponse",
    "ForbiddenResponseErrorData",
    "ForbiddenResponseErrorDataMetadataType0",
    "ForbiddenResponseOpenrouterMetadataType0",
    "GatewayTimeoutResponse",
    "GatewayTimeoutResponseErrorData",
    "GatewayTimeoutResponseErrorDataMetadataType0",
    "GatewayTimeoutResponseOpenrouterMetadataType0",
    "GetCurrentKeyResponse200",
    "GetCurrentKeyResponse200Data",
    "GetCurrentKeyResponse200DataRateLimit",
    "GetModelsCategory",
    "GetModelsDistillable",
    "GetModelsRegion",
    "GetModelsSort",
    "GetModelsZdr",
    "InternalServerResponse",
    "InternalServerResponseErrorData",
    "InternalServerResponseErrorDataMetadataType0",
    "InternalServerResponseOpenrouterMetadataType0",
    "Model",
    "ModelAliasTarget",
    "ModelArchitecture",
    "ModelBenchmarks",
    "ModelLinks",
    "ModelReasoning",
    "ModelsListResponse",
    "ModelsListResponseLinks",
    "NotFoundResponse",
    "NotFoundResponseErrorData",
    "NotFoundResponseErrorDataMetadataType0",
    "NotFoundResponseOpenrouterMetadataType0",
    "PayloadTooLargeResponse",
    "PayloadTooLargeResponseErrorData",
    "PayloadTooLargeResponseErrorDataMetadataType0",
    "PayloadTooLargeResponseOpenrouterMetadataType0",
    "PaymentRequiredResponse",
    "PaymentRequiredResponseErrorData",
    "PaymentRequiredResponseErrorDataMetadataType0",
    "PaymentRequiredResponseOpenrouterMetadataType0",
    "PerRequestLimitsType0",
    "PricingOverride",
    "ProviderOptions",
    "ProviderOptionsAdditionalProperty",
    "ProviderOverloadedResponse",
    "ProviderOverloadedResponseErrorData",
    "ProviderOverloadedResponseErrorDataMetadataType0",
    "ProviderOverloadedResponseOpenrouterMetadataType0",
    "PublicPricing",
    "STTEntity",
    "STTInlineInputAudio",
    "STTRequest",
    "STTRequestProvider",
    "STTRequestResponseFormat",
    "STTResponse",
    "STTSegment",
    "STTTimestampGranularity",
    "STTURLInputAudio",
    "STTUsage",
    "STTWord",
    "STTWordType",
    "ServiceUnavailableResponse",
    "ServiceUnavailableResponseErrorData",
    "ServiceUnavailableResponseErrorDataMetadataType0",
    "ServiceUnavailableResponseOpenrouterMetadataType0",
    "TooManyRequestsResponse",
    "TooManyRequestsResponseErrorData",
    "TooManyRequestsResponseErrorDataMetadataType0",
    "TooManyRequestsResponseOpenrouterMetadataType0",
    "TopProviderInfo",
    "TraceConfig",
    "UnauthorizedResponse",
    "UnauthorizedResponseErrorData",
    "UnauthorizedResponseErrorDataMetadataType0",
    "UnauthorizedResponseOpenrouterMetadataType0",
)

# The module of each model, relative to this package.
_MODULES = {
    "AABenchmarkEntry": ".aa_benchmark_entry",
    "BadGatewayResponse": ".bad_gateway_response",
    "BadGatewayResponseErrorData": ".bad_gateway_response_error_data",
    "BadGatewayResponseErrorDataMetadataType0": ".bad_gateway_response_error_data_metadata_type_0",
    "BadGatewayResponseOpenrouterMetadataType0": ".bad_gateway_response_openrouter_metadata_type_0",
    "BadRequestResponse": ".bad_request_response",
    "BadRequestResponseErrorData": ".bad_request_response_error_data",
    "BadRequestResponseErrorDataMetadataType0": ".bad_request_response_error_data_metadata_type_0",
    "BadRequestResponseOpenrouterMetadataType0": ".bad_request_response_openrouter_metadata_type_0",
    "CreateAudioTranscriptionsFilesBody": ".create_audio_transcriptions_files_body",
    "CreateAudioTranscriptionsFilesBodyResponseFormat": ".create_audio_transcriptions_files_body_response_format",
    "CreateAudioTranscriptionsFilesBodyTimestampGranularitiesItem": ".create_audio_transcriptions_files_body_timestamp_granularities_item",
    "DABenchmarkEntry": ".da_benchmark_entry",
    "DataCollection": ".data_collection",
    "DefaultParametersType0": ".default_parameters_type_0",
    "EdgeNetworkTimeoutResponse": ".edge_network_timeout_response",
    "EdgeNetworkTimeoutResponseErrorData": ".edge_network_timeout_response_error_data",
    "EdgeNetworkTimeoutResponseErrorDataMetadataType0": ".edge_network_timeout_response_error_data_metadata_type_0",
    "EdgeNetworkTimeoutResponseOpenrouterMetadataType0": ".edge_network_timeout_response_openrouter_metadata_type_0",
    "ForbiddenResponse": ".forbidden_response",
    "ForbiddenResponseErrorData": ".forbidden_response_error_data",
    "ForbiddenResponseErrorDataMetadataType0": ".forbidden_response_error_data_metadata_type_0",
    "ForbiddenResponseOpenrouterMetadataType0": ".forbidden_response_openrouter_metadata_type_0",
    "GatewayTimeoutResponse": ".gateway_timeout_response",
    "GatewayTimeoutResponseErrorData": ".gateway_timeout_response_error_data",
    "GatewayTimeoutResponseErrorDataMetadataType0": ".gateway_timeout_response_error_data_metadata_type_0",
    "GatewayTimeoutResponseOpenrouterMetadataType0": ".gateway_timeout_response_openrouter_metadata_type_0",
    "GetCurrentKeyResponse200": ".get_current_key_response_200",
    "GetCurrentKeyResponse200Data": ".get_current_key_response_200_data",
    "GetCurrentKeyResponse200DataRateLimit": ".get_current_key_response_200_data_rate_limit",
    "GetModelsCategory": ".get_models_category",
    "GetModelsDistillable": ".get_models_distillable",
    "GetModelsRegion": ".get_models_region",
    "GetModelsSort": ".get_models_sort",
    "GetModelsZdr": ".get_models_zdr",
    "InternalServerResponse": ".internal_server_response",
    "InternalServerResponseErrorData": ".internal_server_response_error_data",
    "InternalServerResponseErrorDataMetadataType0": ".internal_server_response_error_data_metadata_type_0",
    "InternalServerResponseOpenrouterMetadataType0": ".internal_server_response_openrouter_metadata_type_0",
    "Model": ".model",
    "ModelAliasTarget": ".model_alias_target",
    "ModelArchitecture": ".model_architecture",
    "ModelBenchmarks": ".model_benchmarks",
    "ModelLinks": ".model_links",
    "ModelReasoning": ".model_reasoning",
    "ModelsListResponse": ".models_list_response",
    "ModelsListResponseLinks": ".models_list_response_links",
    "NotFoundResponse": ".not_found_response",
    "NotFoundResponseErrorData": ".not_found_response_error_data",
    "NotFoundResponseErrorDataMetadataType0": ".not_found_response_error_data_metadata_type_0",
    "NotFoundResponseOpenrouterMetadataType0": ".not_found_response_openrouter_metadata_type_0",
    "PayloadTooLargeResponse": ".payload_too_large_response",
    "PayloadTooLargeResponseErrorData": ".payload_too_large_response_error_data",
    "PayloadTooLargeResponseErrorDataMetadataType0": ".payload_too_large_response_error_data_metadata_type_0",
    "PayloadTooLargeResponseOpenrouterMetadataType0": ".payload_too_large_response_openrouter_metadata_type_0",
    "PaymentRequiredResponse": ".payment_required_response",
    "PaymentRequiredResponseErrorData": ".payment_required_response_error_data",
    "PaymentRequiredResponseErrorDataMetadataType0": ".payment_required_response_error_data_metadata_type_0",
    "PaymentRequiredResponseOpenrouterMetadataType0": ".payment_required_response_openrouter_metadata_type_0",
    "PerRequestLimitsType0": ".per_request_limits_type_0",
    "PricingOverride": ".pricing_override",
    "ProviderOptions": ".provider_options",
    "ProviderOptionsAdditionalProperty": ".provider_options_additional_property",
    "ProviderOverloadedResponse": ".provider_overloaded_response",
    "ProviderOverloadedResponseErrorData": ".provider_overloaded_response_error_data",
    "ProviderOverloadedResponseErrorDataMetadataType0": ".provider_overloaded_response_error_data_metadata_type_0",
    "ProviderOverloadedResponseOpenrouterMetadataType0": ".provider_overloaded_response_openrouter_metadata_type_0",
    "PublicPricing": ".public_pricing",
    "STTEntity": ".stt_entity",
    "STTInlineInputAudio": ".stt_inline_input_audio",
    "STTRequest": ".stt_request",
    "STTRequestProvider": ".stt_request_provider",
    "STTRequestResponseFormat": ".stt_request_response_format",
    "STTResponse": ".stt_response",
    "STTSegment": ".stt_segment",
    "STTTimestampGranularity": ".stt_timestamp_granularity",
    "STTURLInputAudio": ".stturl_input_audio",
    "STTUsage": ".stt_usage",
    "STTWord": ".stt_word",
    "STTWordType": ".stt_word_type",
    "ServiceUnavailableResponse": ".service_unavailable_response",
    "ServiceUnavailableResponseErrorData": ".service_unavailable_response_error_data",
    "ServiceUnavailableResponseErrorDataMetadataType0": ".service_unavailable_response_error_data_metadata_type_0",
    "ServiceUnavailableResponseOpenrouterMetadataType0": ".service_unavailable_response_openrouter_metadata_type_0",
    "TooManyRequestsResponse": ".too_many_requests_response",
    "TooManyRequestsResponseErrorData": ".too_many_requests_response_error_data",
    "TooManyRequestsResponseErrorDataMetadataType0": ".too_many_requests_response_error_data_metadata_type_0",
    "TooManyRequestsResponseOpenrouterMetadataType0": ".too_many_requests_response_openrouter_metadata_type_0",
    "TopProviderInfo": ".top_provider_info",
    "TraceConfig": ".trace_config",
    "UnauthorizedResponse": ".unauthorized_response",
    "UnauthorizedResponseErrorData": ".unauthorized_response_error_data",
    "UnauthorizedResponseErrorDataMetadataType0": ".unauthorized_response_error_data_metadata_type_0",
    "UnauthorizedResponseOpenrouterMetadataType0": ".unauthorized_response_openrouter_metadata_type_0",
}


def __getattr__(name: str) -> Any:
    try:
        module = _MODULES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # found once; later look-ups never reach __getattr__
    return value


def __dir__() -> list[str]:
    return list(__all__)
