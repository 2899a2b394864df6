"""The token answer that users (login) and API clients (client credentials) both receive."""

from backend.core.schemas import Schema


class TokenResponse(Schema):
    access_token: str
    token_type: str = "bearer"  # noqa: S105
    expires_in: int
    refresh_token: str | None = None
