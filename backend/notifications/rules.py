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
from backend.notifications.service import Subject, notify_many
from backend.plans.models import PlanStatus
from backend.plans.rules import awaiting_step
from backend.schools.models import ApprovalRoute

_INTERMEDIATE = (PlanStatus.approved_school, PlanStatus.approved_municipality)


def _on_status(session: Session, event: OutboxEvent, payload: dict[str, Any]) -> None:
    """The people a plan's new status concerns, told in one statement (the plan is already in
    the session: the change that emitted the event loaded it)."""
    plan = repository.plan(session, event.resource_id)
    if plan is None:
        return
    status = PlanStatus(payload["status"])
    today = local_today()
    if status is PlanStatus.returned:
        repository.notify_plan_event(
            session,
            plan,
            [(plan.author_id, NotificationKind.plan_returned)],
            {},
            NotificationKind.plan_awaits_approval,
            comment=repository.last_return_comment_of(plan.id),
            day=today,
        )
        return
    if status is PlanStatus.active:
        repository.notify_plan_event(
            session,
            plan,
            [(plan.author_id, NotificationKind.plan_active)],
            {},
            NotificationKind.plan_awaits_approval,
            staff_kind=NotificationKind.plan_active,
            day=today,
        )
        return
    if status is not PlanStatus.submitted and status not in _INTERMEDIATE:
        return
    author = [(plan.author_id, NotificationKind.plan_approved)] if status in _INTERMEDIATE else []
    # The next approvers by the institution's route, decided in the statement.
    routes = {route: awaiting_step(status, route) for route in ApprovalRoute}
    repository.notify_plan_event(
        session, plan, author, routes, NotificationKind.plan_awaits_approval, day=today
    )


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
