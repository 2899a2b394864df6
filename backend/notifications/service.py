"""Notifications: who gets one, the user's list and preferences. A notification whose user wants
e-mail at once is marked ``mail_pending``; the worker writes and sends that e-mail."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from backend.core.db import utcnow
from backend.core.errors import Forbidden, NotFound
from backend.core.messages import msg
from backend.core.pagination import PageParams, paginate
from backend.identity.principal import Principal
from backend.notifications import repository
from backend.notifications.models import (
    EmailMode,
    Language,
    MailKind,
    MailMessage,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from backend.notifications.schemas import (
    NotificationRead,
    PreferencesRead,
    PreferencesUpdate,
    UnreadCount,
)


@dataclass(frozen=True)
class Subject:
    """What a notification is about: ids and the plan code, nothing personal."""

    plan_id: uuid.UUID | None = None
    plan_code: str | None = None
    student_id: uuid.UUID | None = None
    institution_id: uuid.UUID | None = None
    comment: str | None = None
    due_on: date | None = None


def _default_preference(user_id: uuid.UUID) -> NotificationPreference:
    return NotificationPreference(
        user_id=user_id, email_mode=EmailMode.immediately, language=Language.lv
    )


def language_of(session: Session, user_id: uuid.UUID) -> Language:
    pref = repository.preference(session, user_id)
    return pref.language if pref is not None else Language.lv


def enqueue_mail(
    session: Session, kind: MailKind, to_address: str, subject: str, body: str
) -> MailMessage:
    message = MailMessage(kind=kind, to_address=to_address, subject=subject, body=body)
    session.add(message)
    return message


def notify(
    session: Session,
    user_ids: Sequence[uuid.UUID],
    kind: NotificationKind,
    subject: Subject,
    *,
    dedupe_key: str | None = None,
) -> list[Notification]:
    """One notification per (distinct, active) user, and its e-mail by the user's preference.
    With ``dedupe_key``, users who already had that notification get nothing."""
    return notify_many(session, user_ids, kind, [subject], dedupe_key=dedupe_key)


def notify_many(
    session: Session,
    user_ids: Sequence[uuid.UUID],
    kind: NotificationKind,
    subjects: Sequence[Subject],
    *,
    dedupe_key: str | None = None,
) -> list[Notification]:
    """``notify`` for several subjects told to the same people: the people are looked up once."""
    users = repository.active_users(session, list(dict.fromkeys(user_ids)))
    if dedupe_key is not None and users:
        had = repository.existing_keys(session, users, dedupe_key)
        users = [u for u in users if u not in had]
    if not users or not subjects:
        return []
    prefs = repository.preferences(session, users)
    made: list[Notification] = []
    for subject in subjects:
        for user_id in users:
            pref = prefs.get(user_id) or _default_preference(user_id)
            row = Notification(
                user_id=user_id,
                kind=kind,
                plan_id=subject.plan_id,
                plan_code=subject.plan_code,
                student_id=subject.student_id,
                institution_id=subject.institution_id,
                comment=subject.comment,
                due_on=subject.due_on,
                dedupe_key=dedupe_key,
                digest_pending=pref.email_mode is EmailMode.daily_digest,
                mail_pending=pref.email_mode is EmailMode.immediately,
            )
            session.add(row)
            made.append(row)
    session.flush()
    return made


# --- the caller's own notifications -----------------------------------------------------------


def _user_id(principal: Principal) -> uuid.UUID:
    if principal.user_id is None:
        raise Forbidden(msg("notification.users-only"))
    return principal.user_id


def list_own(
    session: Session, principal: Principal, page: PageParams, *, unread: bool | None
) -> tuple[list[NotificationRead], str | None]:
    stmt = repository.own(_user_id(principal))
    if unread is True:
        stmt = stmt.where(Notification.read_at.is_(None))
    elif unread is False:
        stmt = stmt.where(Notification.read_at.is_not(None))
    rows, cursor = paginate(
        session, stmt, [Notification.created_at, Notification.id], page, descending=True
    )
    return [NotificationRead.model_validate(r) for r in rows], cursor


def unread(session: Session, principal: Principal) -> UnreadCount:
    return UnreadCount(unread=repository.unread_count(session, _user_id(principal)))


def mark_read(session: Session, principal: Principal, id: uuid.UUID) -> NotificationRead:
    row = repository.get_own(session, _user_id(principal), id)
    if row is None:
        raise NotFound(msg("notification.not-found"))
    if row.read_at is None:
        row.read_at = utcnow()
        session.flush()
    return NotificationRead.model_validate(row)


def mark_all_read(session: Session, principal: Principal) -> UnreadCount:
    repository.mark_all_read(session, _user_id(principal), utcnow())
    return UnreadCount(unread=0)


def preferences(session: Session, principal: Principal) -> PreferencesRead:
    user_id = _user_id(principal)
    pref = repository.preference(session, user_id) or _default_preference(user_id)
    return PreferencesRead(email_mode=pref.email_mode, language=pref.language)


def set_preferences(
    session: Session, principal: Principal, data: PreferencesUpdate
) -> PreferencesRead:
    user_id = _user_id(principal)
    pref = repository.preference(session, user_id)
    if pref is None:
        pref = _default_preference(user_id)
        session.add(pref)
    if data.email_mode is not None:
        pref.email_mode = data.email_mode
    if data.language is not None:
        pref.language = data.language
    session.flush()
    return PreferencesRead(email_mode=pref.email_mode, language=pref.language)


def without_mail(session: Session) -> int:
    """The notifications made so far stay in the app and cause no e-mail (the demo's addresses
    are made up)."""
    return repository.forget_pending_mail(session)
