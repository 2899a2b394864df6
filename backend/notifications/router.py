import uuid

from fastapi import APIRouter, status

from backend.core.db import DbSession
from backend.core.errors import problem_responses
from backend.core.pagination import Pagination
from backend.core.schemas import Page
from backend.identity.dependencies import CurrentPrincipal
from backend.notifications import rules, service
from backend.notifications.schemas import (
    NotificationRead,
    PreferencesRead,
    PreferencesUpdate,
    UnreadCount,
)

rules.register()

router = APIRouter(prefix="/notifications", tags=["notifications"])

ERRORS = problem_responses(401, 403, 422)


@router.get(
    "",
    response_model=Page[NotificationRead],
    summary="The caller's notifications, newest first",
    operation_id="notifications_list_notifications",
    responses=ERRORS,
)
def list_notifications(
    session: DbSession, principal: CurrentPrincipal, page: Pagination, unread: bool | None = None
) -> Page[NotificationRead]:
    items, cursor = service.list_own(session, principal, page, unread=unread)
    return Page(items=items, next_cursor=cursor)


@router.get(
    "/unread-count",
    response_model=UnreadCount,
    summary="How many of the caller's notifications are unread",
    operation_id="notifications_unread_count",
    responses=ERRORS,
)
def unread_count(session: DbSession, principal: CurrentPrincipal) -> UnreadCount:
    return service.unread(session, principal)


@router.post(
    "/read-all",
    response_model=UnreadCount,
    summary="Mark all of the caller's notifications read",
    operation_id="notifications_mark_all_read",
    responses=ERRORS,
)
def mark_all_read(session: DbSession, principal: CurrentPrincipal) -> UnreadCount:
    return service.mark_all_read(session, principal)


@router.post(
    "/{id}/read",
    response_model=NotificationRead,
    summary="Mark one of the caller's notifications read",
    operation_id="notifications_mark_read",
    responses=problem_responses(401, 403, 404, 422),
)
def mark_read(session: DbSession, principal: CurrentPrincipal, id: uuid.UUID) -> NotificationRead:
    return service.mark_read(session, principal, id)


@router.get(
    "/preferences",
    response_model=PreferencesRead,
    summary="The caller's e-mail preference and language",
    operation_id="notifications_get_preferences",
    responses=ERRORS,
)
def get_preferences(session: DbSession, principal: CurrentPrincipal) -> PreferencesRead:
    return service.preferences(session, principal)


@router.put(
    "/preferences",
    response_model=PreferencesRead,
    status_code=status.HTTP_200_OK,
    summary="Set the caller's e-mail preference (immediately, daily digest, off) and language",
    operation_id="notifications_set_preferences",
    responses=ERRORS,
)
def set_preferences(
    session: DbSession, principal: CurrentPrincipal, body: PreferencesUpdate
) -> PreferencesRead:
    return service.set_preferences(session, principal, body)
