"""SQL of the organisation domain."""

import uuid
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from backend.core.errors import NotFound
from backend.identity.principal import Principal
from backend.identity.roles import ScopeType
from backend.schools.models import (
    ApprovalRoute,
    ClassGroup,
    Institution,
    Municipality,
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
        raise NotFound("Municipality not found")
    return row


def get_institution(session: Session, principal: Principal, id: uuid.UUID) -> Institution:
    row = session.scalar(readable_institutions(principal).where(Institution.id == id))
    if row is None:
        raise NotFound("Institution not found")
    return row


def get_institution_in_scope(session: Session, principal: Principal, id: uuid.UUID) -> Institution:
    """An institution the caller works in (not merely can see in a public register)."""
    stmt = select(Institution).where(
        Institution.id == id, institution_scope(principal, Institution.id)
    )
    row = session.scalar(stmt)
    if row is None:
        raise NotFound("Institution not found")
    return row


def get_active_institution(session: Session, id: uuid.UUID) -> Institution:
    """Any active institution: the destination of a transfer lies outside the sender's scope."""
    row = session.scalar(select(Institution).where(Institution.id == id, Institution.active))
    if row is None:
        raise NotFound("Institution not found")
    return row


def get_class_group(session: Session, principal: Principal, id: uuid.UUID) -> ClassGroup:
    row = session.scalar(readable_class_groups(principal).where(ClassGroup.id == id))
    if row is None:
        raise NotFound("Class group not found")
    return row


def get_school_year(session: Session, id: uuid.UUID) -> SchoolYear:
    row = session.get(SchoolYear, id)
    if row is None:
        raise NotFound("School year not found")
    return row


def get_semester(session: Session, id: uuid.UUID) -> Semester:
    row = session.get(Semester, id)
    if row is None:
        raise NotFound("Semester not found")
    return row


@dataclass(frozen=True)
class InstitutionLabel:
    """What a list row shows of its institution: names, and the route its plans take."""

    name: str
    approval_route: ApprovalRoute
    municipality_id: uuid.UUID | None
    municipality_name: str | None


def institution_labels(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, InstitutionLabel]:
    """Labels of the institutions of one page of rows, in one statement."""
    if not ids:
        return {}
    stmt = (
        select(
            Institution.id,
            Institution.name,
            Institution.approval_route,
            Institution.municipality_id,
            Municipality.name.label("municipality_name"),
        )
        .outerjoin(Municipality, Municipality.id == Institution.municipality_id)
        .where(Institution.id.in_(ids))
    )
    return {
        r.id: InstitutionLabel(r.name, r.approval_route, r.municipality_id, r.municipality_name)
        for r in session.execute(stmt)
    }


def in_municipality(municipality_id: uuid.UUID) -> Select[uuid.UUID]:
    """Ids of the institutions of one municipality (state institutions belong to none)."""
    return select(Institution.id).where(Institution.municipality_id == municipality_id)
