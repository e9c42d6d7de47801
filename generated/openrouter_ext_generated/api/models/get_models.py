from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any

import httpx

from ... import errors
from ...models.get_models_category import GetModelsCategory
from ...models.get_models_distillable import GetModelsDistillable
from ...models.get_models_region import GetModelsRegion
from ...models.get_models_sort import GetModelsSort
from ...models.get_models_zdr import GetModelsZdr
from ...models.models_list_response import ModelsListResponse
from ...types import UNSET, Response, Unset

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client
    from ...models.bad_request_response import BadRequestResponse
    from ...models.forbidden_response import ForbiddenResponse
    from ...models.internal_server_response import InternalServerResponse


def _get_kwargs(
    *,
    offset: int | None | Unset = 0,
    limit: int | Unset = 500,
    category: GetModelsCategory | Unset = UNSET,
    supported_parameters: str | Unset = UNSET,
    output_modalities: str | Unset = UNSET,
    sort: GetModelsSort | Unset = UNSET,
    use_rss: str | Unset = UNSET,
    use_rss_chat_links: str | Unset = UNSET,
    q: str | Unset = UNSET,
    input_modalities: str | Unset = UNSET,
    context: int | Unset = UNSET,
    min_price: float | None | Unset = UNSET,
    max_price: float | None | Unset = UNSET,
    arch: str | Unset = UNSET,
    model_authors: str | Unset = UNSET,
    providers: str | Unset = UNSET,
    distillable: GetModelsDistillable | Unset = UNSET,
    zdr: GetModelsZdr | Unset = UNSET,
    region: GetModelsRegion | Unset = UNSET,
    min_output_price: float | None | Unset = UNSET,
    max_output_price: float | None | Unset = UNSET,
    min_age_days: int | None | Unset = UNSET,
    max_age_days: int | None | Unset = UNSET,
    min_intelligence_index: float | None | Unset = UNSET,
    max_intelligence_index: float | None | Unset = UNSET,
    min_coding_index: float | None | Unset = UNSET,
    max_coding_index: float | None | Unset = UNSET,
    min_agentic_index: float | None | Unset = UNSET,
    max_agentic_index: float | None | Unset = UNSET,
    min_tool_success_rate: float | None | Unset = UNSET,
    max_tool_success_rate: float | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_offset: int | None | Unset
    if isinstance(offset, Unset):
        json_offset = UNSET
    else:
        json_offset = offset
    params["offset"] = json_offset

    params["limit"] = limit

    json_category: str | Unset = UNSET
    if not isinstance(category, Unset):
        json_category = category.value

    params["category"] = json_category

    params["supported_parameters"] = supported_parameters

    params["output_modalities"] = output_modalities

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

    params["use_rss"] = use_rss

    params["use_rss_chat_links"] = use_rss_chat_links

    params["q"] = q

    params["input_modalities"] = input_modalities

    params["context"] = context

    json_min_price: float | None | Unset
    if isinstance(min_price, Unset):
        json_min_price = UNSET
    else:
        json_min_price = min_price
    params["min_price"] = json_min_price

    json_max_price: float | None | Unset
    if isinstance(max_price, Unset):
        json_max_price = UNSET
    else:
        json_max_price = max_price
    params["max_price"] = json_max_price

    params["arch"] = arch

    params["model_authors"] = model_authors

    params["providers"] = providers

    json_distillable: str | Unset = UNSET
    if not isinstance(distillable, Unset):
        json_distillable = distillable.value

    params["distillable"] = json_distillable

    json_zdr: str | Unset = UNSET
    if not isinstance(zdr, Unset):
        json_zdr = zdr.value

    params["zdr"] = json_zdr

    json_region: str | Unset = UNSET
    if not isinstance(region, Unset):
        json_region = region.value

    params["region"] = json_region

    json_min_output_price: float | None | Unset
    if isinstance(min_output_price, Unset):
        json_min_output_price = UNSET
    else:
        json_min_output_price = min_output_price
    params["min_output_price"] = json_min_output_price

    json_max_output_price: float | None | Unset
    if isinstance(max_output_price, Unset):
        json_max_output_price = UNSET
    else:
        json_max_output_price = max_output_price
    params["max_output_price"] = json_max_output_price

    json_min_age_days: int | None | Unset
    if isinstance(min_age_days, Unset):
        json_min_age_days = UNSET
    else:
        json_min_age_days = min_age_days
    params["min_age_days"] = json_min_age_days

    json_max_age_days: int | None | Unset
    if isinstance(max_age_days, Unset):
        json_max_age_days = UNSET
    else:
        json_max_age_days = max_age_days
    params["max_age_days"] = json_max_age_days

    json_min_intelligence_index: float | None | Unset
    if isinstance(min_intelligence_index, Unset):
        json_min_intelligence_index = UNSET
    else:
        json_min_intelligence_index = min_intelligence_index
    params["min_intelligence_index"] = json_min_intelligence_index

    json_max_intelligence_index: float | None | Unset
    if isinstance(max_intelligence_index, Unset):
        json_max_intelligence_index = UNSET
    else:
        json_max_intelligence_index = max_intelligence_index
    params["max_intelligence_index"] = json_max_intelligence_index

    json_min_coding_index: float | None | Unset
    if isinstance(min_coding_index, Unset):
        json_min_coding_index = UNSET
    else:
        json_min_coding_index = min_coding_index
    params["min_coding_index"] = json_min_coding_index

    json_max_coding_index: float | None | Unset
    if isinstance(max_coding_index, Unset):
        json_max_coding_index = UNSET
    else:
        json_max_coding_index = max_coding_index
    params["max_coding_index"] = json_max_coding_index

    json_min_agentic_index: float | None | Unset
    if isinstance(min_agentic_index, Unset):
        json_min_agentic_index = UNSET
    else:
        json_min_agentic_index = min_agentic_index
    params["min_agentic_index"] = json_min_agentic_index

    json_max_agentic_index: float | None | Unset
    if isinstance(max_agentic_index, Unset):
        json_max_agentic_index = UNSET
    else:
        json_max_agentic_index = max_agentic_index
    params["max_agentic_index"] = json_max_agentic_index

    json_min_tool_success_rate: float | None | Unset
    if isinstance(min_tool_success_rate, Unset):
        json_min_tool_success_rate = UNSET
    else:
        json_min_tool_success_rate = min_tool_success_rate
    params["min_tool_success_rate"] = json_min_tool_success_rate

    json_max_tool_success_rate: float | None | Unset
    if isinstance(max_tool_success_rate, Unset):
        json_max_tool_success_rate = UNSET
    else:
        json_max_tool_success_rate = max_tool_success_rate
    params["max_tool_success_rate"] = json_max_tool_success_rate

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/models",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    BadRequestResponse
    | ForbiddenResponse
    | InternalServerResponse
    | ModelsListResponse
    | None
):
    from ...models.bad_request_response import BadRequestResponse
    from ...models.forbidden_response import ForbiddenResponse
    from ...models.internal_server_response import InternalServerResponse

    if response.status_code == 200:
        response_200 = ModelsListResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = BadRequestResponse.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = ForbiddenResponse.from_dict(response.json())

        return response_403

    if response.status_code == 500:
        response_500 = InternalServerResponse.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    BadRequestResponse | ForbiddenResponse | InternalServerResponse | ModelsListResponse
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
    offset: int | None | Unset = 0,
    limit: int | Unset = 500,
    category: GetModelsCategory | Unset = UNSET,
    supported_parameters: str | Unset = UNSET,
    output_modalities: str | Unset = UNSET,
    sort: GetModelsSort | Unset = UNSET,
    use_rss: str | Unset = UNSET,
    use_rss_chat_links: str | Unset = UNSET,
    q: str | Unset = UNSET,
    input_modalities: str | Unset = UNSET,
    context: int | Unset = UNSET,
    min_price: float | None | Unset = UNSET,
    max_price: float | None | Unset = UNSET,
    arch: str | Unset = UNSET,
    model_authors: str | Unset = UNSET,
    providers: str | Unset = UNSET,
    distillable: GetModelsDistillable | Unset = UNSET,
    zdr: GetModelsZdr | Unset = UNSET,
    region: GetModelsRegion | Unset = UNSET,
    min_output_price: float | None | Unset = UNSET,
    max_output_price: float | None | Unset = UNSET,
    min_age_days: int | None | Unset = UNSET,
    max_age_days: int | None | Unset = UNSET,
    min_intelligence_index: float | None | Unset = UNSET,
    max_intelligence_index: float | None | Unset = UNSET,
    min_coding_index: float | None | Unset = UNSET,
    max_coding_index: float | None | Unset = UNSET,
    min_agentic_index: float | None | Unset = UNSET,
    max_agentic_index: float | None | Unset = UNSET,
    min_tool_success_rate: float | None | Unset = UNSET,
    max_tool_success_rate: float | None | Unset = UNSET,
) -> Response[
    BadRequestResponse | ForbiddenResponse | InternalServerResponse | ModelsListResponse
]:
    """List all models and their properties

    Args:
        offset (int | None | Unset): Number of records to skip for pagination. When both offset
            and limit are omitted, the full list is returned Default: 0. Example: 0.
        limit (int | Unset): Maximum number of records to return (max 1000). When both offset and
            limit are omitted, the full list is returned Default: 500. Example: 500.
        category (GetModelsCategory | Unset): Filter models by use case category Example:
            programming.
        supported_parameters (str | Unset): Filter models by supported parameter (comma-separated)
            Example: temperature.
        output_modalities (str | Unset): Filter models by output modality. Accepts a comma-
            separated list of modalities (text, image, audio, embeddings) or "all" to include all
            models. Defaults to "text". Example: text.
        sort (GetModelsSort | Unset): Sort the returned models server-side. Prefer this over
            fetching the full list and sorting client-side. Options: pricing-low-to-high, pricing-
            high-to-low (average prompt/completion price), context-high-to-low (context length),
            throughput-high-to-low, latency-low-to-high (recent median performance), most-popular,
            top-weekly (tokens processed in the last week), newest (creation date), intelligence-high-
            to-low, coding-high-to-low, agentic-high-to-low (Artificial Analysis indices), design-
            arena-elo-high-to-low (best Design Arena ELO across arenas). Models without a score for
            the chosen benchmark are placed last. When omitted, the existing default ordering is
            preserved. Example: newest.
        use_rss (str | Unset): Return results as RSS feed Example: true.
        use_rss_chat_links (str | Unset): Use chat links in RSS feed items Example: true.
        q (str | Unset): Free-text search by model name or slug. Example: gpt-4.
        input_modalities (str | Unset): Filter models by input modality. Comma-separated list of:
            text, image, audio, file. Example: text,image.
        context (int | Unset): Minimum context length (tokens). Models with smaller context are
            excluded. Example: 128000.
        min_price (float | None | Unset): Minimum prompt price in $/M tokens. Example: 0.
        max_price (float | None | Unset): Maximum prompt price in $/M tokens. Example: 10.
        arch (str | Unset): Filter models by architecture/model family (e.g. GPT, Claude, Gemini,
            Llama). Example: GPT.
        model_authors (str | Unset): Filter models by the organization that created the model.
            Comma-separated list of author slugs. Example: openai,anthropic.
        providers (str | Unset): Filter models by hosting provider. Comma-separated list of
            provider names. Example: OpenAI,Anthropic.
        distillable (GetModelsDistillable | Unset): Filter by distillation capability. "true"
            returns only distillable models, "false" excludes them. Example: true.
        zdr (GetModelsZdr | Unset): When set to "true", return only models with zero data
            retention endpoints. Example: true.
        region (GetModelsRegion | Unset): Filter to models with endpoints in the given data region
            ("eu" or "us"). Example: eu.
        min_output_price (float | None | Unset): Minimum completion (output) price in $/M tokens.
            Example: 0.
        max_output_price (float | None | Unset): Maximum completion (output) price in $/M tokens.
            Example: 10.
        min_age_days (int | None | Unset): Minimum model age in days since its creation date.
            Example: 0.
        max_age_days (int | None | Unset): Maximum model age in days since its creation date.
            Example: 90.
        min_intelligence_index (float | None | Unset): Minimum Artificial Analysis intelligence
            index. Example: 50.
        max_intelligence_index (float | None | Unset): Maximum Artificial Analysis intelligence
            index. Example: 100.
        min_coding_index (float | None | Unset): Minimum Artificial Analysis coding index.
            Example: 50.
        max_coding_index (float | None | Unset): Maximum Artificial Analysis coding index.
            Example: 100.
        min_agentic_index (float | None | Unset): Minimum Artificial Analysis agentic index.
            Example: 50.
        max_agentic_index (float | None | Unset): Maximum Artificial Analysis agentic index.
            Example: 100.
        min_tool_success_rate (float | None | Unset): Minimum tool-calling success rate, as a
            fraction in [0, 1] (e.g. 0.9 = 90% of requests finishing with a tool_calls finish reason).
            Example: 0.9.
        max_tool_success_rate (float | None | Unset): Maximum tool-calling success rate, as a
            fraction in [0, 1]. Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BadRequestResponse | ForbiddenResponse | InternalServerResponse | ModelsListResponse]
    """

    kwargs = _get_kwargs(
        offset=offset,
        limit=limit,
        category=category,
        supported_parameters=supported_parameters,
        output_modalities=output_modalities,
        sort=sort,
        use_rss=use_rss,
        use_rss_chat_links=use_rss_chat_links,
        q=q,
        input_modalities=input_modalities,
        context=context,
        min_price=min_price,
        max_price=max_price,
        arch=arch,
        model_authors=model_authors,
        providers=providers,
        distillable=distillable,
        zdr=zdr,
        region=region,
        min_output_price=min_output_price,
        max_output_price=max_output_price,
        min_age_days=min_age_days,
        max_age_days=max_age_days,
        min_intelligence_index=min_intelligence_index,
        max_intelligence_index=max_intelligence_index,
        min_coding_index=min_coding_index,
        max_coding_index=max_coding_index,
        min_agentic_index=min_agentic_index,
        max_agentic_index=max_agentic_index,
        min_tool_success_rate=min_tool_success_rate,
        max_tool_success_rate=max_tool_success_rate,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    offset: int | None | Unset = 0,
    limit: int | Unset = 500,
    category: GetModelsCategory | Unset = UNSET,
    supported_parameters: str | Unset = UNSET,
    output_modalities: str | Unset = UNSET,
    sort: GetModelsSort | Unset = UNSET,
    use_rss: str | Unset = UNSET,
    use_rss_chat_links: str | Unset = UNSET,
    q: str | Unset = UNSET,
    input_modalities: str | Unset = UNSET,
    context: int | Unset = UNSET,
    min_price: float | None | Unset = UNSET,
    max_price: float | None | Unset = UNSET,
    arch: str | Unset = UNSET,
    model_authors: str | Unset = UNSET,
    providers: str | Unset = UNSET,
    distillable: GetModelsDistillable | Unset = UNSET,
    zdr: GetModelsZdr | Unset = UNSET,
    region: GetModelsRegion | Unset = UNSET,
    min_output_price: float | None | Unset = UNSET,
    max_output_price: float | None | Unset = UNSET,
    min_age_days: int | None | Unset = UNSET,
    max_age_days: int | None | Unset = UNSET,
    min_intelligence_index: float | None | Unset = UNSET,
    max_intelligence_index: float | None | Unset = UNSET,
    min_coding_index: float | None | Unset = UNSET,
    max_coding_index: float | None | Unset = UNSET,
    min_agentic_index: float | None | Unset = UNSET,
    max_agentic_index: float | None | Unset = UNSET,
    min_tool_success_rate: float | None | Unset = UNSET,
    max_tool_success_rate: float | None | Unset = UNSET,
) -> (
    BadRequestResponse
    | ForbiddenResponse
    | InternalServerResponse
    | ModelsListResponse
    | None
):
    """List all models and their properties

    Args:
        offset (int | None | Unset): Number of records to skip for pagination. When both offset
            and limit are omitted, the full list is returned Default: 0. Example: 0.
        limit (int | Unset): Maximum number of records to return (max 1000). When both offset and
            limit are omitted, the full list is returned Default: 500. Example: 500.
        category (GetModelsCategory | Unset): Filter models by use case category Example:
            programming.
        supported_parameters (str | Unset): Filter models by supported parameter (comma-separated)
            Example: temperature.
        output_modalities (str | Unset): Filter models by output modality. Accepts a comma-
            separated list of modalities (text, image, audio, embeddings) or "all" to include all
            models. Defaults to "text". Example: text.
        sort (GetModelsSort | Unset): Sort the returned models server-side. Prefer this over
            fetching the full list and sorting client-side. Options: pricing-low-to-high, pricing-
            high-to-low (average prompt/completion price), context-high-to-low (context length),
            throughput-high-to-low, latency-low-to-high (recent median performance), most-popular,
            top-weekly (tokens processed in the last week), newest (creation date), intelligence-high-
            to-low, coding-high-to-low, agentic-high-to-low (Artificial Analysis indices), design-
            arena-elo-high-to-low (best Design Arena ELO across arenas). Models without a score for
            the chosen benchmark are placed last. When omitted, the existing default ordering is
            preserved. Example: newest.
        use_rss (str | Unset): Return results as RSS feed Example: true.
        use_rss_chat_links (str | Unset): Use chat links in RSS feed items Example: true.
        q (str | Unset): Free-text search by model name or slug. Example: gpt-4.
        input_modalities (str | Unset): Filter models by input modality. Comma-separated list of:
            text, image, audio, file. Example: text,image.
        context (int | Unset): Minimum context length (tokens). Models with smaller context are
            excluded. Example: 128000.
        min_price (float | None | Unset): Minimum prompt price in $/M tokens. Example: 0.
        max_price (float | None | Unset): Maximum prompt price in $/M tokens. Example: 10.
        arch (str | Unset): Filter models by architecture/model family (e.g. GPT, Claude, Gemini,
            Llama). Example: GPT.
        model_authors (str | Unset): Filter models by the organization that created the model.
            Comma-separated list of author slugs. Example: openai,anthropic.
        providers (str | Unset): Filter models by hosting provider. Comma-separated list of
            provider names. Example: OpenAI,Anthropic.
        distillable (GetModelsDistillable | Unset): Filter by distillation capability. "true"
            returns only distillable models, "false" excludes them. Example: true.
        zdr (GetModelsZdr | Unset): When set to "true", return only models with zero data
            retention endpoints. Example: true.
        region (GetModelsRegion | Unset): Filter to models with endpoints in the given data region
            ("eu" or "us"). Example: eu.
        min_output_price (float | None | Unset): Minimum completion (output) price in $/M tokens.
            Example: 0.
        max_output_price (float | None | Unset): Maximum completion (output) price in $/M tokens.
            Example: 10.
        min_age_days (int | None | Unset): Minimum model age in days since its creation date.
            Example: 0.
        max_age_days (int | None | Unset): Maximum model age in days since its creation date.
            Example: 90.
        min_intelligence_index (float | None | Unset): Minimum Artificial Analysis intelligence
            index. Example: 50.
        max_intelligence_index (float | None | Unset): Maximum Artificial Analysis intelligence
            index. Example: 100.
        min_coding_index (float | None | Unset): Minimum Artificial Analysis coding index.
            Example: 50.
        max_coding_index (float | None | Unset): Maximum Artificial Analysis coding index.
            Example: 100.
        min_agentic_index (float | None | Unset): Minimum Artificial Analysis agentic index.
            Example: 50.
        max_agentic_index (float | None | Unset): Maximum Artificial Analysis agentic index.
            Example: 100.
        min_tool_success_rate (float | None | Unset): Minimum tool-calling success rate, as a
            fraction in [0, 1] (e.g. 0.9 = 90% of requests finishing with a tool_calls finish reason).
            Example: 0.9.
        max_tool_success_rate (float | None | Unset): Maximum tool-calling success rate, as a
            fraction in [0, 1]. Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BadRequestResponse | ForbiddenResponse | InternalServerResponse | ModelsListResponse
    """

    return sync_detailed(
        client=client,
        offset=offset,
        limit=limit,
        category=category,
        supported_parameters=supported_parameters,
        output_modalities=output_modalities,
        sort=sort,
        use_rss=use_rss,
        use_rss_chat_links=use_rss_chat_links,
        q=q,
        input_modalities=input_modalities,
        context=context,
        min_price=min_price,
        max_price=max_price,
        arch=arch,
        model_authors=model_authors,
        providers=providers,
        distillable=distillable,
        zdr=zdr,
        region=region,
        min_output_price=min_output_price,
        max_output_price=max_output_price,
        min_age_days=min_age_days,
        max_age_days=max_age_days,
        min_intelligence_index=min_intelligence_index,
        max_intelligence_index=max_intelligence_index,
        min_coding_index=min_coding_index,
        max_coding_index=max_coding_index,
        min_agentic_index=min_agentic_index,
        max_agentic_index=max_agentic_index,
        min_tool_success_rate=min_tool_success_rate,
        max_tool_success_rate=max_tool_success_rate,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    offset: int | None | Unset = 0,
    limit: int | Unset = 500,
    category: GetModelsCategory | Unset = UNSET,
    supported_parameters: str | Unset = UNSET,
    output_modalities: str | Unset = UNSET,
    sort: GetModelsSort | Unset = UNSET,
    use_rss: str | Unset = UNSET,
    use_rss_chat_links: str | Unset = UNSET,
    q: str | Unset = UNSET,
    input_modalities: str | Unset = UNSET,
    context: int | Unset = UNSET,
    min_price: float | None | Unset = UNSET,
    max_price: float | None | Unset = UNSET,
    arch: str | Unset = UNSET,
    model_authors: str | Unset = UNSET,
    providers: str | Unset = UNSET,
    distillable: GetModelsDistillable | Unset = UNSET,
    zdr: GetModelsZdr | Unset = UNSET,
    region: GetModelsRegion | Unset = UNSET,
    min_output_price: float | None | Unset = UNSET,
    max_output_price: float | None | Unset = UNSET,
    min_age_days: int | None | Unset = UNSET,
    max_age_days: int | None | Unset = UNSET,
    min_intelligence_index: float | None | Unset = UNSET,
    max_intelligence_index: float | None | Unset = UNSET,
    min_coding_index: float | None | Unset = UNSET,
    max_coding_index: float | None | Unset = UNSET,
    min_agentic_index: float | None | Unset = UNSET,
    max_agentic_index: float | None | Unset = UNSET,
    min_tool_success_rate: float | None | Unset = UNSET,
    max_tool_success_rate: float | None | Unset = UNSET,
) -> Response[
    BadRequestResponse | ForbiddenResponse | InternalServerResponse | ModelsListResponse
]:
    """List all models and their properties

    Args:
        offset (int | None | Unset): Number of records to skip for pagination. When both offset
            and limit are omitted, the full list is returned Default: 0. Example: 0.
        limit (int | Unset): Maximum number of records to return (max 1000). When both offset and
            limit are omitted, the full list is returned Default: 500. Example: 500.
        category (GetModelsCategory | Unset): Filter models by use case category Example:
            programming.
        supported_parameters (str | Unset): Filter models by supported parameter (comma-separated)
            Example: temperature.
        output_modalities (str | Unset): Filter models by output modality. Accepts a comma-
            separated list of modalities (text, image, audio, embeddings) or "all" to include all
            models. Defaults to "text". Example: text.
        sort (GetModelsSort | Unset): Sort the returned models server-side. Prefer this over
            fetching the full list and sorting client-side. Options: pricing-low-to-high, pricing-
            high-to-low (average prompt/completion price), context-high-to-low (context length),
            throughput-high-to-low, latency-low-to-high (recent median performance), most-popular,
            top-weekly (tokens processed in the last week), newest (creation date), intelligence-high-
            to-low, coding-high-to-low, agentic-high-to-low (Artificial Analysis indices), design-
            arena-elo-high-to-low (best Design Arena ELO across arenas). Models without a score for
            the chosen benchmark are placed last. When omitted, the existing default ordering is
            preserved. Example: newest.
        use_rss (str | Unset): Return results as RSS feed Example: true.
        use_rss_chat_links (str | Unset): Use chat links in RSS feed items Example: true.
        q (str | Unset): Free-text search by model name or slug. Example: gpt-4.
        input_modalities (str | Unset): Filter models by input modality. Comma-separated list of:
            text, image, audio, file. Example: text,image.
        context (int | Unset): Minimum context length (tokens). Models with smaller context are
            excluded. Example: 128000.
        min_price (float | None | Unset): Minimum prompt price in $/M tokens. Example: 0.
        max_price (float | None | Unset): Maximum prompt price in $/M tokens. Example: 10.
        arch (str | Unset): Filter models by architecture/model family (e.g. GPT, Claude, Gemini,
            Llama). Example: GPT.
        model_authors (str | Unset): Filter models by the organization that created the model.
            Comma-separated list of author slugs. Example: openai,anthropic.
        providers (str | Unset): Filter models by hosting provider. Comma-separated list of
            provider names. Example: OpenAI,Anthropic.
        distillable (GetModelsDistillable | Unset): Filter by distillation capability. "true"
            returns only distillable models, "false" excludes them. Example: true.
        zdr (GetModelsZdr | Unset): When set to "true", return only models with zero data
            retention endpoints. Example: true.
        region (GetModelsRegion | Unset): Filter to models with endpoints in the given data region
            ("eu" or "us"). Example: eu.
        min_output_price (float | None | Unset): Minimum completion (output) price in $/M tokens.
            Example: 0.
        max_output_price (float | None | Unset): Maximum completion (output) price in $/M tokens.
            Example: 10.
        min_age_days (int | None | Unset): Minimum model age in days since its creation date.
            Example: 0.
        max_age_days (int | None | Unset): Maximum model age in days since its creation date.
            Example: 90.
        min_intelligence_index (float | None | Unset): Minimum Artificial Analysis intelligence
            index. Example: 50.
        max_intelligence_index (float | None | Unset): Maximum Artificial Analysis intelligence
            index. Example: 100.
        min_coding_index (float | None | Unset): Minimum Artificial Analysis coding index.
            Example: 50.
        max_coding_index (float | None | Unset): Maximum Artificial Analysis coding index.
            Example: 100.
        min_agentic_index (float | None | Unset): Minimum Artificial Analysis agentic index.
            Example: 50.
        max_agentic_index (float | None | Unset): Maximum Artificial Analysis agentic index.
            Example: 100.
        min_tool_success_rate (float | None | Unset): Minimum tool-calling success rate, as a
            fraction in [0, 1] (e.g. 0.9 = 90% of requests finishing with a tool_calls finish reason).
            Example: 0.9.
        max_tool_success_rate (float | None | Unset): Maximum tool-calling success rate, as a
            fraction in [0, 1]. Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BadRequestResponse | ForbiddenResponse | InternalServerResponse | ModelsListResponse]
    """

    kwargs = _get_kwargs(
        offset=offset,
        limit=limit,
        category=category,
        supported_parameters=supported_parameters,
        output_modalities=output_modalities,
        sort=sort,
        use_rss=use_rss,
        use_rss_chat_links=use_rss_chat_links,
        q=q,
        input_modalities=input_modalities,
        context=context,
        min_price=min_price,
        max_price=max_price,
        arch=arch,
        model_authors=model_authors,
        providers=providers,
        distillable=distillable,
        zdr=zdr,
        region=region,
        min_output_price=min_output_price,
        max_output_price=max_output_price,
        min_age_days=min_age_days,
        max_age_days=max_age_days,
        min_intelligence_index=min_intelligence_index,
        max_intelligence_index=max_intelligence_index,
        min_coding_index=min_coding_index,
        max_coding_index=max_coding_index,
        min_agentic_index=min_agentic_index,
        max_agentic_index=max_agentic_index,
        min_tool_success_rate=min_tool_success_rate,
        max_tool_success_rate=max_tool_success_rate,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    offset: int | None | Unset = 0,
    limit: int | Unset = 500,
    category: GetModelsCategory | Unset = UNSET,
    supported_parameters: str | Unset = UNSET,
    output_modalities: str | Unset = UNSET,
    sort: GetModelsSort | Unset = UNSET,
    use_rss: str | Unset = UNSET,
    use_rss_chat_links: str | Unset = UNSET,
    q: str | Unset = UNSET,
    input_modalities: str | Unset = UNSET,
    context: int | Unset = UNSET,
    min_price: float | None | Unset = UNSET,
    max_price: float | None | Unset = UNSET,
    arch: str | Unset = UNSET,
    model_authors: str | Unset = UNSET,
    providers: str | Unset = UNSET,
    distillable: GetModelsDistillable | Unset = UNSET,
    zdr: GetModelsZdr | Unset = UNSET,
    region: GetModelsRegion | Unset = UNSET,
    min_output_price: float | None | Unset = UNSET,
    max_output_price: float | None | Unset = UNSET,
    min_age_days: int | None | Unset = UNSET,
    max_age_days: int | None | Unset = UNSET,
    min_intelligence_index: float | None | Unset = UNSET,
    max_intelligence_index: float | None | Unset = UNSET,
    min_coding_index: float | None | Unset = UNSET,
    max_coding_index: float | None | Unset = UNSET,
    min_agentic_index: float | None | Unset = UNSET,
    max_agentic_index: float | None | Unset = UNSET,
    min_tool_success_rate: float | None | Unset = UNSET,
    max_tool_success_rate: float | None | Unset = UNSET,
) -> (
    BadRequestResponse
    | ForbiddenResponse
    | InternalServerResponse
    | ModelsListResponse
    | None
):
    """List all models and their properties

    Args:
        offset (int | None | Unset): Number of records to skip for pagination. When both offset
            and limit are omitted, the full list is returned Default: 0. Example: 0.
        limit (int | Unset): Maximum number of records to return (max 1000). When both offset and
            limit are omitted, the full list is returned Default: 500. Example: 500.
        category (GetModelsCategory | Unset): Filter models by use case category Example:
            programming.
        supported_parameters (str | Unset): Filter models by supported parameter (comma-separated)
            Example: temperature.
        output_modalities (str | Unset): Filter models by output modality. Accepts a comma-
            separated list of modalities (text, image, audio, embeddings) or "all" to include all
            models. Defaults to "text". Example: text.
        sort (GetModelsSort | Unset): Sort the returned models server-side. Prefer this over
            fetching the full list and sorting client-side. Options: pricing-low-to-high, pricing-
            high-to-low (average prompt/completion price), context-high-to-low (context length),
            throughput-high-to-low, latency-low-to-high (recent median performance), most-popular,
            top-weekly (tokens processed in the last week), newest (creation date), intelligence-high-
            to-low, coding-high-to-low, agentic-high-to-low (Artificial Analysis indices), design-
            arena-elo-high-to-low (best Design Arena ELO across arenas). Models without a score for
            the chosen benchmark are placed last. When omitted, the existing default ordering is
            preserved. Example: newest.
        use_rss (str | Unset): Return results as RSS feed Example: true.
        use_rss_chat_links (str | Unset): Use chat links in RSS feed items Example: true.
        q (str | Unset): Free-text search by model name or slug. Example: gpt-4.
        input_modalities (str | Unset): Filter models by input modality. Comma-separated list of:
            text, image, audio, file. Example: text,image.
        context (int | Unset): Minimum context length (tokens). Models with smaller context are
            excluded. Example: 128000.
        min_price (float | None | Unset): Minimum prompt price in $/M tokens. Example: 0.
        max_price (float | None | Unset): Maximum prompt price in $/M tokens. Example: 10.
        arch (str | Unset): Filter models by architecture/model family (e.g. GPT, Claude, Gemini,
            Llama). Example: GPT.
        model_authors (str | Unset): Filter models by the organization that created the model.
            Comma-separated list of author slugs. Example: openai,anthropic.
        providers (str | Unset): Filter models by hosting provider. Comma-separated list of
            provider names. Example: OpenAI,Anthropic.
        distillable (GetModelsDistillable | Unset): Filter by distillation capability. "true"
            returns only distillable models, "false" excludes them. Example: true.
        zdr (GetModelsZdr | Unset): When set to "true", return only models with zero data
            retention endpoints. Example: true.
        region (GetModelsRegion | Unset): Filter to models with endpoints in the given data region
            ("eu" or "us"). Example: eu.
        min_output_price (float | None | Unset): Minimum completion (output) price in $/M tokens.
            Example: 0.
        max_output_price (float | None | Unset): Maximum completion (output) price in $/M tokens.
            Example: 10.
        min_age_days (int | None | Unset): Minimum model age in days since its creation date.
            Example: 0.
        max_age_days (int | None | Unset): Maximum model age in days since its creation date.
            Example: 90.
        min_intelligence_index (float | None | Unset): Minimum Artificial Analysis intelligence
            index. Example: 50.
        max_intelligence_index (float | None | Unset): Maximum Artificial Analysis intelligence
            index. Example: 100.
        min_coding_index (float | None | Unset): Minimum Artificial Analysis coding index.
            Example: 50.
        max_coding_index (float | None | Unset): Maximum Artificial Analysis coding index.
            Example: 100.
        min_agentic_index (float | None | Unset): Minimum Artificial Analysis agentic index.
            Example: 50.
        max_agentic_index (float | None | Unset): Maximum Artificial Analysis agentic index.
            Example: 100.
        min_tool_success_rate (float | None | Unset): Minimum tool-calling success rate, as a
            fraction in [0, 1] (e.g. 0.9 = 90% of requests finishing with a tool_calls finish reason).
            Example: 0.9.
        max_tool_success_rate (float | None | Unset): Maximum tool-calling success rate, as a
            fraction in [0, 1]. Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BadRequestResponse | ForbiddenResponse | InternalServerResponse | ModelsListResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            offset=offset,
            limit=limit,
            category=category,
            supported_parameters=supported_parameters,
            output_modalities=output_modalities,
            sort=sort,
            use_rss=use_rss,
            use_rss_chat_links=use_rss_chat_links,
            q=q,
            input_modalities=input_modalities,
            context=context,
            min_price=min_price,
            max_price=max_price,
            arch=arch,
            model_authors=model_authors,
            providers=providers,
            distillable=distillable,
            zdr=zdr,
            region=region,
            min_output_price=min_output_price,
            max_output_price=max_output_price,
            min_age_days=min_age_days,
            max_age_days=max_age_days,
            min_intelligence_index=min_intelligence_index,
            max_intelligence_index=max_intelligence_index,
            min_coding_index=min_coding_index,
            max_coding_index=max_coding_index,
            min_agentic_index=min_agentic_index,
            max_agentic_index=max_agentic_index,
            min_tool_success_rate=min_tool_success_rate,
            max_tool_success_rate=max_tool_success_rate,
        )
    ).parsed
