"""SQL of the organisation domain."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Row, Select, Uuid, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from backend.core.errors import NotFound
from backend.core.messages import msg
from backend.identity.principal import Principal
from backend.identity.roles import ScopeType
from backend.schools.models import (
    ApprovalRoute,
    ClassGroup,
    Institution,
    InstitutionType,
    Municipality,
    Ngo,
    SchoolYear,
    Semester,
)
from backend.schools.scope import institution_scope


def readable_institutions(principal: Principal) -> Select[Institution]:
    stmt = select(Institution)
    if principal.scope_type is ScopeType.ngo:
        return stmt  # the public register of schools, to target projects
    return stmt.where(institution_scope(principal, Institution.id))


def readable_municipalities(principal: Principal) -> Select[Municipality]:
    stmt = select(Municipality)
    match principal.scope_type:
        case ScopeType.national | ScopeType.ngo:
            return stmt
        case ScopeType.municipality:
            return stmt.where(Municipality.id == principal.scope_id)
        case _:
            own = select(Institution.municipality_id).where(Institution.id == principal.scope_id)
            return stmt.where(Municipality.id.in_(own))


def readable_class_groups(principal: Principal) -> Select[ClassGroup]:
    return select(ClassGroup).where(institution_scope(principal, ClassGroup.institution_id))


def get_municipality(session: Session, principal: Principal, id: uuid.UUID) -> Municipality:
    row = session.scalar(readable_municipalities(principal).where(Municipality.id == id))
    if row is None:
        raise NotFound(msg("municipality.not-found"))
    return row


def get_institution(session: Session, principal: Principal, id: uuid.UUID) -> Institution:
    row = session.scalar(readable_institutions(principal).where(Institution.id == id))
    if row is None:
        raise NotFound(msg("institution.not-found"))
    return row


def get_institution_in_scope(session: Session, principal: Principal, id: uuid.UUID) -> Institution:
    """An institution the caller works in (not merely can see in a public register)."""
    stmt = select(Institution).where(
        Institution.id == id, institution_scope(principal, Institution.id)
    )
    row = session.scalar(stmt)
    if row is None:
        raise NotFound(msg("institution.not-found"))
    return row


def get_active_institution(session: Session, id: uuid.UUID) -> Institution:
    """Any active institution: the destination of a transfer lies outside the sender's scope."""
    row = session.scalar(select(Institution).where(Institution.id == id, Institution.active))
    if row is None:
        raise NotFound(msg("institution.not-found"))
    return row


def get_class_group(session: Session, principal: Principal, id: uuid.UUID) -> ClassGroup:
    row = session.scalar(readable_class_groups(principal).where(ClassGroup.id == id))
    if row is None:
        raise NotFound(msg("class.not-found"))
    return row


def get_school_year(session: Session, id: uuid.UUID) -> SchoolYear:
    row = session.get(SchoolYear, id)
    if row is None:
        raise NotFound(msg("school-year.not-found"))
    return row


def get_semester(session: Session, id: uuid.UUID) -> Semester:
    row = session.get(Semester, id)
    if row is None:
        raise NotFound(msg("semester.not-found"))
    return row


@dataclass(frozen=True)
class InstitutionLabel:
    """What a list row shows of its institution: names, and the route its plans take."""

    name: str
    approval_route: ApprovalRoute
    municipality_id: uuid.UUID | None
    municipality_name: str | None


def institution_labels(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, InstitutionLabel]:
    """Labels of the institutions of one page of rows, in one statement (built once)."""
    if not ids:
        return {}
    stmt = _labels_statement(session.get_bind().dialect.name == "postgresql")
    return {
        r.id: InstitutionLabel(r.name, r.approval_route, r.municipality_id, r.municipality_name)
        for r in session.execute(stmt, {"ids": list(ids)})
    }


@lru_cache(maxsize=2)
def _labels_statement(postgres: bool) -> Select[*tuple[Any, ...]]:
    # On PostgreSQL the ids are one array parameter: the same statement text for any page.
    wanted = (
        Institution.id == any_(bindparam("ids", type_=ARRAY(Uuid)))
        if postgres
        else Institution.id.in_(bindparam("ids", expanding=True))
    )
    return (
        select(
            Institution.id,
            Institution.name,
            Institution.approval_route,
            Institution.municipality_id,
            Municipality.name.label("municipality_name"),
        )
        .outerjoin(Municipality, Municipality.id == Institution.municipality_id)
        .where(wanted)
    )


def in_municipality(municipality_id: uuid.UUID) -> Select[uuid.UUID]:
    """Ids of the institutions of one municipality (state institutions belong to none)."""
    return select(Institution.id).where(Institution.municipality_id == municipality_id)


def get_ngo(session: Session, id: uuid.UUID) -> Ngo:
    row = session.get(Ngo, id)
    if row is None:
        raise NotFound(msg("ngo.not-found"))
    return row


def organisation_names(
    session: Session,
    *,
    municipality_ids: set[uuid.UUID],
    institution_ids: set[uuid.UUID],
    ngo_ids: set[uuid.UUID],
) -> dict[uuid.UUID, str]:
    """Names of municipalities, institutions and NGOs by id."""
    names: dict[uuid.UUID, str] = {}
    for model, ids in (
        (Municipality, municipality_ids),
        (Institution, institution_ids),
        (Ngo, ngo_ids),
    ):
        if ids:
            rows = session.execute(select(model.id, model.name).where(model.id.in_(ids)))
            names.update({row.id: row.name for row in rows})
    return names


def municipality_with_atvk_code_exists(session: Session, atvk_code: str) -> bool:
    return (
        session.scalar(select(Municipality.id).where(Municipality.atvk_code == atvk_code))
        is not None
    )


def institution_with_registration_number_exists(session: Session, number: str) -> bool:
    stmt = select(Institution.id).where(Institution.registration_number == number)
    return session.scalar(stmt) is not None


def filtered_institutions(
    principal: Principal,
    *,
    municipality_id: uuid.UUID | None,
    type: InstitutionType | None,
    q: str | None,
) -> Select[Institution]:
    stmt = readable_institutions(principal)
    if municipality_id:
        stmt = stmt.where(Institution.municipality_id == municipality_id)
    if type:
        stmt = stmt.where(Institution.type == type)
    for term in (q or "").split():
        stmt = stmt.where(func.lower(Institution.name).contains(term.lower(), autoescape=True))
    return stmt


def school_years_and_semesters(session: Session) -> tuple[list[SchoolYear], list[Semester]]:
    years = list(session.scalars(select(SchoolYear).order_by(SchoolYear.starts_on.desc())))
    semesters = list(session.scalars(select(Semester).order_by(Semester.number)))
    return years, semesters


def school_year_named_exists(session: Session, name: str) -> bool:
    return session.scalar(select(SchoolYear.id).where(SchoolYear.name == name)) is not None


def semesters(session: Session, school_year_id: uuid.UUID | None) -> list[Semester]:
    stmt = select(Semester).join(SchoolYear, SchoolYear.id == Semester.school_year_id)
    if school_year_id:
        stmt = stmt.where(Semester.school_year_id == school_year_id)
    return list(session.scalars(stmt.order_by(SchoolYear.starts_on.desc(), Semester.number)))


def filtered_class_groups(
    principal: Principal,
    *,
    institution_id: uuid.UUID | None,
    school_year_id: uuid.UUID | None,
    grade: int | None,
) -> Select[ClassGroup]:
    stmt = readable_class_groups(principal)
    if institution_id:
        stmt = stmt.where(ClassGroup.institution_id == institution_id)
    if school_year_id:
        stmt = stmt.where(ClassGroup.school_year_id == school_year_id)
    if grade is not None:
        stmt = stmt.where(ClassGroup.grade == grade)
    return stmt


def class_label_taken(
    session: Session, institution_id: uuid.UUID, school_year_id: uuid.UUID, label: str
) -> bool:
    stmt = select(ClassGroup.id).where(
        ClassGroup.institution_id == institution_id,
        ClassGroup.school_year_id == school_year_id,
        ClassGroup.label == label,
    )
    return session.scalar(stmt) is not None


def years_with_classes(
    session: Session, institution_id: uuid.UUID
) -> Sequence[Row[uuid.UUID, date, date]]:
    """The school years (id, starts_on, ends_on) the institution has classes in, newest first."""
    return session.execute(
        select(SchoolYear.id, SchoolYear.starts_on, SchoolYear.ends_on)
        .join(ClassGroup, ClassGroup.school_year_id == SchoolYear.id)
        .where(ClassGroup.institution_id == institution_id)
        .order_by(SchoolYear.starts_on.desc())
    ).all()


def class_labels(
    session: Session, institution_id: uuid.UUID, school_year_id: uuid.UUID
) -> dict[uuid.UUID, str]:
    """Labels of the institution's classes in the school year, by class id."""
    rows = session.execute(
        select(ClassGroup.id, ClassGroup.label).where(
            ClassGroup.institution_id == institution_id, ClassGroup.school_year_id == school_year_id
        )
    )
    return {r.id: r.label for r in rows}


def class_labels_of(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Labels of these classes, by class id."""
    rows = session.execute(select(ClassGroup.id, ClassGroup.label).where(ClassGroup.id.in_(ids)))
    return {r.id: r.label for r in rows}
