"""The scope clause every domain builds its reads on: which institutions a principal sees."""

from typing import Any

from sqlalchemy import ColumnElement, false, select, true

from backend.identity.principal import Principal
from backend.identity.roles import ScopeType
from backend.schools.models import Institution


def institution_scope(principal: Principal, column: Any) -> ColumnElement[bool]:
    """True for rows whose institution ``column`` lies inside the caller's scope."""
    match principal.scope_type:
        case ScopeType.national:
            return true()
        case ScopeType.municipality:
            in_municipality = select(Institution.id).where(
                Institution.municipality_id == principal.scope_id
            )
            return column.in_(in_municipality)  # type: ignore[no-any-return]
        case ScopeType.institution:
            return column == principal.scope_id  # type: ignore[no-any-return]
        case _:
            return false()
