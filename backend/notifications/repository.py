"""All SQL of notifications: recipients, the user's own notifications, the mail queue, and the
rows the reminders look at."""

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Select,
    String,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    union,
    update,
)
from sqlalchemy.orm import Session

from backend.core.clock import utcnow
from backend.core.db import random_uuid
from backend.identity.roles import Role
from backend.notifications.models import (
    EmailMode,
    MailKind,
    MailMessage,
    MailStatus,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from backend.plans.measures.models import Delivery, Measure, MeasureStatus
from backend.plans.models import Approval, ApprovalStep, PlanStatus, SupportPlan
from backend.schools.models import ApprovalRoute, Institution, SchoolYear, Semester
from backend.students.models import Consent
from backend.users.models import RoleAssignment, User


def _valid_on(day: date) -> Any:
    return and_(
        RoleAssignment.valid_from <= day,
        or_(RoleAssignment.valid_to.is_(None), RoleAssignment.valid_to >= day),
    )


def holders(
    session: Session,
    roles: Sequence[Role],
    day: date,
    *,
    institution_id: uuid.UUID | None = None,
    municipality_id: uuid.UUID | None = None,
) -> list[uuid.UUID]:
    """Active users holding one of ``roles`` today in exactly this institution or municipality
    (national roles when neither is given)."""
    stmt = (
        select(RoleAssignment.user_id)
        .join(User, User.id == RoleAssignment.user_id)
        .where(RoleAssignment.role.in_(list(roles)), User.active.is_(True), _valid_on(day))
    )
    if institution_id is not None:
        stmt = stmt.where(RoleAssignment.institution_id == institution_id)
    elif municipality_id is not None:
        stmt = stmt.where(RoleAssignment.municipality_id == municipality_id)
    return list(dict.fromkeys(session.scalars(stmt.order_by(RoleAssignment.user_id))))


def active_users(session: Session, ids: Sequence[uuid.UUID]) -> list[uuid.UUID]:
    if not ids:
        return []
    stmt = select(User.id).where(User.id.in_(list(ids)), User.active.is_(True))
    return list(session.scalars(stmt))


def plan(session: Session, plan_id: uuid.UUID) -> SupportPlan | None:
    return session.get(SupportPlan, plan_id)


def preference(session: Session, user_id: uuid.UUID) -> NotificationPreference | None:
    return session.get(NotificationPreference, user_id)


def preferences(
    session: Session, user_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, NotificationPreference]:
    if not user_ids:
        return {}
    rows = session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id.in_(list(user_ids)))
    )
    return {p.user_id: p for p in rows}


def emails(session: Session, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not user_ids:
        return {}
    rows = session.execute(select(User.id, User.email).where(User.id.in_(list(user_ids))))
    return {row.id: row.email for row in rows}


def existing_keys(session: Session, user_ids: Sequence[uuid.UUID], key: str) -> set[uuid.UUID]:
    stmt = select(Notification.user_id).where(
        Notification.dedupe_key == key, Notification.user_id.in_(list(user_ids))
    )
    return set(session.scalars(stmt))


# --- the user's own notifications ------------------------------------------------------------


def own(user_id: uuid.UUID) -> Select[Notification]:
    """The one scoped statement behind every read of notifications: the caller's own."""
    return select(Notification).where(Notification.user_id == user_id)


def get_own(session: Session, user_id: uuid.UUID, id: uuid.UUID) -> Notification | None:
    return session.scalar(own(user_id).where(Notification.id == id))


def unread_count(session: Session, user_id: uuid.UUID) -> int:
    stmt = select(func.count()).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    return int(session.scalar(stmt) or 0)


def mark_all_read(session: Session, user_id: uuid.UUID, at: datetime) -> int:
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=at)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def delete_older_than(session: Session, before: datetime) -> int:
    result = session.execute(delete(Notification).where(Notification.created_at < before))
    return int(result.rowcount)  # type: ignore[attr-defined]


# --- digests and the mail queue -------------------------------------------------------------


def digest_users(session: Session, today: date) -> list[NotificationPreference]:
    """Digest users with something waiting who had no digest today."""
    waiting = exists().where(
        Notification.user_id == NotificationPreference.user_id,
        Notification.digest_pending.is_(True),
    )
    stmt = select(NotificationPreference).where(
        NotificationPreference.email_mode == EmailMode.daily_digest,
        or_(
            NotificationPreference.last_digest_on.is_(None),
            NotificationPreference.last_digest_on < today,
        ),
        waiting,
    )
    return list(session.scalars(stmt))


def digest_items(session: Session, user_id: uuid.UUID) -> list[Notification]:
    stmt = own(user_id).where(Notification.digest_pending.is_(True))
    return list(session.scalars(stmt.order_by(Notification.created_at, Notification.id)))


# Mails whose body holds a one-time link (sent first, not kept once sent).
ONE_TIME_MAIL = (MailKind.password_reset, MailKind.invitation)


def due_mail(session: Session, now: datetime, limit: int) -> list[MailMessage]:
    stmt = (
        select(MailMessage)
        .where(MailMessage.status == MailStatus.pending, MailMessage.next_attempt_at <= now)
        # A person waiting for a reset or invitation link is not kept behind a backlog.
        .order_by(
            case((MailMessage.kind.in_(ONE_TIME_MAIL), 0), else_=1),
            MailMessage.next_attempt_at,
            MailMessage.id,
        )
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    return list(session.scalars(stmt))


# --- what the reminders look at ---------------------------------------------------------------


def plans_due_for_evaluation(session: Session, today: date, within_days: int) -> list[Any]:
    """Active plans whose semester ends within ``within_days`` (or has ended)."""
    stmt = (
        select(
            SupportPlan.id,
            SupportPlan.code,
            SupportPlan.author_id,
            SupportPlan.institution_id,
            Semester.ends_on,
        )
        .join(Semester, Semester.id == SupportPlan.semester_id)
        .where(
            SupportPlan.status == PlanStatus.active,
            Semester.ends_on <= today + timedelta(days=within_days),
        )
    )
    return list(session.execute(stmt))


def measures_without_sessions(session: Session, today: date, days: int) -> list[Any]:
    """Running measures of active plans started at least ``days`` ago with no delivery in the
    last ``days`` days; with the date of their last delivery."""
    since = today - timedelta(days=days)
    last = (
        select(func.max(Delivery.delivered_on))
        .where(Delivery.measure_id == Measure.id)
        .scalar_subquery()
    )
    stmt = (
        select(
            Measure.id,
            Measure.responsible_user_id,
            SupportPlan.id.label("plan_id"),
            SupportPlan.code,
            SupportPlan.author_id,
            SupportPlan.institution_id,
            last.label("last_on"),
        )
        .join(SupportPlan, SupportPlan.id == Measure.plan_id)
        .where(
            SupportPlan.status == PlanStatus.active,
            Measure.status.in_([MeasureStatus.planned, MeasureStatus.in_progress]),
            or_(Measure.starts_on.is_(None), Measure.starts_on <= since),
            or_(Measure.ends_on.is_(None), Measure.ends_on >= today),
            ~exists().where(Delivery.measure_id == Measure.id, Delivery.delivered_on > since),
        )
    )
    return list(session.execute(stmt))


def _valid_consent(year_id: Any) -> Any:
    return exists().where(
        Consent.student_id == SupportPlan.student_id,
        Consent.school_year_id == year_id,
        Consent.withdrawn_at.is_(None),
    )


def plans_without_consent(session: Session) -> list[Any]:
    """Plans being written or running whose student has no valid consent for its school year."""
    stmt = (
        select(
            SupportPlan.id,
            SupportPlan.code,
            SupportPlan.author_id,
            SupportPlan.institution_id,
            Semester.school_year_id,
        )
        .join(Semester, Semester.id == SupportPlan.semester_id)
        .where(
            SupportPlan.status.in_([PlanStatus.draft, PlanStatus.returned, PlanStatus.active]),
            ~_valid_consent(Semester.school_year_id),
        )
    )
    return list(session.execute(stmt))


def plans_with_consent_ending(session: Session, today: date, within_days: int) -> list[Any]:
    """Active plans whose school year (and with it the consent) ends within ``within_days``."""
    stmt = (
        select(
            SupportPlan.id,
            SupportPlan.code,
            SupportPlan.author_id,
            SupportPlan.institution_id,
            SchoolYear.ends_on,
        )
        .join(Semester, Semester.id == SupportPlan.semester_id)
        .join(SchoolYear, SchoolYear.id == Semester.school_year_id)
        .where(
            SupportPlan.status == PlanStatus.active,
            SchoolYear.ends_on <= today + timedelta(days=within_days),
            SchoolYear.ends_on >= today,
        )
    )
    return list(session.execute(stmt))


# --- notifications of a plan event, made in one statement ---------------------------------------


def _holds_step(step: ApprovalStep) -> Any:
    """A role assignment of an approver at ``step`` for the plan's institution (``Institution``
    in the statement)."""
    match step:
        case ApprovalStep.school:
            return and_(
                RoleAssignment.role == Role.school_director,
                RoleAssignment.institution_id == Institution.id,
            )
        case ApprovalStep.municipality:
            return and_(
                RoleAssignment.role == Role.municipal_coordinator,
                RoleAssignment.municipality_id == Institution.municipality_id,
            )
        case ApprovalStep.national:
            return RoleAssignment.role == Role.ikvd_admin


def notify_plan_event(
    session: Session,
    plan: SupportPlan,
    direct: Sequence[tuple[uuid.UUID, NotificationKind]],
    approvers: dict[ApprovalRoute, ApprovalStep | None],
    approver_kind: NotificationKind,
    *,
    staff_kind: NotificationKind | None = None,
    comment: Any = None,
    day: date,
) -> None:
    """One INSERT … SELECT: a notification for each named person (``direct``), for the approvers
    of the next step (by the institution's approval route), and, with ``staff_kind``, for the
    staff responsible for the plan's running measures — each active user once per kind, with the
    e-mail flags of their preference (no preference: immediately)."""
    parts: list[Any] = [
        select(literal(user_id).label("user_id"), literal(kind.value, String).label("kind"))
        for user_id, kind in direct
    ]
    routes = [
        and_(Institution.approval_route == route, _holds_step(step))
        for route, step in approvers.items()
        if step is not None
    ]
    if routes:
        parts.append(
            select(
                RoleAssignment.user_id.label("user_id"),
                literal(approver_kind.value, String).label("kind"),
            )
            .join(Institution, Institution.id == plan.institution_id)
            .where(_valid_on(day), or_(*routes))
        )
    if staff_kind is not None:
        parts.append(
            select(
                Measure.responsible_user_id.label("user_id"),
                literal(staff_kind.value, String).label("kind"),
            ).where(
                Measure.plan_id == plan.id,
                Measure.status != MeasureStatus.cancelled,
                Measure.responsible_user_id.is_not(None),
            )
        )
    if not parts:
        return
    people = union(*parts).subquery() if len(parts) > 1 else parts[0].distinct().subquery()
    mode = func.coalesce(NotificationPreference.email_mode, EmailMode.immediately.value)
    now = utcnow()
    chosen = (
        select(
            random_uuid(),
            people.c.user_id,
            people.c.kind,
            literal(plan.id),
            literal(plan.code),
            literal(plan.institution_id),
            comment if comment is not None else null(),
            mode == EmailMode.daily_digest.value,
            mode == EmailMode.immediately.value,
            literal(now),
            literal(now),
        )
        .join(User, and_(User.id == people.c.user_id, User.active.is_(True)))
        .outerjoin(NotificationPreference, NotificationPreference.user_id == User.id)
    )
    session.execute(
        insert(Notification).from_select(
            [
                "id",
                "user_id",
                "kind",
                "plan_id",
                "plan_code",
                "institution_id",
                "comment",
                "digest_pending",
                "mail_pending",
                "created_at",
                "updated_at",
            ],
            chosen,
        )
    )


def last_return_comment_of(plan_id: uuid.UUID) -> Any:
    """The comment of the plan's latest return, as a scalar subquery."""
    return (
        select(Approval.comment)
        .where(Approval.plan_id == plan_id)
        .order_by(Approval.at.desc(), Approval.created_at.desc())
        .limit(1)
        .scalar_subquery()
    )


def mail_pending(session: Session, limit: int) -> list[Any]:
    """Notifications that wait for their own e-mail, with the address and language to write it
    in (no preference: Latvian)."""
    stmt = (
        select(
            Notification,
            User.email,
            func.coalesce(NotificationPreference.language, "lv").label("language"),
        )
        .join(User, User.id == Notification.user_id)
        .outerjoin(NotificationPreference, NotificationPreference.user_id == User.id)
        .where(Notification.mail_pending.is_(True))
        .order_by(Notification.created_at, Notification.id)
        .limit(limit)
    )
    return list(session.execute(stmt).all())


def forget_pending_mail(session: Session) -> int:
    """Keep every notification in the app but write no e-mail for those made so far."""
    result = session.execute(
        update(Notification).where(Notification.mail_pending.is_(True)).values(mail_pending=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
