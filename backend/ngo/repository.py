"""SQL of youth NGO initiatives; every read a user sees goes through a ``readable_*`` statement."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, delete, false, func, select, true
from sqlalchemy.orm import Session

from backend.core.errors import NotFound
from backend.core.messages import msg
from backend.identity.principal import Principal
from backend.identity.roles import ScopeType
from backend.ngo.models import (
    Activity,
    ActivityChange,
    ActivityClassGroup,
    ActivityMeasureLink,
    ActivityStatus,
    InitiativeCall,
    InitiativeProject,
    Ngo,
    ProjectInstitution,
    ProjectStatus,
)
from backend.plans.measures.models import Measure, MeasureStatus, MeasureType
from backend.plans.models import PlanStatus, SupportPlan
from backend.schools.models import ClassGroup, Institution, Municipality, SchoolYear
from backend.schools.scope import institution_scope
from backend.students.models import Student
from backend.users.models import User

# Projects whose money is committed: they count against the call's budget.
FUNDED = (ProjectStatus.approved, ProjectStatus.completed)


def readable_ngos(principal: Principal) -> Select[Ngo]:
    stmt = select(Ngo)
    if principal.scope_type is ScopeType.ngo:
        return stmt.where(Ngo.id == principal.scope_id)
    return stmt


def _call_scope(principal: Principal) -> ColumnElement[bool]:
    match principal.scope_type:
        case ScopeType.national | ScopeType.ngo:
            return true()  # calls are public announcements: NGOs look for them to apply
        case ScopeType.municipality:
            return InitiativeCall.municipality_id == principal.scope_id
        case ScopeType.institution:
            own = select(Institution.municipality_id).where(Institution.id == principal.scope_id)
            return InitiativeCall.municipality_id.in_(own)
        case _:
            return false()


def readable_calls(principal: Principal) -> Select[InitiativeCall]:
    return select(InitiativeCall).where(_call_scope(principal))


def readable_projects(principal: Principal) -> Select[InitiativeProject]:
    stmt = select(InitiativeProject)
    match principal.scope_type:
        case ScopeType.national:
            return stmt
        case ScopeType.municipality:
            calls = select(InitiativeCall.id).where(
                InitiativeCall.municipality_id == principal.scope_id
            )
            return stmt.where(InitiativeProject.call_id.in_(calls))
        case ScopeType.ngo:
            return stmt.where(InitiativeProject.ngo_id == principal.scope_id)
        case ScopeType.institution:
            targeting = select(ProjectInstitution.project_id).where(
                ProjectInstitution.institution_id == principal.scope_id
            )
            return stmt.where(
                InitiativeProject.id.in_(targeting), InitiativeProject.status.in_(FUNDED)
            )
        case _:
            return stmt.where(false())


def readable_activities(principal: Principal) -> Select[Activity]:
    stmt = select(Activity)
    if principal.scope_type is ScopeType.ngo:
        own = select(InitiativeProject.id).where(InitiativeProject.ngo_id == principal.scope_id)
        return stmt.where(Activity.project_id.in_(own))
    # Every activity is at a target institution of its project, which lies in the call's
    # municipality: the institution scope covers schools, municipalities and IKVD alike.
    return stmt.where(institution_scope(principal, Activity.institution_id))


def get_ngo(session: Session, principal: Principal, id: uuid.UUID) -> Ngo:
    row = session.scalar(readable_ngos(principal).where(Ngo.id == id))
    if row is None:
        raise NotFound(msg("ngo.not-found"))
    return row


def get_call(session: Session, principal: Principal, id: uuid.UUID) -> InitiativeCall:
    row = session.scalar(readable_calls(principal).where(InitiativeCall.id == id))
    if row is None:
        raise NotFound(msg("ngo.call-not-found"))
    return row


def lock_call(session: Session, id: uuid.UUID) -> InitiativeCall:
    """The call row, locked until the transaction ends: decisions on its budget queue here."""
    stmt = (
        select(InitiativeCall)
        .where(InitiativeCall.id == id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.scalars(stmt).one()


def get_project(
    session: Session, principal: Principal, id: uuid.UUID, *, for_update: bool = False
) -> InitiativeProject:
    stmt = readable_projects(principal).where(InitiativeProject.id == id)
    if for_update:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    row = session.scalar(stmt)
    if row is None:
        raise NotFound(msg("ngo.project-not-found"))
    return row


def get_activity(
    session: Session, principal: Principal, id: uuid.UUID, *, for_update: bool = False
) -> Activity:
    stmt = readable_activities(principal).where(Activity.id == id)
    if for_update:
        stmt = stmt.with_for_update()
    row = session.scalar(stmt)
    if row is None:
        raise NotFound(msg("ngo.activity-not-found"))
    return row


def funded_cents(session: Session, call_id: uuid.UUID) -> int:
    """What the call has committed to approved and completed projects."""
    stmt = select(func.coalesce(func.sum(InitiativeProject.amount_cents), 0)).where(
        InitiativeProject.call_id == call_id, InitiativeProject.status.in_(FUNDED)
    )
    return int(session.scalar(stmt) or 0)


def funded_cents_by_call(session: Session, call_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    if not call_ids:
        return {}
    stmt = (
        select(InitiativeProject.call_id, func.sum(InitiativeProject.amount_cents))
        .where(InitiativeProject.call_id.in_(call_ids), InitiativeProject.status.in_(FUNDED))
        .group_by(InitiativeProject.call_id)
    )
    return {call_id: int(total) for call_id, total in session.execute(stmt)}


def target_institutions(
    session: Session, project_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Institution]]:
    result: dict[uuid.UUID, list[Institution]] = {id: [] for id in project_ids}
    if not project_ids:
        return result
    stmt = (
        select(ProjectInstitution.project_id, Institution)
        .join(Institution, Institution.id == ProjectInstitution.institution_id)
        .where(ProjectInstitution.project_id.in_(project_ids))
        .order_by(Institution.name, Institution.id)
    )
    for project_id, institution in session.execute(stmt):
        result[project_id].append(institution)
    return result


def institutions_by_id(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Institution]:
    if not ids:
        return {}
    rows = session.scalars(select(Institution).where(Institution.id.in_(ids)))
    return {r.id: r for r in rows}


def class_groups_of_activities(
    session: Session, activity_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[ClassGroup]]:
    result: dict[uuid.UUID, list[ClassGroup]] = {id: [] for id in activity_ids}
    if not activity_ids:
        return result
    stmt = (
        select(ActivityClassGroup.activity_id, ClassGroup)
        .join(ClassGroup, ClassGroup.id == ActivityClassGroup.class_group_id)
        .where(ActivityClassGroup.activity_id.in_(activity_ids))
        .order_by(ClassGroup.grade, ClassGroup.course, ClassGroup.label)
    )
    for activity_id, group in session.execute(stmt):
        result[activity_id].append(group)
    return result


def class_groups(
    session: Session, institution_ids: Sequence[uuid.UUID], school_year_id: uuid.UUID
) -> list[ClassGroup]:
    stmt = (
        select(ClassGroup)
        .where(
            ClassGroup.institution_id.in_(institution_ids),
            ClassGroup.school_year_id == school_year_id,
        )
        .order_by(ClassGroup.institution_id, ClassGroup.grade, ClassGroup.course, ClassGroup.label)
    )
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class ActivityTotals:
    planned: int = 0  # every activity not cancelled
    held: int = 0
    participants: int = 0
    at_risk: int = 0
    waiting: int = 0  # still planned: neither held nor cancelled


def activity_totals(
    session: Session, project_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, ActivityTotals]:
    if not project_ids:
        return {}
    held = Activity.status == ActivityStatus.held
    stmt = (
        select(
            Activity.project_id,
            func.count(Activity.id).filter(Activity.status != ActivityStatus.cancelled),
            func.count(Activity.id).filter(held),
            func.coalesce(func.sum(Activity.actual_participants).filter(held), 0),
            func.coalesce(func.sum(Activity.at_risk_participants).filter(held), 0),
            func.count(Activity.id).filter(Activity.status == ActivityStatus.planned),
        )
        .where(Activity.project_id.in_(project_ids))
        .group_by(Activity.project_id)
    )
    return {
        project_id: ActivityTotals(total, n_held, people or 0, at_risk or 0, waiting)
        for project_id, total, n_held, people, at_risk, waiting in session.execute(stmt)
    }


def replace_activity_classes(
    session: Session, activity_id: uuid.UUID, class_group_ids: Sequence[uuid.UUID]
) -> None:
    session.execute(delete(ActivityClassGroup).where(ActivityClassGroup.activity_id == activity_id))
    session.add_all(
        ActivityClassGroup(activity_id=activity_id, class_group_id=id)
        for id in dict.fromkeys(class_group_ids)
    )
    session.flush()


def add_activity_change(session: Session, change: ActivityChange) -> None:
    session.add(change)
    session.flush()


def activity_changes(session: Session, activity_id: uuid.UUID) -> list[Row[Any]]:
    """The activity's trail, oldest first, each change with the name of who made it."""
    stmt = (
        select(ActivityChange, User.full_name)
        .outerjoin(User, User.id == ActivityChange.user_id)
        .where(ActivityChange.activity_id == activity_id)
        .order_by(ActivityChange.at, ActivityChange.id)
    )
    return list(session.execute(stmt))


# --- links to plan measures ----------------------------------------------------------------------

NGO_MEASURE_TYPE = "ngo_activity_participation"


@dataclass(frozen=True)
class LinkableMeasure:
    measure: Measure
    plan: SupportPlan
    type_code: str


def get_measure_for_link(
    session: Session, principal: Principal, measure_id: uuid.UUID, institution_id: uuid.UUID
) -> LinkableMeasure:
    """A measure of a plan of the activity's institution, which the caller works in."""
    stmt = (
        select(Measure, SupportPlan, MeasureType.code)
        .join(SupportPlan, SupportPlan.id == Measure.plan_id)
        .join(MeasureType, MeasureType.id == Measure.measure_type_id)
        .where(
            Measure.id == measure_id,
            SupportPlan.institution_id == institution_id,
            institution_scope(principal, SupportPlan.institution_id),
        )
    )
    row = session.execute(stmt).first()
    if row is None:
        raise NotFound(msg("measure.not-found"))
    return LinkableMeasure(row[0], row[1], row[2])


def get_link(
    session: Session, activity_id: uuid.UUID, measure_id: uuid.UUID
) -> ActivityMeasureLink | None:
    return session.get(ActivityMeasureLink, (activity_id, measure_id))


def links_of(
    session: Session, principal: Principal, activity_id: uuid.UUID
) -> list[tuple[ActivityMeasureLink, SupportPlan, Student]]:
    stmt = (
        select(ActivityMeasureLink, SupportPlan, Student)
        .join(Measure, Measure.id == ActivityMeasureLink.measure_id)
        .join(SupportPlan, SupportPlan.id == Measure.plan_id)
        .join(Student, Student.id == SupportPlan.student_id)
        .where(
            ActivityMeasureLink.activity_id == activity_id,
            institution_scope(principal, SupportPlan.institution_id),
        )
        .order_by(Student.family_name, Student.given_name, ActivityMeasureLink.measure_id)
    )
    return [(link, plan, student) for link, plan, student in session.execute(stmt)]


# A closed or discontinued plan is read-only for everyone (DESIGN §2).
READ_ONLY_PLANS = (PlanStatus.closed, PlanStatus.discontinued)


def linkable_measures(
    session: Session, principal: Principal, activity: Activity
) -> list[tuple[Measure, SupportPlan, Student, ClassGroup]]:
    """NGO participation measures of open plans of students in the activity's classes, not yet
    linked to it: what a school may link the activity to."""
    classes = select(ActivityClassGroup.class_group_id).where(
        ActivityClassGroup.activity_id == activity.id
    )
    linked = select(ActivityMeasureLink.measure_id).where(
        ActivityMeasureLink.activity_id == activity.id
    )
    stmt = (
        select(Measure, SupportPlan, Student, ClassGroup)
        .join(SupportPlan, SupportPlan.id == Measure.plan_id)
        .join(MeasureType, MeasureType.id == Measure.measure_type_id)
        .join(Student, Student.id == SupportPlan.student_id)
        .join(ClassGroup, ClassGroup.id == Student.class_group_id)
        .where(
            MeasureType.code == NGO_MEASURE_TYPE,
            Measure.status != MeasureStatus.cancelled,
            Measure.id.not_in(linked),
            SupportPlan.institution_id == activity.institution_id,
            SupportPlan.status.not_in(READ_ONLY_PLANS),
            institution_scope(principal, SupportPlan.institution_id),
            Student.class_group_id.in_(classes),
        )
        .order_by(ClassGroup.label, Student.family_name, Student.given_name, Measure.id)
    )
    return [(m, plan, student, group) for m, plan, student, group in session.execute(stmt)]


def ngo_registered(session: Session, registration_number: str) -> bool:
    stmt = select(Ngo.id).where(Ngo.registration_number == registration_number)
    return session.scalar(stmt) is not None


def ngo_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    return {n.id: n.name for n in session.scalars(select(Ngo).where(Ngo.id.in_(ids)))}


def municipality_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    stmt = select(Municipality).where(Municipality.id.in_(ids))
    return {m.id: m.name for m in session.scalars(stmt)}


def school_year_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    return {y.id: y.name for y in session.scalars(select(SchoolYear).where(SchoolYear.id.in_(ids)))}


def calls_by_id(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, InitiativeCall]:
    stmt = select(InitiativeCall).where(InitiativeCall.id.in_(ids))
    return {c.id: c for c in session.scalars(stmt)}


def projects_by_id(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, InitiativeProject]:
    stmt = select(InitiativeProject).where(InitiativeProject.id.in_(ids))
    return {p.id: p for p in session.scalars(stmt)}


def activities_with_class(class_group_id: uuid.UUID) -> Select[uuid.UUID]:
    return select(ActivityClassGroup.activity_id).where(
        ActivityClassGroup.class_group_id == class_group_id
    )


def delete_link(session: Session, link: ActivityMeasureLink) -> None:
    session.delete(link)
    session.flush()


def projects_of_call(session: Session, call_id: uuid.UUID) -> list[InitiativeProject]:
    return list(
        session.scalars(
            select(InitiativeProject)
            .where(InitiativeProject.call_id == call_id)
            .order_by(InitiativeProject.created_at, InitiativeProject.id)
        )
    )


@dataclass(frozen=True)
class InitiativeFigures:
    """Per municipality: (calls, budget cents); (funded projects, approved cents, used cents);
    (held activities, participants, at-risk participants)."""

    calls: list[tuple[uuid.UUID, int, int]]
    projects: list[tuple[uuid.UUID, int, int, int]]
    activities: list[tuple[uuid.UUID, int, int, int]]


def initiative_figures(
    session: Session, principal: Principal, school_year_id: uuid.UUID | None
) -> InitiativeFigures:
    """The sums behind the initiatives report, over the calls in scope."""
    calls_in_scope = readable_calls(principal)
    if school_year_id:
        calls_in_scope = calls_in_scope.where(InitiativeCall.school_year_id == school_year_id)
    calls = calls_in_scope.subquery()
    call_rows = list(
        session.execute(
            select(calls.c.municipality_id, func.count(), func.sum(calls.c.budget_cents)).group_by(
                calls.c.municipality_id
            )
        )
    )
    funded = InitiativeProject.status.in_(FUNDED)
    project_rows = list(
        session.execute(
            select(
                calls.c.municipality_id,
                func.count(InitiativeProject.id),
                func.coalesce(func.sum(InitiativeProject.amount_cents), 0),
                func.coalesce(func.sum(InitiativeProject.used_cents), 0),
            )
            .join(calls, calls.c.id == InitiativeProject.call_id)
            .where(funded)
            .group_by(calls.c.municipality_id)
        )
    )
    activity_rows = list(
        session.execute(
            select(
                calls.c.municipality_id,
                func.count(Activity.id),
                func.coalesce(func.sum(Activity.actual_participants), 0),
                func.coalesce(func.sum(Activity.at_risk_participants), 0),
            )
            .join(InitiativeProject, InitiativeProject.id == Activity.project_id)
            .join(calls, calls.c.id == InitiativeProject.call_id)
            .where(Activity.status == ActivityStatus.held)
            .group_by(calls.c.municipality_id)
        )
    )
    return InitiativeFigures(
        calls=[(r[0], r[1], r[2]) for r in call_rows],
        projects=[(r[0], r[1], r[2], r[3]) for r in project_rows],
        activities=[(r[0], r[1], r[2], r[3]) for r in activity_rows],
    )
