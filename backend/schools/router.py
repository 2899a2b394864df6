import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from backend.core.db import DbSession
from backend.core.errors import problem_responses
from backend.core.pagination import Pagination
from backend.core.schemas import Page
from backend.identity.dependencies import (
    ClassGroupsRead,
    ClassGroupsWrite,
    OrganisationRead,
    OrganisationWrite,
)
from backend.schools import service
from backend.schools.models import InstitutionType
from backend.schools.schemas import (
    ClassGroupCreate,
    ClassGroupRead,
    ClassGroupUpdate,
    InstitutionCreate,
    InstitutionRead,
    InstitutionUpdate,
    MunicipalityCreate,
    MunicipalityRead,
    SchoolYearCreate,
    SchoolYearRead,
    SemesterRead,
)

router = APIRouter(tags=["schools"])

READ_ERRORS = problem_responses(401, 403, 404, 422)
WRITE_ERRORS = problem_responses(401, 403, 404, 409, 422)


@router.get(
    "/municipalities",
    response_model=Page[MunicipalityRead],
    summary="List municipalities in scope",
    operation_id="schools_list_municipalities",
    responses=READ_ERRORS,
)
def list_municipalities(
    session: DbSession, principal: OrganisationRead, page: Pagination
) -> Page[MunicipalityRead]:
    rows, cursor = service.list_municipalities(session, principal, page)
    return Page(items=[MunicipalityRead.model_validate(r) for r in rows], next_cursor=cursor)


@router.post(
    "/municipalities",
    response_model=MunicipalityRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a municipality (IKVD)",
    operation_id="schools_create_municipality",
    responses=WRITE_ERRORS,
)
def create_municipality(
    session: DbSession, principal: OrganisationWrite, body: MunicipalityCreate
) -> MunicipalityRead:
    return MunicipalityRead.model_validate(service.create_municipality(session, principal, body))


@router.get(
    "/municipalities/{municipality_id}",
    response_model=MunicipalityRead,
    summary="Read a municipality",
    operation_id="schools_get_municipality",
    responses=READ_ERRORS,
)
def get_municipality(
    session: DbSession, principal: OrganisationRead, municipality_id: uuid.UUID
) -> MunicipalityRead:
    return MunicipalityRead.model_validate(
        service.get_municipality(session, principal, municipality_id)
    )


@router.get(
    "/institutions",
    response_model=Page[InstitutionRead],
    summary="List institutions in scope",
    operation_id="schools_list_institutions",
    responses=READ_ERRORS,
)
def list_institutions(
    session: DbSession,
    principal: OrganisationRead,
    page: Pagination,
    municipality_id: uuid.UUID | None = None,
    type: InstitutionType | None = None,
    q: Annotated[str | None, Query(max_length=100, description="Part of the name")] = None,
) -> Page[InstitutionRead]:
    rows, cursor = service.list_institutions(
        session, principal, page, municipality_id=municipality_id, type=type, q=q
    )
    return Page(items=[InstitutionRead.model_validate(r) for r in rows], next_cursor=cursor)


@router.post(
    "/institutions",
    response_model=InstitutionRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add an institution (IKVD); the approval route follows its type",
    operation_id="schools_create_institution",
    responses=WRITE_ERRORS,
)
def create_institution(
    session: DbSession, principal: OrganisationWrite, body: InstitutionCreate
) -> InstitutionRead:
    return InstitutionRead.model_validate(service.create_institution(session, principal, body))


@router.get(
    "/institutions/{institution_id}",
    response_model=InstitutionRead,
    summary="Read an institution",
    operation_id="schools_get_institution",
    responses=READ_ERRORS,
)
def get_institution(
    session: DbSession, principal: OrganisationRead, institution_id: uuid.UUID
) -> InstitutionRead:
    return InstitutionRead.model_validate(
        service.get_institution(session, principal, institution_id)
    )


@router.patch(
    "/institutions/{institution_id}",
    response_model=InstitutionRead,
    summary="Rename or deactivate an institution (IKVD)",
    operation_id="schools_update_institution",
    responses=WRITE_ERRORS,
)
def update_institution(
    session: DbSession,
    principal: OrganisationWrite,
    institution_id: uuid.UUID,
    body: InstitutionUpdate,
) -> InstitutionRead:
    return InstitutionRead.model_validate(
        service.update_institution(session, principal, institution_id, body)
    )


@router.get(
    "/school-years",
    response_model=list[SchoolYearRead],
    summary="List school years with their semesters, newest first",
    operation_id="schools_list_school_years",
    responses=problem_responses(401, 403),
)
def list_school_years(session: DbSession, principal: OrganisationRead) -> list[SchoolYearRead]:
    return [
        SchoolYearRead(
            id=y.id,
            name=y.name,
            starts_on=y.starts_on,
            ends_on=y.ends_on,
            semesters=[SemesterRead.model_validate(s) for s in semesters],
        )
        for y, semesters in service.list_school_years(session)
    ]


@router.post(
    "/school-years",
    response_model=SchoolYearRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a school year with its two semesters (IKVD)",
    operation_id="schools_create_school_year",
    responses=WRITE_ERRORS,
)
def create_school_year(
    session: DbSession, principal: OrganisationWrite, body: SchoolYearCreate
) -> SchoolYearRead:
    year, semesters = service.create_school_year(session, principal, body)
    return SchoolYearRead(
        id=year.id,
        name=year.name,
        starts_on=year.starts_on,
        ends_on=year.ends_on,
        semesters=[SemesterRead.model_validate(s) for s in semesters],
    )


@router.get(
    "/semesters",
    response_model=list[SemesterRead],
    summary="List semesters, newest first",
    operation_id="schools_list_semesters",
    responses=problem_responses(401, 403, 422),
)
def list_semesters(
    session: DbSession, principal: OrganisationRead, school_year_id: uuid.UUID | None = None
) -> list[SemesterRead]:
    return [SemesterRead.model_validate(s) for s in service.list_semesters(session, school_year_id)]


@router.get(
    "/semesters/{semester_id}",
    response_model=SemesterRead,
    summary="Read a semester",
    operation_id="schools_get_semester",
    responses=READ_ERRORS,
)
def get_semester(
    session: DbSession, principal: OrganisationRead, semester_id: uuid.UUID
) -> SemesterRead:
    return SemesterRead.model_validate(service.get_semester(session, semester_id))


@router.get(
    "/class-groups",
    response_model=Page[ClassGroupRead],
    summary="List class groups in scope",
    operation_id="schools_list_class_groups",
    responses=READ_ERRORS,
)
def list_class_groups(
    session: DbSession,
    principal: ClassGroupsRead,
    page: Pagination,
    institution_id: uuid.UUID | None = None,
    school_year_id: uuid.UUID | None = None,
    grade: Annotated[int | None, Query(ge=1, le=12)] = None,
) -> Page[ClassGroupRead]:
    rows, cursor = service.list_class_groups(
        session,
        principal,
        page,
        institution_id=institution_id,
        school_year_id=school_year_id,
        grade=grade,
    )
    return Page(items=[ClassGroupRead.model_validate(r) for r in rows], next_cursor=cursor)


@router.post(
    "/class-groups",
    response_model=ClassGroupRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a class group to an institution in scope",
    operation_id="schools_create_class_group",
    responses=WRITE_ERRORS,
)
def create_class_group(
    session: DbSession, principal: ClassGroupsWrite, body: ClassGroupCreate
) -> ClassGroupRead:
    return ClassGroupRead.model_validate(service.create_class_group(session, principal, body))


@router.get(
    "/class-groups/{class_group_id}",
    response_model=ClassGroupRead,
    summary="Read a class group",
    operation_id="schools_get_class_group",
    responses=READ_ERRORS,
)
def get_class_group(
    session: DbSession, principal: ClassGroupsRead, class_group_id: uuid.UUID
) -> ClassGroupRead:
    return ClassGroupRead.model_validate(
        service.get_class_group(session, principal, class_group_id)
    )


@router.patch(
    "/class-groups/{class_group_id}",
    response_model=ClassGroupRead,
    summary="Rename a class group",
    operation_id="schools_update_class_group",
    responses=WRITE_ERRORS,
)
def update_class_group(
    session: DbSession,
    principal: ClassGroupsWrite,
    class_group_id: uuid.UUID,
    body: ClassGroupUpdate,
) -> ClassGroupRead:
    return ClassGroupRead.model_validate(
        service.update_class_group(session, principal, class_group_id, body)
    )
