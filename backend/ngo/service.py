"""Youth NGO initiatives: calls, projects, activities and what they achieved (DESIGN §2)."""

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.core.clock import local_today, utcnow
from backend.core.config import get_settings
from backend.core.errors import Conflict, InvalidInput, NotFound
from backend.core.messages import msg
from backend.core.pagination import PageParams, paginate
from backend.identity.principal import Principal
from backend.ngo import repository
from backend.ngo.models import (
    Activity,
    ActivityChange,
    ActivityChangeKind,
    ActivityClassGroup,
    ActivityMeasureLink,
    ActivityStatus,
    InitiativeCall,
    InitiativeProject,
    Ngo,
    ProjectInstitution,
    ProjectStatus,
)
from backend.ngo.schemas import (
    ActivityCancel,
    ActivityChangeRead,
    ActivityCreate,
    ActivityOutcome,
    ActivityRead,
    ActivityUpdate,
    CallCreate,
    CallRead,
    ClassGroupRef,
    InstitutionRef,
    LinkableMeasureRead,
    MeasureLinkCreate,
    MeasureLinkRead,
    NgoCreate,
    ProjectClassGroup,
    ProjectCompletion,
    ProjectCreate,
    ProjectDecision,
    ProjectRead,
    ProjectRejection,
    cents,
    euros,
)
from backend.plans.models import SupportPlan
from backend.schools import service as schools_service
from backend.students.models import Student

get_ngo = repository.get_ngo
get_call = repository.get_call
get_project = repository.get_project
get_activity = repository.get_activity


# --- NGOs ----------------------------------------------------------------------------------------


def list_ngos(
    session: Session, principal: Principal, page: PageParams, *, q: str | None = None
) -> tuple[list[Ngo], str | None]:
    stmt = repository.readable_ngos(principal)
    if q:
        stmt = stmt.where(Ngo.name.icontains(q, autoescape=True))
    return paginate(session, stmt, [Ngo.name, Ngo.id], page)


def create_ngo(session: Session, principal: Principal, data: NgoCreate) -> Ngo:
    if repository.ngo_registered(session, data.registration_number):
        raise Conflict(msg("ngo.registration-taken"))
    row = Ngo(**data.model_dump())
    session.add(row)
    session.flush()
    audit_service.record(session, principal, AuditAction.create, ResourceType.ngo, row.id)
    return row


# --- calls ---------------------------------------------------------------------------------------


def call_reads(
    session: Session, calls: Sequence[InitiativeCall], today: date | None = None
) -> list[CallRead]:
    today = today or local_today()
    municipalities = repository.municipality_names(session, {c.municipality_id for c in calls})
    years = repository.school_year_names(session, {c.school_year_id for c in calls})
    funded = repository.funded_cents_by_call(session, [c.id for c in calls])
    return [
        CallRead(
            id=c.id,
            municipality_id=c.municipality_id,
            municipality_name=municipalities[c.municipality_id],
            school_year_id=c.school_year_id,
            school_year_name=years[c.school_year_id],
            title=c.title,
            budget_eur=euros(c.budget_cents),
            deadline=c.deadline,
            is_open=today <= c.deadline,
            approved_eur=euros(funded.get(c.id, 0)),
            created_at=c.created_at,
        )
        for c in calls
    ]


def read_call(session: Session, principal: Principal, id: uuid.UUID) -> CallRead:
    return call_reads(session, [repository.get_call(session, principal, id)])[0]


def list_calls(
    session: Session,
    principal: Principal,
    page: PageParams,
    *,
    municipality_id: uuid.UUID | None = None,
    school_year_id: uuid.UUID | None = None,
    open_only: bool = False,
) -> tuple[list[CallRead], str | None]:
    stmt = repository.readable_calls(principal)
    if municipality_id:
        stmt = stmt.where(InitiativeCall.municipality_id == municipality_id)
    if school_year_id:
        stmt = stmt.where(InitiativeCall.school_year_id == school_year_id)
    if open_only:
        stmt = stmt.where(InitiativeCall.deadline >= local_today())
    rows, cursor = paginate(
        session, stmt, [InitiativeCall.deadline, InitiativeCall.id], page, descending=True
    )
    return call_reads(session, rows), cursor


def create_call(session: Session, principal: Principal, data: CallCreate) -> CallRead:
    municipality_id = data.municipality_id or principal.municipality_id
    if municipality_id is None:
        raise InvalidInput.field(["body", "municipality_id"], msg("ngo.call-municipality-required"))
    schools_service.get_municipality(session, principal, municipality_id)
    year = schools_service.get_school_year(session, data.school_year_id)
    if data.deadline < local_today():
        raise InvalidInput.field(["body", "deadline"], msg("ngo.deadline-passed"))
    if data.deadline > year.ends_on:
        raise InvalidInput.field(["body", "deadline"], msg("ngo.deadline-after-year"))
    row = InitiativeCall(
        municipality_id=municipality_id,
        school_year_id=year.id,
        title=data.title,
        budget_cents=cents(data.budget_eur),
        deadline=data.deadline,
        created_by_user_id=principal.user_id,
    )
    session.add(row)
    session.flush()
    audit_service.record(
        session, principal, AuditAction.create, ResourceType.initiative_call, row.id
    )
    return call_reads(session, [row])[0]


# --- projects ------------------------------------------------------------------------------------


def project_reads(session: Session, projects: Sequence[InitiativeProject]) -> list[ProjectRead]:
    calls = repository.calls_by_id(session, {p.call_id for p in projects})
    ngos = repository.ngo_names(session, {p.ngo_id for p in projects})
    targets = repository.target_institutions(session, [p.id for p in projects])
    totals = repository.activity_totals(session, [p.id for p in projects])
    return [
        ProjectRead(
            id=p.id,
            call_id=p.call_id,
            call_title=calls[p.call_id].title,
            municipality_id=calls[p.call_id].municipality_id,
            ngo_id=p.ngo_id,
            ngo_name=ngos[p.ngo_id],
            title=p.title,
            description=p.description,
            amount_eur=euros(p.amount_cents),
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            status=p.status,
            institutions=[InstitutionRef(id=i.id, name=i.name) for i in targets[p.id]],
            decision_comment=p.decision_comment,
            decided_at=p.decided_at,
            report=p.report,
            used_eur=None if p.used_cents is None else euros(p.used_cents),
            completed_at=p.completed_at,
            created_at=p.created_at,
            can_complete=_can_complete(p, totals.get(p.id)),
        )
        for p in projects
    ]


def _can_complete(project: InitiativeProject, totals: repository.ActivityTotals | None) -> bool:
    """An approved project is finished once its end date has come, or earlier once it has held
    activities and none is still waiting to be held."""
    if project.status is not ProjectStatus.approved:
        return False
    if local_today() >= project.ends_on:
        return True
    return totals is not None and totals.held > 0 and totals.waiting == 0


def read_project(session: Session, principal: Principal, id: uuid.UUID) -> ProjectRead:
    return project_reads(session, [repository.get_project(session, principal, id)])[0]


def list_projects(
    session: Session,
    principal: Principal,
    page: PageParams,
    *,
    call_id: uuid.UUID | None = None,
    ngo_id: uuid.UUID | None = None,
    status: ProjectStatus | None = None,
) -> tuple[list[ProjectRead], str | None]:
    stmt = repository.readable_projects(principal)
    if call_id:
        stmt = stmt.where(InitiativeProject.call_id == call_id)
    if ngo_id:
        stmt = stmt.where(InitiativeProject.ngo_id == ngo_id)
    if status:
        stmt = stmt.where(InitiativeProject.status == status)
    rows, cursor = paginate(
        session,
        stmt,
        [InitiativeProject.created_at, InitiativeProject.id],
        page,
        descending=True,
    )
    return project_reads(session, rows), cursor


def _check_project_fits_call(
    session: Session, call: InitiativeCall, data: ProjectCreate
) -> list[uuid.UUID]:
    """Check the amount, the period and the targets; return the target institutions' ids."""
    cap = get_settings().ngo_project_cap_eur
    if data.amount_eur > cap:
        raise InvalidInput.field(["body", "amount_eur"], msg("ngo.amount-over-cap", cap=cap))
    year = schools_service.get_school_year(session, call.school_year_id)
    if not year.starts_on <= data.starts_on <= year.ends_on:
        raise InvalidInput.field(
            ["body", "starts_on"], msg("ngo.outside-school-year", name=year.name)
        )
    if not year.starts_on <= data.ends_on <= year.ends_on:
        raise InvalidInput.field(
            ["body", "ends_on"], msg("ngo.outside-school-year", name=year.name)
        )
    ids = list(dict.fromkeys(data.institution_ids))
    found = repository.institutions_by_id(session, ids)
    for index, id in enumerate(data.institution_ids):
        institution = found.get(id)
        if institution is None or institution.municipality_id != call.municipality_id:
            raise InvalidInput.field(
                ["body", "institution_ids", index],
                msg("ngo.institution-outside-call"),
            )
    return ids


def submit_project(session: Session, principal: Principal, data: ProjectCreate) -> ProjectRead:
    assert principal.ngo_id is not None  # only NGO managers hold the permission
    call = repository.get_call(session, principal, data.call_id)
    if local_today() > call.deadline:
        raise Conflict(msg("ngo.call-closed", deadline=call.deadline))
    institution_ids = _check_project_fits_call(session, call, data)
    project = InitiativeProject(
        call_id=call.id,
        ngo_id=principal.ngo_id,
        title=data.title,
        description=data.description,
        amount_cents=cents(data.amount_eur),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        status=ProjectStatus.submitted,
        submitted_by_user_id=principal.user_id,
    )
    session.add(project)
    session.flush()
    session.add_all(
        ProjectInstitution(project_id=project.id, institution_id=id) for id in institution_ids
    )
    session.flush()
    audit_service.record(
        session, principal, AuditAction.create, ResourceType.initiative_project, project.id
    )
    return project_reads(session, [project])[0]


def _decide(project: InitiativeProject, principal: Principal, comment: str | None) -> None:
    project.decision_comment = comment
    project.decided_at = utcnow()
    project.decided_by_user_id = principal.user_id


def approve_project(
    session: Session, principal: Principal, id: uuid.UUID, data: ProjectDecision
) -> ProjectRead:
    project = repository.get_project(session, principal, id)
    # Lock the call first: concurrent approvals in one call wait here, so each sees the sum
    # the previous one committed and the budget can never be overspent.
    call = repository.lock_call(session, project.call_id)
    project = repository.get_project(session, principal, id, for_update=True)
    if project.status is not ProjectStatus.submitted:
        raise Conflict(msg("ngo.project-not-submitted", status=project.status))
    committed = repository.funded_cents(session, call.id)
    if committed + project.amount_cents > call.budget_cents:
        left = euros(call.budget_cents - committed)
        raise Conflict(msg("ngo.budget-exceeded", left=left))
    project.status = ProjectStatus.approved
    _decide(project, principal, data.comment)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.update,
        ResourceType.initiative_project,
        project.id,
        detail="approved",
    )
    return project_reads(session, [project])[0]


def reject_project(
    session: Session, principal: Principal, id: uuid.UUID, data: ProjectRejection
) -> ProjectRead:
    project = repository.get_project(session, principal, id, for_update=True)
    if project.status is not ProjectStatus.submitted:
        raise Conflict(msg("ngo.project-not-submitted", status=project.status))
    project.status = ProjectStatus.rejected
    _decide(project, principal, data.comment)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.update,
        ResourceType.initiative_project,
        project.id,
        detail="rejected",
    )
    return project_reads(session, [project])[0]


def complete_project(
    session: Session, principal: Principal, id: uuid.UUID, data: ProjectCompletion
) -> ProjectRead:
    project = repository.get_project(session, principal, id, for_update=True)
    if project.status is not ProjectStatus.approved:
        raise Conflict(msg("ngo.project-not-approved", status=project.status))
    if cents(data.used_eur) > project.amount_cents:
        raise InvalidInput.field(
            ["body", "used_eur"], msg("ngo.over-approved", amount=euros(project.amount_cents))
        )
    if not _can_complete(
        project, repository.activity_totals(session, [project.id]).get(project.id)
    ):
        raise Conflict(msg("ngo.project-not-finishable"))
    project.status = ProjectStatus.completed
    project.report = data.report
    project.used_cents = cents(data.used_eur)
    project.completed_at = utcnow()
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.update,
        ResourceType.initiative_project,
        project.id,
        detail="completed",
    )
    return project_reads(session, [project])[0]


def project_class_groups(
    session: Session, principal: Principal, id: uuid.UUID
) -> list[ProjectClassGroup]:
    """The classes of the project's target institutions in the call's school year."""
    project = repository.get_project(session, principal, id)
    call = session.get_one(InitiativeCall, project.call_id)
    targets = repository.target_institutions(session, [project.id])[project.id]
    groups = repository.class_groups(session, [i.id for i in targets], call.school_year_id)
    return [ProjectClassGroup.model_validate(g) for g in groups]


# --- activities ----------------------------------------------------------------------------------


def activity_reads(session: Session, activities: Sequence[Activity]) -> list[ActivityRead]:
    projects = repository.projects_by_id(session, {a.project_id for a in activities})
    ngos = repository.ngo_names(session, {p.ngo_id for p in projects.values()})
    institutions = repository.institutions_by_id(
        session, list({a.institution_id for a in activities})
    )
    groups = repository.class_groups_of_activities(session, [a.id for a in activities])
    reads = []
    for a in activities:
        project = projects[a.project_id]
        reads.append(
            ActivityRead(
                id=a.id,
                project_id=a.project_id,
                project_title=project.title,
                ngo_id=project.ngo_id,
                ngo_name=ngos[project.ngo_id],
                type=a.type,
                title=a.title,
                held_on=a.held_on,
                institution_id=a.institution_id,
                institution_name=institutions[a.institution_id].name,
                class_groups=[ClassGroupRef(id=g.id, label=g.label) for g in groups[a.id]],
                planned_participants=a.planned_participants,
                status=a.status,
                actual_participants=a.actual_participants,
                at_risk_participants=a.at_risk_participants,
                feedback=a.feedback,
                recorded_at=a.recorded_at,
                cancel_reason=a.cancel_reason,
                cancelled_at=a.cancelled_at,
            )
        )
    return reads


def read_activity(session: Session, principal: Principal, id: uuid.UUID) -> ActivityRead:
    return activity_reads(session, [repository.get_activity(session, principal, id)])[0]


def list_activities(
    session: Session,
    principal: Principal,
    page: PageParams,
    *,
    project_id: uuid.UUID | None = None,
    institution_id: uuid.UUID | None = None,
    class_group_id: uuid.UUID | None = None,
    status: ActivityStatus | None = None,
    held_from: date | None = None,
    held_to: date | None = None,
) -> tuple[list[ActivityRead], str | None]:
    stmt = repository.readable_activities(principal)
    if project_id:
        stmt = stmt.where(Activity.project_id == project_id)
    if institution_id:
        stmt = stmt.where(Activity.institution_id == institution_id)
    if class_group_id:
        stmt = stmt.where(Activity.id.in_(repository.activities_with_class(class_group_id)))
    if status:
        stmt = stmt.where(Activity.status == status)
    if held_from:
        stmt = stmt.where(Activity.held_on >= held_from)
    if held_to:
        stmt = stmt.where(Activity.held_on <= held_to)
    rows, cursor = paginate(session, stmt, [Activity.held_on, Activity.id], page)
    return activity_reads(session, rows), cursor


def _running_project(
    session: Session, principal: Principal, id: uuid.UUID, *, for_update: bool = False
) -> InitiativeProject:
    project = repository.get_project(session, principal, id, for_update=for_update)
    if project.status is not ProjectStatus.approved:
        raise Conflict(msg("ngo.activity-needs-approved-project", status=project.status))
    return project


def schedule_activity(session: Session, principal: Principal, data: ActivityCreate) -> ActivityRead:
    project = _running_project(session, principal, data.project_id)
    if not project.starts_on <= data.held_on <= project.ends_on:
        raise InvalidInput.field(["body", "held_on"], msg("ngo.outside-project-period"))
    targets = {i.id for i in repository.target_institutions(session, [project.id])[project.id]}
    if data.institution_id not in targets:
        raise InvalidInput.field(["body", "institution_id"], msg("ngo.not-target-institution"))
    call = session.get_one(InitiativeCall, project.call_id)
    allowed = {
        g.id for g in repository.class_groups(session, [data.institution_id], call.school_year_id)
    }
    for index, group_id in enumerate(data.class_group_ids):
        if group_id not in allowed:
            raise InvalidInput.field(
                ["body", "class_group_ids", index],
                msg("ngo.class-outside-call"),
            )
    activity = Activity(
        project_id=project.id,
        type=data.type,
        title=data.title,
        held_on=data.held_on,
        institution_id=data.institution_id,
        planned_participants=data.planned_participants,
        status=ActivityStatus.planned,
    )
    session.add(activity)
    session.flush()
    session.add_all(
        ActivityClassGroup(activity_id=activity.id, class_group_id=id)
        for id in dict.fromkeys(data.class_group_ids)
    )
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.create,
        ResourceType.activity,
        activity.id,
        institution_id=activity.institution_id,
    )
    return activity_reads(session, [activity])[0]


def _planned_activity(session: Session, principal: Principal, id: uuid.UUID) -> Activity:
    """A planned activity of a running project of the caller's NGO, locked for the change."""
    activity = repository.get_activity(session, principal, id, for_update=True)
    if activity.status is ActivityStatus.held:
        raise Conflict(msg("ngo.activity-held-final"))
    if activity.status is ActivityStatus.cancelled:
        raise Conflict(msg("ngo.activity-cancelled"))
    return activity


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(sorted(str(v) for v in value))
    return str(value)


def update_activity(
    session: Session, principal: Principal, id: uuid.UUID, data: ActivityUpdate
) -> ActivityRead:
    """Edit or reschedule a planned activity; each change goes into its trail."""
    activity = _planned_activity(session, principal, id)
    project = _running_project(session, principal, activity.project_id)
    changes: dict[str, list[str | None]] = {}
    if data.held_on is not None and data.held_on != activity.held_on:
        if not project.starts_on <= data.held_on <= project.ends_on:
            raise InvalidInput.field(["body", "held_on"], msg("ngo.outside-project-period"))
        if data.reason is None:
            raise InvalidInput.field(["body", "reason"], msg("ngo.reschedule-reason"))
        changes["held_on"] = [_text(activity.held_on), _text(data.held_on)]
        activity.held_on = data.held_on
    if data.type is not None and data.type != activity.type:
        changes["type"] = [activity.type.value, data.type.value]
        activity.type = data.type
    if data.title is not None and data.title != activity.title:
        changes["title"] = [activity.title, data.title]
        activity.title = data.title
    if "planned_participants" in data.model_fields_set and (
        data.planned_participants != activity.planned_participants
    ):
        changes["planned_participants"] = [
            _text(activity.planned_participants),
            _text(data.planned_participants),
        ]
        activity.planned_participants = data.planned_participants
    if data.class_group_ids is not None:
        call = session.get_one(InitiativeCall, project.call_id)
        allowed = {
            g.id
            for g in repository.class_groups(
                session, [activity.institution_id], call.school_year_id
            )
        }
        for index, group_id in enumerate(data.class_group_ids):
            if group_id not in allowed:
                raise InvalidInput.field(
                    ["body", "class_group_ids", index],
                    msg("ngo.class-outside-call"),
                )
        current = repository.class_groups_of_activities(session, [activity.id])[activity.id]
        before = {g.id for g in current}
        if before != set(data.class_group_ids):
            labels = {
                g.id: g.label
                for g in repository.class_groups(
                    session, [activity.institution_id], call.school_year_id
                )
            }
            changes["class_groups"] = [
                _text([labels.get(i, str(i)) for i in before]),
                _text([labels.get(i, str(i)) for i in dict.fromkeys(data.class_group_ids)]),
            ]
            repository.replace_activity_classes(session, activity.id, data.class_group_ids)
    if not changes:
        return activity_reads(session, [activity])[0]
    kind = ActivityChangeKind.rescheduled if "held_on" in changes else ActivityChangeKind.edited
    _log_change(session, principal, activity, kind, changes, data.reason)
    return activity_reads(session, [activity])[0]


def _log_change(
    session: Session,
    principal: Principal,
    activity: Activity,
    kind: ActivityChangeKind,
    changes: dict[str, list[str | None]],
    reason: str | None,
) -> None:
    """A change of a planned activity: kept in its trail and audited."""
    session.flush()
    repository.add_activity_change(
        session,
        ActivityChange(
            activity_id=activity.id,
            user_id=principal.user_id,
            kind=kind,
            changes=changes,
            reason=reason,
        ),
    )
    audit_service.record(
        session,
        principal,
        AuditAction.update,
        ResourceType.activity,
        activity.id,
        institution_id=activity.institution_id,
        detail=kind.value,
    )


def cancel_activity(
    session: Session, principal: Principal, id: uuid.UUID, data: ActivityCancel
) -> ActivityRead:
    activity = _planned_activity(session, principal, id)
    _running_project(session, principal, activity.project_id)
    activity.status = ActivityStatus.cancelled
    activity.cancel_reason = data.reason
    activity.cancelled_at = utcnow()
    _log_change(
        session,
        principal,
        activity,
        ActivityChangeKind.cancelled,
        {"status": [ActivityStatus.planned.value, ActivityStatus.cancelled.value]},
        data.reason,
    )
    return activity_reads(session, [activity])[0]


def activity_changes(
    session: Session, principal: Principal, id: uuid.UUID
) -> list[ActivityChangeRead]:
    activity = repository.get_activity(session, principal, id)
    return [
        ActivityChangeRead(
            id=row.ActivityChange.id,
            at=row.ActivityChange.at,
            user_id=row.ActivityChange.user_id,
            user_name=row.full_name,
            kind=row.ActivityChange.kind,
            changes=row.ActivityChange.changes,
            reason=row.ActivityChange.reason,
        )
        for row in repository.activity_changes(session, activity.id)
    ]


def record_outcome(
    session: Session, principal: Principal, id: uuid.UUID, data: ActivityOutcome
) -> ActivityRead:
    activity = repository.get_activity(session, principal, id, for_update=True)
    _running_project(session, principal, activity.project_id)
    if activity.status is ActivityStatus.cancelled:
        raise Conflict(msg("ngo.activity-cancelled"))
    if activity.held_on > local_today():
        raise Conflict(msg("ngo.activity-not-held"))
    activity.actual_participants = data.actual_participants
    activity.at_risk_participants = data.at_risk_participants
    activity.feedback = data.feedback
    activity.status = ActivityStatus.held
    activity.recorded_at = utcnow()
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.update,
        ResourceType.activity,
        activity.id,
        institution_id=activity.institution_id,
        detail="outcome",
    )
    return activity_reads(session, [activity])[0]


# --- links to plan measures (school staff) ----------------------------------------------------

_READ_ONLY_PLANS = repository.READ_ONLY_PLANS


def _link_read(link: ActivityMeasureLink, plan: SupportPlan, student: Student) -> MeasureLinkRead:
    return MeasureLinkRead(
        activity_id=link.activity_id,
        measure_id=link.measure_id,
        plan_id=plan.id,
        plan_code=plan.code,
        student_id=student.id,
        student_name=f"{student.given_name} {student.family_name}",
        linked_at=link.created_at,
    )


def list_measure_links(
    session: Session, principal: Principal, activity_id: uuid.UUID
) -> list[MeasureLinkRead]:
    activity = repository.get_activity(session, principal, activity_id)
    rows = repository.links_of(session, principal, activity.id)
    audit_service.record_reads(
        session,
        principal,
        ResourceType.support_plan,
        [(plan.id, student.id, plan.institution_id) for _link, plan, student in rows],
    )
    return [_link_read(*row) for row in rows]


def link_measure(
    session: Session, principal: Principal, activity_id: uuid.UUID, data: MeasureLinkCreate
) -> MeasureLinkRead:
    activity = repository.get_activity(session, principal, activity_id)
    found = repository.get_measure_for_link(
        session, principal, data.measure_id, activity.institution_id
    )
    if found.type_code != repository.NGO_MEASURE_TYPE:
        raise InvalidInput.field(["body", "measure_id"], msg("ngo.link-wrong-measure"))
    if found.plan.status in _READ_ONLY_PLANS:
        raise Conflict(msg("plan.no-longer-changes", status=found.plan.status))
    if repository.get_link(session, activity.id, found.measure.id) is not None:
        raise Conflict(msg("ngo.already-linked"))
    link = ActivityMeasureLink(
        activity_id=activity.id, measure_id=found.measure.id, linked_by_user_id=principal.user_id
    )
    session.add(link)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.create,
        ResourceType.activity_measure_link,
        found.measure.id,
        student_id=found.plan.student_id,
        institution_id=found.plan.institution_id,
        detail=f"activity:{activity.id}",
    )
    student = session.get_one(Student, found.plan.student_id)
    return _link_read(link, found.plan, student)


def unlink_measure(
    session: Session, principal: Principal, activity_id: uuid.UUID, measure_id: uuid.UUID
) -> None:
    activity = repository.get_activity(session, principal, activity_id)
    found = repository.get_measure_for_link(session, principal, measure_id, activity.institution_id)
    link = repository.get_link(session, activity.id, found.measure.id)
    if link is None:
        raise NotFound(msg("ngo.not-linked"))
    if found.plan.status in _READ_ONLY_PLANS:
        raise Conflict(msg("plan.no-longer-changes", status=found.plan.status))
    repository.delete_link(session, link)
    audit_service.record(
        session,
        principal,
        AuditAction.delete,
        ResourceType.activity_measure_link,
        found.measure.id,
        student_id=found.plan.student_id,
        institution_id=found.plan.institution_id,
        detail=f"activity:{activity.id}",
    )


def list_linkable_measures(
    session: Session, principal: Principal, activity_id: uuid.UUID
) -> list[LinkableMeasureRead]:
    activity = repository.get_activity(session, principal, activity_id)
    rows = repository.linkable_measures(session, principal, activity)
    audit_service.record_reads(
        session,
        principal,
        ResourceType.support_plan,
        [(plan.id, student.id, plan.institution_id) for _m, plan, student, _g in rows],
    )
    return [
        LinkableMeasureRead(
            measure_id=measure.id,
            plan_id=plan.id,
            plan_code=plan.code,
            student_id=student.id,
            student_name=f"{student.given_name} {student.family_name}",
            class_label=group.label,
        )
        for measure, plan, student, group in rows
    ]
