"""The integration surface's rate limit: counted per calling user or API client."""

from collections.abc import MutableMapping
from typing import Annotated, Any

from fastapi import Depends, Request

from backend.core.config import get_settings
from backend.core.ratelimit import limiter
from backend.identity.dependencies import CurrentPrincipal
from backend.identity.principal import Principal


def principal_key(principal: Principal) -> str:
    if principal.client_id is not None:
        return f"client:{principal.client_id}"
    return f"user:{principal.user_id}"


# Set in a request's ASGI scope once its call has been counted (the status fast path counts,
# then hands the request on when it cannot answer it itself): counted once, whoever answers.
COUNTED = "pumpurs.integration_limit_counted"


def count_integration_call(principal: Principal, scope: MutableMapping[str, Any]) -> None:
    """Count one call of the integration surface against the caller's limit (429 over it)."""
    settings = get_settings()
    if settings.rate_limits_enabled and not scope.get(COUNTED):
        limiter().hit(settings.rate_limit_integration, "integration", principal_key(principal))
        # Only a call within the limit is marked: one over it is refused by whoever answers.
        scope[COUNTED] = True


def integration_rate_limit(request: Request, principal: CurrentPrincipal) -> Principal:
    count_integration_call(principal, request.scope)
    return principal


# Add to a route of the integration surface: ``dependencies=[IntegrationLimit]``.
IntegrationLimit = Depends(integration_rate_limit)
RateLimited = Annotated[Principal, IntegrationLimit]
