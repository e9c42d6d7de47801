"""What the contract says, written down here independently of the code under test.

Each documented error status, with the exception class the official SDK names for it and the
generated model of its body. ``test_errors`` checks this table against openapi.yaml's statuses.
"""

from __future__ import annotations

from openrouter_ext_generated import models

from openrouter_ext import errors

DOCUMENTED = {
    400: (errors.BadRequestResponseError, models.BadRequestResponse),
    401: (errors.UnauthorizedResponseError, models.UnauthorizedResponse),
    402: (errors.PaymentRequiredResponseError, models.PaymentRequiredResponse),
    403: (errors.ForbiddenResponseError, models.ForbiddenResponse),
    404: (errors.NotFoundResponseError, models.NotFoundResponse),
    413: (errors.PayloadTooLargeResponseError, models.PayloadTooLargeResponse),
    429: (errors.TooManyRequestsResponseError, models.TooManyRequestsResponse),
    500: (errors.InternalServerResponseError, models.InternalServerResponse),
    502: (errors.BadGatewayResponseError, models.BadGatewayResponse),
    503: (errors.ServiceUnavailableResponseError, models.ServiceUnavailableResponse),
    504: (errors.GatewayTimeoutResponseError, models.GatewayTimeoutResponse),
    524: (errors.EdgeNetworkTimeoutResponseError, models.EdgeNetworkTimeoutResponse),
    529: (errors.ProviderOverloadedResponseError, models.ProviderOverloadedResponse),
}
# Statuses the spec does not document: any of them is an OpenRouterDefaultError.
UNDOCUMENTED = (408, 409, 422, 451, 501, 599)
