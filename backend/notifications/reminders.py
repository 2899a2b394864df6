"""Time-based reminders, made by the worker once a day (each at most once per subject, by its
key): evaluation due, no session logged for 14 days on a running measure, consent missing or
ending with the school year. Also drops notifications older than the retention period."""

import uuid
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from backend.core.config import Settings
from backend.identity.roles import Role
from backend.notifications import repository
from backend.notifications.models import NotificationKind
from backend.notifications.service import Subject, notify

EVALUATION_NOTICE_DAYS = 14
SESSION_GAP_DAYS = 14
CONSENT_NOTICE_DAYS = 30


def _coordinators(session: Session, institution_id: uuid.UUID, today: date) -> list[uuid.UUID]:
    return repository.holders(
        session, [Role.school_coordinator], today, institution_id=institution_id
    )


def evaluation_due(session: Session, today: date) -> int:
    made = 0
    for row in repository.plans_due_for_evaluation(session, today, EVALUATION_NOTICE_DAYS):
        people = [row.author_id, *_coordinators(session, row.institution_id, today)]
        made += len(
            notify(
                session,
                people,
                NotificationKind.evaluation_due,
                Subject(
                    plan_id=row.id,
                    plan_code=row.code,
                    institution_id=row.institution_id,
                    due_on=row.ends_on,
                ),
                dedupe_key=f"evaluation_due:{row.id}",
            )
        )
    return made


def sessions_not_logged(session: Session, today: date) -> int:
    made = 0
    for row in repository.measures_without_sessions(session, today, SESSION_GAP_DAYS):
        person = row.responsible_user_id or row.author_id
        made += len(
            notify(
                session,
                [person],
                NotificationKind.sessions_not_logged,
                Subject(plan_id=row.plan_id, plan_code=row.code, institution_id=row.institution_id),
                # Once per lapse: a session logged later and a new 14-day gap remind again.
                dedupe_key=f"sessions:{row.id}:{row.last_on or 'none'}",
            )
        )
    return made


def consent(session: Session, today: date) -> int:
    made = 0
    for row in repository.plans_without_consent(session):
        made += len(
            notify(
                session,
                [row.author_id],
                NotificationKind.consent_missing,
                Subject(plan_id=row.id, plan_code=row.code, institution_id=row.institution_id),
                dedupe_key=f"consent_missing:{row.id}:{row.school_year_id}",
            )
        )
    for row in repository.plans_with_consent_ending(session, today, CONSENT_NOTICE_DAYS):
        people = [row.author_id, *_coordinators(session, row.institution_id, today)]
        made += len(
            notify(
                session,
                people,
                NotificationKind.consent_ending,
                Subject(
                    plan_id=row.id,
                    plan_code=row.code,
                    institution_id=row.institution_id,
                    due_on=row.ends_on,
                ),
                dedupe_key=f"consent_ending:{row.id}",
            )
        )
    return made


def run(session: Session, settings: Settings, today: date, now: datetime) -> int:
    """Every reminder due today; returns how many notifications were made (flushes only)."""
    made = evaluation_due(session, today) + sessions_not_logged(session, today)
    made += consent(session, today)
    repository.delete_older_than(
        session, now - timedelta(days=settings.notification_retention_days)
    )
    return made
