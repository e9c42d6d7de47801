from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any

import httpx

from ... import errors
from ...models.create_audio_transcriptions_files_body import (
    CreateAudioTranscriptionsFilesBody,
)
from ...models.stt_request import STTRequest
from ...models.stt_response import STTResponse
from ...types import UNSET, Response, Unset

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client
    from ...models.bad_gateway_response import BadGatewayResponse
    from ...models.bad_request_response import BadRequestResponse
    from ...models.edge_network_timeout_response import EdgeNetworkTimeoutResponse
    from ...models.forbidden_response import ForbiddenResponse
    from ...models.gateway_timeout_response import GatewayTimeoutResponse
    from ...models.internal_server_response import InternalServerResponse
    from ...models.not_found_response import NotFoundResponse
    from ...models.payload_too_large_response import PayloadTooLargeResponse
    from ...models.payment_required_response import PaymentRequiredResponse
    from ...models.provider_overloaded_response import ProviderOverloadedResponse
    from ...models.service_unavailable_response import ServiceUnavailableResponse
    from ...models.too_many_requests_response import TooManyRequestsResponse
    from ...models.unauthorized_response import UnauthorizedResponse


def _get_kwargs(
    *,
    body: STTRequest | CreateAudioTranscriptionsFilesBody | Unset = UNSET,
    http_referer: str | Unset = UNSET,
    x_open_router_title: str | Unset = UNSET,
    x_open_router_categories: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(http_referer, Unset):
        headers["HTTP-Referer"] = http_referer

    if not isinstance(x_open_router_title, Unset):
        headers["X-OpenRouter-Title"] = x_open_router_title

    if not isinstance(x_open_router_categories, Unset):
        headers["X-OpenRouter-Categories"] = x_open_router_categories

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/audio/transcriptions",
    }

    if isinstance(body, STTRequest):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, CreateAudioTranscriptionsFilesBody):
        _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    BadGatewayResponse
    | BadRequestResponse
    | EdgeNetworkTimeoutResponse
    | ForbiddenResponse
    | GatewayTimeoutResponse
    | InternalServerResponse
    | NotFoundResponse
    | PayloadTooLargeResponse
    | PaymentRequiredResponse
    | ProviderOverloadedResponse
    | STTResponse
    | ServiceUnavailableResponse
    | TooManyRequestsResponse
    | UnauthorizedResponse
    | None
):
    from ...models.bad_gateway_response import BadGatewayResponse
    from ...models.bad_request_response import BadRequestResponse
    from ...models.edge_network_timeout_response import EdgeNetworkTimeoutResponse
    from ...models.forbidden_response import ForbiddenResponse
    from ...models.gateway_timeout_response import GatewayTimeoutResponse
    from ...models.internal_server_response import InternalServerResponse
    from ...models.not_found_response import NotFoundResponse
    from ...models.payload_too_large_response import PayloadTooLargeResponse
    from ...models.payment_required_response import PaymentRequiredResponse
    from ...models.provider_overloaded_response import ProviderOverloadedResponse
    from ...models.service_unavailable_response import ServiceUnavailableResponse
    from ...models.too_many_requests_response import TooManyRequestsResponse
    from ...models.unauthorized_response import UnauthorizedResponse

    if response.status_code == 200:
        response_200 = STTResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = BadRequestResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = UnauthorizedResponse.from_dict(response.json())

        return response_401

    if response.status_code == 402:
        response_402 = PaymentRequiredResponse.from_dict(response.json())

        return response_402

    if response.status_code == 403:
        response_403 = ForbiddenResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = NotFoundResponse.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = PayloadTooLargeResponse.from_dict(response.json())

        return response_413

    if response.status_code == 429:
        response_429 = TooManyRequestsResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = InternalServerResponse.from_dict(response.json())

        return response_500

    if response.status_code == 502:
        response_502 = BadGatewayResponse.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = ServiceUnavailableResponse.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = GatewayTimeoutResponse.from_dict(response.json())

        return response_504

    if response.status_code == 524:
        response_524 = EdgeNetworkTimeoutResponse.from_dict(response.json())

        return response_524

    if response.status_code == 529:
        response_529 = ProviderOverloadedResponse.from_dict(response.json())

        return response_529

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    BadGatewayResponse
    | BadRequestResponse
    | EdgeNetworkTimeoutResponse
    | ForbiddenResponse
    | GatewayTimeoutResponse
    | InternalServerResponse
    | NotFoundResponse
    | PayloadTooLargeResponse
    | PaymentRequiredResponse
    | ProviderOverloadedResponse
    | STTResponse
    | ServiceUnavailableResponse
    | TooManyRequestsResponse
    | UnauthorizedResponse
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: STTRequest | CreateAudioTranscriptionsFilesBody | Unset = UNSET,
    http_referer: str | Unset = UNSET,
    x_open_router_title: str | Unset = UNSET,
    x_open_router_categories: str | Unset = UNSET,
) -> Response[
    BadGatewayResponse
    | BadRequestResponse
    | EdgeNetworkTimeoutResponse
    | ForbiddenResponse
    | GatewayTimeoutResponse
    | InternalServerResponse
    | NotFoundResponse
    | PayloadTooLargeResponse
    | PaymentRequiredResponse
    | ProviderOverloadedResponse
    | STTResponse
    | ServiceUnavailableResponse
    | TooManyRequestsResponse
    | UnauthorizedResponse
]:
    """Create transcription

     Transcribes audio into text. Accepts base64-encoded audio input as JSON or an OpenAI-style
    multipart/form-data file upload, and returns the transcribed text.

    Args:
        http_referer (str | Unset):
        x_open_router_title (str | Unset):
        x_open_router_categories (str | Unset):
        body (STTRequest): Speech-to-text request input. Accepts a JSON body with input_audio
            containing base64-encoded audio, or a URL the provider downloads the audio from. Example:
            {'input_audio': {'data': 'UklGRiQA...', 'format': 'wav'}, 'language': 'en', 'model':
            'openai/whisper-large-v3'}.
        body (CreateAudioTranscriptionsFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BadGatewayResponse | BadRequestResponse | EdgeNetworkTimeoutResponse | ForbiddenResponse | GatewayTimeoutResponse | InternalServerResponse | NotFoundResponse | PayloadTooLargeResponse | PaymentRequiredResponse | ProviderOverloadedResponse | STTResponse | ServiceUnavailableResponse | TooManyRequestsResponse | UnauthorizedResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        http_referer=http_referer,
        x_open_router_title=x_open_router_title,
        x_open_router_categories=x_open_router_categories,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: STTRequest | CreateAudioTranscriptionsFilesBody | Unset = UNSET,
    http_referer: str | Unset = UNSET,
    x_open_router_title: str | Unset = UNSET,
    x_open_router_categories: str | Unset = UNSET,
) -> (
    BadGatewayResponse
    | BadRequestResponse
    | EdgeNetworkTimeoutResponse
    | ForbiddenResponse
    | GatewayTimeoutResponse
    | InternalServerResponse
    | NotFoundResponse
    | PayloadTooLargeResponse
    | PaymentRequiredResponse
    | ProviderOverloadedResponse
    | STTResponse
    | ServiceUnavailableResponse
    | TooManyRequestsResponse
    | UnauthorizedResponse
    | None
):
    """Create transcription

     Transcribes audio into text. Accepts base64-encoded audio input as JSON or an OpenAI-style
    multipart/form-data file upload, and returns the transcribed text.

    Args:
        http_referer (str | Unset):
        x_open_router_title (str | Unset):
        x_open_router_categories (str | Unset):
        body (STTRequest): Speech-to-text request input. Accepts a JSON body with input_audio
            containing base64-encoded audio, or a URL the provider downloads the audio from. Example:
            {'input_audio': {'data': 'UklGRiQA...', 'format': 'wav'}, 'language': 'en', 'model':
            'openai/whisper-large-v3'}.
        body (CreateAudioTranscriptionsFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BadGatewayResponse | BadRequestResponse | EdgeNetworkTimeoutResponse | ForbiddenResponse | GatewayTimeoutResponse | InternalServerResponse | NotFoundResponse | PayloadTooLargeResponse | PaymentRequiredResponse | ProviderOverloadedResponse | STTResponse | ServiceUnavailableResponse | TooManyRequestsResponse | UnauthorizedResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        http_referer=http_referer,
        x_open_router_title=x_open_router_title,
        x_open_router_categories=x_open_router_categories,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: STTRequest | CreateAudioTranscriptionsFilesBody | Unset = UNSET,
    http_referer: str | Unset = UNSET,
    x_open_router_title: str | Unset = UNSET,
    x_open_router_categories: str | Unset = UNSET,
) -> Response[
    BadGatewayResponse
    | BadRequestResponse
    | EdgeNetworkTimeoutResponse
    | ForbiddenResponse
    | GatewayTimeoutResponse
    | InternalServerResponse
    | NotFoundResponse
    | PayloadTooLargeResponse
    | PaymentRequiredResponse
    | ProviderOverloadedResponse
    | STTResponse
    | ServiceUnavailableResponse
    | TooManyRequestsResponse
    | UnauthorizedResponse
]:
    """Create transcription

     Transcribes audio into text. Accepts base64-encoded audio input as JSON or an OpenAI-style
    multipart/form-data file upload, and returns the transcribed text.

    Args:
        http_referer (str | Unset):
        x_open_router_title (str | Unset):
        x_open_router_categories (str | Unset):
        body (STTRequest): Speech-to-text request input. Accepts a JSON body with input_audio
            containing base64-encoded audio, or a URL the provider downloads the audio from. Example:
            {'input_audio': {'data': 'UklGRiQA...', 'format': 'wav'}, 'language': 'en', 'model':
            'openai/whisper-large-v3'}.
        body (CreateAudioTranscriptionsFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BadGatewayResponse | BadRequestResponse | EdgeNetworkTimeoutResponse | ForbiddenResponse | GatewayTimeoutResponse | InternalServerResponse | NotFoundResponse | PayloadTooLargeResponse | PaymentRequiredResponse | ProviderOverloadedResponse | STTResponse | ServiceUnavailableResponse | TooManyRequestsResponse | UnauthorizedResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        http_referer=http_referer,
        x_open_router_title=x_open_router_title,
        x_open_router_categories=x_open_router_categories,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: STTRequest | CreateAudioTranscriptionsFilesBody | Unset = UNSET,
    http_referer: str | Unset = UNSET,
    x_open_router_title: str | Unset = UNSET,
    x_open_router_categories: str | Unset = UNSET,
) -> (
    BadGatewayResponse
    | BadRequestResponse
    | EdgeNetworkTimeoutResponse
    | ForbiddenResponse
    | GatewayTimeoutResponse
    | InternalServerResponse
    | NotFoundResponse
    | PayloadTooLargeResponse
    | PaymentRequiredResponse
    | ProviderOverloadedResponse
    | STTResponse
    | ServiceUnavailableResponse
    | TooManyRequestsResponse
    | UnauthorizedResponse
    | None
):
    """Create transcription

     Transcribes audio into text. Accepts base64-encoded audio input as JSON or an OpenAI-style
    multipart/form-data file upload, and returns the transcribed text.

    Args:
        http_referer (str | Unset):
        x_open_router_title (str | Unset):
        x_open_router_categories (str | Unset):
        body (STTRequest): Speech-to-text request input. Accepts a JSON body with input_audio
            containing base64-encoded audio, or a URL the provider downloads the audio from. Example:
            {'input_audio': {'data': 'UklGRiQA...', 'format': 'wav'}, 'language': 'en', 'model':
            'openai/whisper-large-v3'}.
        body (CreateAudioTranscriptionsFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BadGatewayResponse | BadRequestResponse | EdgeNetworkTimeoutResponse | ForbiddenResponse | GatewayTimeoutResponse | InternalServerResponse | NotFoundResponse | PayloadTooLargeResponse | PaymentRequiredResponse | ProviderOverloadedResponse | STTResponse | ServiceUnavailableResponse | TooManyRequestsResponse | UnauthorizedResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            http_referer=http_referer,
            x_open_router_title=x_open_router_title,
            x_open_router_categories=x_open_router_categories,
        )
    ).parsed
