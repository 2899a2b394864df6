"""Who is told of which event: an outbox subscriber, run inside the transaction of the change,
so a notification exists exactly when the change commits.

- a plan submitted or approved at a step: the approvers of the next step in the plan's scope
  (the school's directors; the municipality's coordinators; IKVD);
- returned: the author, with the approver's comment;
- approved at an intermediate step: the author; active: the author and the staff responsible
  for its measures;
- ``student.flagged`` (early identification): the school's directors and coordinators.
"""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from backend.core.clock import local_today
from backend.events import service as outbox
from backend.events.models import OutboxEvent
from backend.identity.roles import Role
from backend.notifications import repository
from backend.notifications.models import NotificationKind
from backend.notifications.service import Subject, notify, notify_many
from backend.plans.models import ApprovalStep, PlanStatus, SupportPlan
from backend.plans.rules import awaiting_step

_APPROVERS: dict[ApprovalStep, Role] = {
    ApprovalStep.school: Role.school_director,
    ApprovalStep.municipality: Role.municipal_coordinator,
    ApprovalStep.national: Role.ikvd_admin,
}
_INTERMEDIATE = (PlanStatus.approved_school, PlanStatus.approved_municipality)


def _approvers(session: Session, plan: SupportPlan, status: PlanStatus) -> list[uuid.UUID]:
    institution = repository.institution(session, plan.institution_id)
    if institution is None:
        return []
    step = awaiting_step(status, institution.approval_route)
    if step is None:
        return []
    today = local_today()
    role = _APPROVERS[step]
    match step:
        case ApprovalStep.school:
            return repository.holders(session, [role], today, institution_id=plan.institution_id)
        case ApprovalStep.municipality:
            if institution.municipality_id is None:
                return []
            return repository.holders(
                session, [role], today, municipality_id=institution.municipality_id
            )
        case ApprovalStep.national:
            return repository.holders(session, [role], today)


def _on_status(session: Session, event: OutboxEvent, payload: dict[str, Any]) -> None:
    plan = repository.plan(session, event.resource_id)
    if plan is None:
        return
    status = PlanStatus(payload["status"])
    subject = Subject(plan_id=plan.id, plan_code=plan.code, institution_id=plan.institution_id)
    if status is PlanStatus.returned:
        comment = repository.last_return_comment(session, plan.id)
        notify(
            session,
            [plan.author_id],
            NotificationKind.plan_returned,
            Subject(
                plan_id=plan.id,
                plan_code=plan.code,
                institution_id=plan.institution_id,
                comment=comment,
            ),
        )
        return
    if status is PlanStatus.active:
        people = [plan.author_id, *repository.responsible_staff(session, plan.id)]
        notify(session, people, NotificationKind.plan_active, subject)
        return
    if status in _INTERMEDIATE:
        notify(session, [plan.author_id], NotificationKind.plan_approved, subject)
    if status is PlanStatus.submitted or status in _INTERMEDIATE:
        approvers = _approvers(session, plan, status)
        notify(session, approvers, NotificationKind.plan_awaits_approval, subject)


def _on_flagged(session: Session, events: Sequence[OutboxEvent]) -> None:
    """Newly flagged students, told to their school's directors and coordinators: the people of
    each school are looked up once however many of its students were flagged at once."""
    by_school: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for event in events:
        if event.institution_id is not None:
            by_school[event.institution_id].append(event.resource_id)
    today = local_today()
    for institution_id, students in by_school.items():
        people = repository.holders(
            session,
            [Role.school_director, Role.school_coordinator],
            today,
            institution_id=institution_id,
        )
        notify_many(
            session,
            people,
            NotificationKind.student_flagged,
            [Subject(student_id=s, institution_id=institution_id) for s in students],
        )


def on_events(session: Session, events: Sequence[OutboxEvent]) -> None:
    flagged = [e for e in events if e.type == "student.flagged"]
    for event in events:
        payload = event.payload or {}
        if event.type == "plan.status_changed" and "status" in payload:
            _on_status(session, event, payload)
    if flagged:
        _on_flagged(session, flagged)


def register() -> None:
    outbox.subscribe(on_events)


register()
