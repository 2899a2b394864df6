from fastapi import APIRouter, Response, status

from backend.accounts import service
from backend.accounts.schemas import (
    Accepted,
    InvitationCreate,
    InvitationRead,
    ResetRequest,
    TokenPassword,
)
from backend.core.db import DbSession
from backend.core.errors import problem_responses
from backend.identity.dependencies import UsersWrite

router = APIRouter(prefix="/accounts", tags=["accounts"])


@router.post(
    "/password-reset",
    response_model=Accepted,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Ask for a password reset link by e-mail (the same answer for any address)",
    operation_id="accounts_request_password_reset",
    responses=problem_responses(422, 429),
)
def request_password_reset(session: DbSession, body: ResetRequest) -> Accepted:
    return service.request_reset(session, body)


@router.post(
    "/password-reset/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Set a new password with a reset link's token (once, within 30 minutes)",
    operation_id="accounts_confirm_password_reset",
    responses=problem_responses(422),
)
def confirm_password_reset(session: DbSession, body: TokenPassword) -> Response:
    service.confirm_reset(session, body)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/invitations",
    response_model=InvitationRead,
    status_code=status.HTTP_201_CREATED,
    summary="Create a user without a password and e-mail them a link to set one",
    operation_id="accounts_invite_user",
    responses=problem_responses(401, 403, 404, 409, 422),
)
def invite_user(
    session: DbSession, principal: UsersWrite, body: InvitationCreate
) -> InvitationRead:
    return service.invite(session, principal, body)


@router.post(
    "/invitations/accept",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Accept an invitation: set the password with the link's token",
    operation_id="accounts_accept_invitation",
    responses=problem_responses(422),
)
def accept_invitation(session: DbSession, body: TokenPassword) -> Response:
    service.accept_invitation(session, body)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
