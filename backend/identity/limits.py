"""The integration surface's rate limit: counted per calling user or API client."""

from typing import Annotated

from fastapi import Depends

from backend.core.config import get_settings
from backend.core.ratelimit import limiter
from backend.identity.dependencies import CurrentPrincipal
from backend.identity.principal import Principal


def principal_key(principal: Principal) -> str:
    if principal.client_id is not None:
        return f"client:{principal.client_id}"
    return f"user:{principal.user_id}"


def integration_rate_limit(principal: CurrentPrincipal) -> Principal:
    settings = get_settings()
    if settings.rate_limits_enabled:
        limiter().hit(settings.rate_limit_integration, "integration", principal_key(principal))
    return principal


# Add to a route of the integration surface: ``dependencies=[IntegrationLimit]``.
IntegrationLimit = Depends(integration_rate_limit)
RateLimited = Annotated[Principal, IntegrationLimit]
