import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from backend.core.db import DbSession
from backend.core.errors import problem_responses
from backend.core.pagination import Pagination
from backend.core.schemas import Page
from backend.identity.dependencies import UsersRead, UsersWrite
from backend.identity.roles import Role
from backend.users import service
from backend.users.schemas import (
    RoleAssignmentCreate,
    RoleAssignmentRead,
    UserCreate,
    UserRead,
    UserUpdate,
)

router = APIRouter(prefix="/users", tags=["users"])

READ_ERRORS = problem_responses(401, 403, 404, 422)
WRITE_ERRORS = problem_responses(401, 403, 404, 409, 422)


def _read(u: service.UserWithAssignments) -> UserRead:
    return UserRead(
        id=u.user.id,
        email=u.user.email,
        full_name=u.user.full_name,
        active=u.user.active,
        last_login_at=u.user.last_login_at,
        assignments=[RoleAssignmentRead.model_validate(a) for a in u.assignments],
    )


@router.get(
    "",
    response_model=Page[UserRead],
    summary="List users who hold a role in the caller's scope",
    operation_id="users_list_users",
    responses=READ_ERRORS,
)
def list_users(
    session: DbSession,
    principal: UsersRead,
    page: Pagination,
    institution_id: uuid.UUID | None = None,
    role: Role | None = None,
    q: Annotated[str | None, Query(max_length=100, description="E-mail or name")] = None,
) -> Page[UserRead]:
    rows, cursor = service.list_users(
        session, principal, page, institution_id=institution_id, role=role, q=q
    )
    return Page(items=[_read(u) for u in rows], next_cursor=cursor)


@router.post(
    "",
    response_model=UserRead,
    status_code=status.HTTP_201_CREATED,
    summary="Create a user with a first role assignment",
    operation_id="users_create_user",
    responses=WRITE_ERRORS,
)
def create_user(session: DbSession, principal: UsersWrite, body: UserCreate) -> UserRead:
    return _read(service.create_user(session, principal, body))


@router.get(
    "/{user_id}",
    response_model=UserRead,
    summary="Read a user",
    operation_id="users_get_user",
    responses=READ_ERRORS,
)
def get_user(session: DbSession, principal: UsersRead, user_id: uuid.UUID) -> UserRead:
    return _read(service.read_user(session, principal, user_id))


@router.patch(
    "/{user_id}",
    response_model=UserRead,
    summary="Change a user's name or deactivate the account",
    operation_id="users_update_user",
    responses=WRITE_ERRORS,
)
def update_user(
    session: DbSession, principal: UsersWrite, user_id: uuid.UUID, body: UserUpdate
) -> UserRead:
    return _read(service.update_user(session, principal, user_id, body))


@router.post(
    "/{user_id}/role-assignments",
    response_model=RoleAssignmentRead,
    status_code=status.HTTP_201_CREATED,
    summary="Grant a role (who may grant which role: DESIGN §3)",
    operation_id="users_grant_role",
    responses=WRITE_ERRORS,
)
def grant_role(
    session: DbSession, principal: UsersWrite, user_id: uuid.UUID, body: RoleAssignmentCreate
) -> RoleAssignmentRead:
    return RoleAssignmentRead.model_validate(service.grant_role(session, principal, user_id, body))


@router.delete(
    "/{user_id}/role-assignments/{assignment_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="End a role assignment from today",
    operation_id="users_end_role",
    responses=problem_responses(401, 403, 404),
)
def end_role(
    session: DbSession, principal: UsersWrite, user_id: uuid.UUID, assignment_id: uuid.UUID
) -> Response:
    service.end_role(session, principal, user_id, assignment_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
