"""Rules of the organisation domain: municipalities, institutions, school years, classes."""

import uuid

from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.core.errors import Conflict, InvalidInput
from backend.core.messages import msg
from backend.core.pagination import PageParams, paginate
from backend.identity.principal import Principal
from backend.schools import repository, scope
from backend.schools.models import (
    ApprovalRoute,
    ClassGroup,
    Institution,
    InstitutionType,
    Municipality,
    SchoolYear,
    Semester,
)
from backend.schools.schemas import (
    ClassGroupCreate,
    ClassGroupUpdate,
    InstitutionCreate,
    InstitutionUpdate,
    MunicipalityCreate,
    SchoolYearCreate,
)

get_municipality = repository.get_municipality
get_institution = repository.get_institution
get_institution_in_scope = repository.get_institution_in_scope
get_active_institution = repository.get_active_institution
get_class_group = repository.get_class_group
get_semester = repository.get_semester
get_school_year = repository.get_school_year
institution_scope = scope.institution_scope
institution_labels = repository.institution_labels
in_municipality = repository.in_municipality
InstitutionLabel = repository.InstitutionLabel
get_ngo = repository.get_ngo
organisation_names = repository.organisation_names
years_with_classes = repository.years_with_classes
class_labels = repository.class_labels
class_labels_of = repository.class_labels_of


def list_municipalities(
    session: Session, principal: Principal, page: PageParams
) -> tuple[list[Municipality], str | None]:
    stmt = repository.readable_municipalities(principal)
    return paginate(session, stmt, [Municipality.name, Municipality.id], page)


def create_municipality(
    session: Session, principal: Principal, data: MunicipalityCreate
) -> Municipality:
    if repository.municipality_with_atvk_code_exists(session, data.atvk_code):
        raise Conflict(msg("municipality.atvk-taken"))
    row = Municipality(**data.model_dump())
    session.add(row)
    session.flush()
    audit_service.record(session, principal, AuditAction.create, ResourceType.municipality, row.id)
    return row


def list_institutions(
    session: Session,
    principal: Principal,
    page: PageParams,
    *,
    municipality_id: uuid.UUID | None = None,
    type: InstitutionType | None = None,
    q: str | None = None,
) -> tuple[list[Institution], str | None]:
    stmt = repository.filtered_institutions(
        principal, municipality_id=municipality_id, type=type, q=q
    )
    return paginate(session, stmt, [Institution.name, Institution.id], page)


def create_institution(
    session: Session, principal: Principal, data: InstitutionCreate
) -> Institution:
    if data.municipality_id is not None:
        repository.get_municipality(session, principal, data.municipality_id)
    if repository.institution_with_registration_number_exists(session, data.registration_number):
        raise Conflict(msg("institution.registration-taken"))
    # State institutions answer to IKVD directly; municipal ones through their municipality.
    route = (
        ApprovalRoute.municipal
        if data.type is InstitutionType.general_municipal
        else ApprovalRoute.state
    )
    row = Institution(**data.model_dump(), approval_route=route)
    session.add(row)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.create,
        ResourceType.institution,
        row.id,
        institution_id=row.id,
    )
    return row


def update_institution(
    session: Session, principal: Principal, id: uuid.UUID, data: InstitutionUpdate
) -> Institution:
    row = repository.get_institution_in_scope(session, principal, id)
    changes = data.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise InvalidInput.field(["body", name], msg("field.not-null"))
        setattr(row, name, value)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.update,
        ResourceType.institution,
        row.id,
        institution_id=row.id,
        detail=",".join(sorted(changes)),
    )
    return row


def list_school_years(session: Session) -> list[tuple[SchoolYear, list[Semester]]]:
    years, semesters = repository.school_years_and_semesters(session)
    by_year: dict[uuid.UUID, list[Semester]] = {y.id: [] for y in years}
    for s in semesters:
        by_year.setdefault(s.school_year_id, []).append(s)
    return [(y, by_year[y.id]) for y in years]


def create_school_year(
    session: Session, principal: Principal, data: SchoolYearCreate
) -> tuple[SchoolYear, list[Semester]]:
    if repository.school_year_named_exists(session, data.name):
        raise Conflict(msg("school-year.exists"))
    year = SchoolYear(name=data.name, starts_on=data.starts_on, ends_on=data.ends_on)
    session.add(year)
    session.flush()
    semesters = [
        Semester(school_year_id=year.id, **s.model_dump())
        for s in sorted(data.semesters, key=lambda s: s.number)
    ]
    session.add_all(semesters)
    session.flush()
    audit_service.record(session, principal, AuditAction.create, ResourceType.school_year, year.id)
    return year, semesters


def list_semesters(session: Session, school_year_id: uuid.UUID | None) -> list[Semester]:
    return repository.semesters(session, school_year_id)


def list_class_groups(
    session: Session,
    principal: Principal,
    page: PageParams,
    *,
    institution_id: uuid.UUID | None = None,
    school_year_id: uuid.UUID | None = None,
    grade: int | None = None,
) -> tuple[list[ClassGroup], str | None]:
    stmt = repository.filtered_class_groups(
        principal, institution_id=institution_id, school_year_id=school_year_id, grade=grade
    )
    return paginate(session, stmt, [ClassGroup.label, ClassGroup.id], page)


def create_class_group(
    session: Session, principal: Principal, data: ClassGroupCreate
) -> ClassGroup:
    repository.get_institution_in_scope(session, principal, data.institution_id)
    repository.get_school_year(session, data.school_year_id)
    if repository.class_label_taken(session, data.institution_id, data.school_year_id, data.label):
        raise Conflict(msg("class.label-taken"))
    row = ClassGroup(**data.model_dump())
    session.add(row)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.create,
        ResourceType.class_group,
        row.id,
        institution_id=row.institution_id,
    )
    return row


def update_class_group(
    session: Session, principal: Principal, id: uuid.UUID, data: ClassGroupUpdate
) -> ClassGroup:
    row = repository.get_class_group(session, principal, id)
    if data.label is not None and data.label != row.label:
        if repository.class_label_taken(
            session, row.institution_id, row.school_year_id, data.label
        ):
            raise Conflict(msg("class.label-taken"))
        row.label = data.label
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.update,
        ResourceType.class_group,
        row.id,
        institution_id=row.institution_id,
    )
    return row
