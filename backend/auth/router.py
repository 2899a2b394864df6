import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Response, status

from backend.auth import service
from backend.auth.schemas import LogoutRequest, MeResponse, TokenResponse
from backend.core import limits as rate_limits
from backend.core.db import DbSession
from backend.core.errors import InvalidInput, problem_responses
from backend.core.messages import msg
from backend.identity.dependencies import CurrentPrincipal
from backend.integrations import service as integrations_service

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/token",
    response_model=TokenResponse,
    summary="Get an access token (password, refresh_token or client_credentials grant)",
    operation_id="auth_token",
    responses=problem_responses(401, 422, 429),
)
def token(
    session: DbSession,
    response: Response,
    grant_type: Annotated[Literal["password", "refresh_token", "client_credentials"], Form()],
    username: Annotated[str | None, Form(max_length=254, description="E-mail")] = None,
    password: Annotated[str | None, Form(max_length=200)] = None,
    scope: Annotated[
        uuid.UUID | None,
        Form(description="Id of the role assignment to act in (default: the first)"),
    ] = None,
    refresh_token: Annotated[str | None, Form(max_length=200)] = None,
    client_id: Annotated[str | None, Form(max_length=64)] = None,
    client_secret: Annotated[str | None, Form(max_length=200)] = None,
) -> TokenResponse:
    response.headers["Cache-Control"] = "no-store"
    rate_limits.check_token_request(grant_type=grant_type, username=username, client_id=client_id)
    if grant_type == "client_credentials":
        if not client_id:
            raise InvalidInput.field(["body", "client_id"], msg("field.required"))
        if not client_secret:
            raise InvalidInput.field(["body", "client_secret"], msg("field.required"))
        return integrations_service.issue_token(
            session, client_id=client_id, client_secret=client_secret
        )
    if grant_type == "password":
        if not username:
            raise InvalidInput.field(["body", "username"], msg("field.required"))
        if not password:
            raise InvalidInput.field(["body", "password"], msg("field.required"))
        return service.login(session, email=username, password=password, assignment_id=scope)
    if not refresh_token:
        raise InvalidInput.field(["body", "refresh_token"], msg("field.required"))
    return service.refresh(session, refresh_token=refresh_token)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Revoke a refresh token and every token rotated from it",
    operation_id="auth_logout",
    responses=problem_responses(401, 404, 422),
)
def logout(session: DbSession, principal: CurrentPrincipal, body: LogoutRequest) -> Response:
    service.logout(session, principal, refresh_token=body.refresh_token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/me",
    response_model=MeResponse,
    summary="The signed-in user, the role acted in, and every role they hold",
    operation_id="auth_me",
    responses=problem_responses(401),
)
def me(session: DbSession, principal: CurrentPrincipal) -> MeResponse:
    return service.me(session, principal)
