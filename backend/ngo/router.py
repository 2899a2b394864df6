import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from backend.core.db import DbSession
from backend.core.errors import problem_responses
from backend.core.pagination import Pagination
from backend.core.schemas import Day, Page
from backend.ngo import reports, service
from backend.ngo.dependencies import (
    ActivityLinksManage,
    CallsManage,
    InitiativesRead,
    NgosWrite,
    ProjectsWrite,
    ReportsRead,
)
from backend.ngo.models import ActivityStatus, ProjectStatus
from backend.ngo.schemas import (
    ActivityCancel,
    ActivityChangeRead,
    ActivityCreate,
    ActivityOutcome,
    ActivityRead,
    ActivityUpdate,
    CallCreate,
    CallRead,
    CallReport,
    InitiativesReport,
    LinkableMeasureRead,
    MeasureLinkCreate,
    MeasureLinkRead,
    NgoCreate,
    NgoRead,
    ProjectClassGroup,
    ProjectCompletion,
    ProjectCreate,
    ProjectDecision,
    ProjectRead,
    ProjectRejection,
    ProjectReport,
)

router = APIRouter(tags=["ngo"])

READ_ERRORS = problem_responses(401, 403, 404, 422)
WRITE_ERRORS = problem_responses(401, 403, 404, 409, 422)


# --- NGOs ----------------------------------------------------------------------------------------


@router.get(
    "/ngos",
    response_model=Page[NgoRead],
    summary="List NGOs (an NGO manager sees its own)",
    operation_id="ngo_list_ngos",
    responses=READ_ERRORS,
)
def list_ngos(
    session: DbSession,
    principal: InitiativesRead,
    page: Pagination,
    q: Annotated[str | None, Query(max_length=100, description="Name search")] = None,
) -> Page[NgoRead]:
    rows, cursor = service.list_ngos(session, principal, page, q=q)
    return Page(items=[NgoRead.model_validate(r) for r in rows], next_cursor=cursor)


@router.post(
    "/ngos",
    response_model=NgoRead,
    status_code=status.HTTP_201_CREATED,
    summary="Register an NGO (IKVD)",
    operation_id="ngo_create_ngo",
    responses=WRITE_ERRORS,
)
def create_ngo(session: DbSession, principal: NgosWrite, body: NgoCreate) -> NgoRead:
    return NgoRead.model_validate(service.create_ngo(session, principal, body))


@router.get(
    "/ngos/{ngo_id}",
    response_model=NgoRead,
    summary="Read an NGO",
    operation_id="ngo_get_ngo",
    responses=READ_ERRORS,
)
def get_ngo(session: DbSession, principal: InitiativesRead, ngo_id: uuid.UUID) -> NgoRead:
    return NgoRead.model_validate(service.get_ngo(session, principal, ngo_id))


# --- calls ---------------------------------------------------------------------------------------


@router.get(
    "/initiative-calls",
    response_model=Page[CallRead],
    summary="List initiative calls in scope, latest deadline first",
    operation_id="ngo_list_calls",
    responses=READ_ERRORS,
)
def list_calls(
    session: DbSession,
    principal: InitiativesRead,
    page: Pagination,
    municipality_id: uuid.UUID | None = None,
    school_year_id: uuid.UUID | None = None,
    open: Annotated[bool, Query(description="Only calls still open for projects")] = False,
) -> Page[CallRead]:
    rows, cursor = service.list_calls(
        session,
        principal,
        page,
        municipality_id=municipality_id,
        school_year_id=school_year_id,
        open_only=open,
    )
    return Page(items=rows, next_cursor=cursor)


@router.post(
    "/initiative-calls",
    response_model=CallRead,
    status_code=status.HTTP_201_CREATED,
    summary="Open a call for NGO projects (municipal coordinator)",
    operation_id="ngo_create_call",
    responses=WRITE_ERRORS,
)
def create_call(session: DbSession, principal: CallsManage, body: CallCreate) -> CallRead:
    return service.create_call(session, principal, body)


@router.get(
    "/initiative-calls/{call_id}",
    response_model=CallRead,
    summary="Read an initiative call",
    operation_id="ngo_get_call",
    responses=READ_ERRORS,
)
def get_call(session: DbSession, principal: InitiativesRead, call_id: uuid.UUID) -> CallRead:
    return service.read_call(session, principal, call_id)


@router.get(
    "/initiative-calls/{call_id}/report",
    response_model=CallReport,
    summary="What a call's projects achieved and spent",
    operation_id="ngo_call_report",
    responses=READ_ERRORS,
)
def call_report(session: DbSession, principal: ReportsRead, call_id: uuid.UUID) -> CallReport:
    return reports.call_report(session, principal, call_id)


# --- projects ------------------------------------------------------------------------------------


@router.get(
    "/initiative-projects",
    response_model=Page[ProjectRead],
    summary="List initiative projects in scope, newest first",
    operation_id="ngo_list_projects",
    responses=READ_ERRORS,
)
def list_projects(
    session: DbSession,
    principal: InitiativesRead,
    page: Pagination,
    call_id: uuid.UUID | None = None,
    ngo_id: uuid.UUID | None = None,
    status: ProjectStatus | None = None,
) -> Page[ProjectRead]:
    rows, cursor = service.list_projects(
        session, principal, page, call_id=call_id, ngo_id=ngo_id, status=status
    )
    return Page(items=rows, next_cursor=cursor)


@router.post(
    "/initiative-projects",
    response_model=ProjectRead,
    status_code=status.HTTP_201_CREATED,
    summary="Submit a project to an open call (NGO manager)",
    operation_id="ngo_submit_project",
    responses=WRITE_ERRORS,
)
def submit_project(
    session: DbSession, principal: ProjectsWrite, body: ProjectCreate
) -> ProjectRead:
    return service.submit_project(session, principal, body)


@router.get(
    "/initiative-projects/{project_id}",
    response_model=ProjectRead,
    summary="Read an initiative project",
    operation_id="ngo_get_project",
    responses=READ_ERRORS,
)
def get_project(
    session: DbSession, principal: InitiativesRead, project_id: uuid.UUID
) -> ProjectRead:
    return service.read_project(session, principal, project_id)


@router.post(
    "/initiative-projects/{project_id}/approve",
    response_model=ProjectRead,
    summary="Approve a submitted project within the call's budget (municipal coordinator)",
    operation_id="ngo_approve_project",
    responses=WRITE_ERRORS,
)
def approve_project(
    session: DbSession, principal: CallsManage, project_id: uuid.UUID, body: ProjectDecision
) -> ProjectRead:
    return service.approve_project(session, principal, project_id, body)


@router.post(
    "/initiative-projects/{project_id}/reject",
    response_model=ProjectRead,
    summary="Reject a submitted project with a comment (municipal coordinator)",
    operation_id="ngo_reject_project",
    responses=WRITE_ERRORS,
)
def reject_project(
    session: DbSession, principal: CallsManage, project_id: uuid.UUID, body: ProjectRejection
) -> ProjectRead:
    return service.reject_project(session, principal, project_id, body)


@router.post(
    "/initiative-projects/{project_id}/complete",
    response_model=ProjectRead,
    summary="Complete an approved project with a short report and the money used",
    operation_id="ngo_complete_project",
    responses=WRITE_ERRORS,
)
def complete_project(
    session: DbSession, principal: ProjectsWrite, project_id: uuid.UUID, body: ProjectCompletion
) -> ProjectRead:
    return service.complete_project(session, principal, project_id, body)


@router.get(
    "/initiative-projects/{project_id}/class-groups",
    response_model=list[ProjectClassGroup],
    summary="The classes a project may invite (of its target institutions)",
    operation_id="ngo_project_class_groups",
    responses=READ_ERRORS,
)
def project_class_groups(
    session: DbSession, principal: InitiativesRead, project_id: uuid.UUID
) -> list[ProjectClassGroup]:
    return service.project_class_groups(session, principal, project_id)


@router.get(
    "/initiative-projects/{project_id}/report",
    response_model=ProjectReport,
    summary="What a project achieved and spent",
    operation_id="ngo_project_report",
    responses=READ_ERRORS,
)
def project_report(
    session: DbSession, principal: InitiativesRead, project_id: uuid.UUID
) -> ProjectReport:
    return reports.project_report(session, principal, project_id)


# --- activities ----------------------------------------------------------------------------------


@router.get(
    "/activities",
    response_model=Page[ActivityRead],
    summary="List activities in scope (school staff: those at their institution), by date",
    operation_id="ngo_list_activities",
    responses=READ_ERRORS,
)
def list_activities(
    session: DbSession,
    principal: InitiativesRead,
    page: Pagination,
    project_id: uuid.UUID | None = None,
    institution_id: uuid.UUID | None = None,
    class_group_id: uuid.UUID | None = None,
    status: ActivityStatus | None = None,
    held_from: Day | None = None,
    held_to: Day | None = None,
) -> Page[ActivityRead]:
    rows, cursor = service.list_activities(
        session,
        principal,
        page,
        project_id=project_id,
        institution_id=institution_id,
        class_group_id=class_group_id,
        status=status,
        held_from=held_from,
        held_to=held_to,
    )
    return Page(items=rows, next_cursor=cursor)


@router.post(
    "/activities",
    response_model=ActivityRead,
    status_code=status.HTTP_201_CREATED,
    summary="Schedule an activity of an approved project (NGO manager)",
    operation_id="ngo_schedule_activity",
    responses=WRITE_ERRORS,
)
def schedule_activity(
    session: DbSession, principal: ProjectsWrite, body: ActivityCreate
) -> ActivityRead:
    return service.schedule_activity(session, principal, body)


@router.get(
    "/activities/{activity_id}",
    response_model=ActivityRead,
    summary="Read an activity",
    operation_id="ngo_get_activity",
    responses=READ_ERRORS,
)
def get_activity(
    session: DbSession, principal: InitiativesRead, activity_id: uuid.UUID
) -> ActivityRead:
    return service.read_activity(session, principal, activity_id)


@router.patch(
    "/activities/{activity_id}",
    response_model=ActivityRead,
    summary="Edit or reschedule a planned activity (NGO manager); a new date needs a reason",
    operation_id="ngo_update_activity",
    responses=WRITE_ERRORS,
)
def update_activity(
    session: DbSession, principal: ProjectsWrite, activity_id: uuid.UUID, body: ActivityUpdate
) -> ActivityRead:
    return service.update_activity(session, principal, activity_id, body)


@router.post(
    "/activities/{activity_id}/cancel",
    response_model=ActivityRead,
    summary="Cancel a planned activity, saying why (NGO manager)",
    operation_id="ngo_cancel_activity",
    responses=WRITE_ERRORS,
)
def cancel_activity(
    session: DbSession, principal: ProjectsWrite, activity_id: uuid.UUID, body: ActivityCancel
) -> ActivityRead:
    return service.cancel_activity(session, principal, activity_id, body)


@router.get(
    "/activities/{activity_id}/changes",
    response_model=list[ActivityChangeRead],
    summary="The trail of an activity: edits, new dates and cancellation, by whom and why",
    operation_id="ngo_activity_changes",
    responses=READ_ERRORS,
)
def activity_changes(
    session: DbSession, principal: InitiativesRead, activity_id: uuid.UUID
) -> list[ActivityChangeRead]:
    return service.activity_changes(session, principal, activity_id)


@router.post(
    "/activities/{activity_id}/outcome",
    response_model=ActivityRead,
    summary="Record what happened: participants, at-risk participants (a count), feedback",
    operation_id="ngo_record_outcome",
    responses=WRITE_ERRORS,
)
def record_outcome(
    session: DbSession, principal: ProjectsWrite, activity_id: uuid.UUID, body: ActivityOutcome
) -> ActivityRead:
    return service.record_outcome(session, principal, activity_id, body)


# --- reports -------------------------------------------------------------------------------------


@router.get(
    "/reports/initiatives",
    response_model=InitiativesReport,
    summary="Initiative totals per municipality (coordinators: their own; IKVD: national)",
    operation_id="ngo_initiatives_report",
    responses=READ_ERRORS,
)
def initiatives_report(
    session: DbSession, principal: ReportsRead, school_year_id: uuid.UUID | None = None
) -> InitiativesReport:
    return reports.initiatives_report(session, principal, school_year_id)


# --- links to plan measures (school staff) ----------------------------------------------------


@router.get(
    "/activities/{activity_id}/measure-links",
    response_model=list[MeasureLinkRead],
    summary="The plan measures of the school's students this activity serves",
    operation_id="ngo_list_measure_links",
    responses=READ_ERRORS,
)
def list_measure_links(
    session: DbSession, principal: ActivityLinksManage, activity_id: uuid.UUID
) -> list[MeasureLinkRead]:
    return service.list_measure_links(session, principal, activity_id)


@router.get(
    "/activities/{activity_id}/linkable-measures",
    response_model=list[LinkableMeasureRead],
    summary="NGO participation measures of students in the activity's classes, not yet linked",
    operation_id="ngo_list_linkable_measures",
    responses=READ_ERRORS,
)
def list_linkable_measures(
    session: DbSession, principal: ActivityLinksManage, activity_id: uuid.UUID
) -> list[LinkableMeasureRead]:
    return service.list_linkable_measures(session, principal, activity_id)


@router.post(
    "/activities/{activity_id}/measure-links",
    response_model=MeasureLinkRead,
    status_code=status.HTTP_201_CREATED,
    summary='Link the activity to a student\'s "NGO activity participation" measure',
    operation_id="ngo_link_measure",
    responses=WRITE_ERRORS,
)
def link_measure(
    session: DbSession,
    principal: ActivityLinksManage,
    activity_id: uuid.UUID,
    body: MeasureLinkCreate,
) -> MeasureLinkRead:
    return service.link_measure(session, principal, activity_id, body)


@router.delete(
    "/activities/{activity_id}/measure-links/{measure_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Remove the link between an activity and a plan measure",
    operation_id="ngo_unlink_measure",
    responses=WRITE_ERRORS,
)
def unlink_measure(
    session: DbSession,
    principal: ActivityLinksManage,
    activity_id: uuid.UUID,
    measure_id: uuid.UUID,
) -> Response:
    service.unlink_measure(session, principal, activity_id, measure_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
