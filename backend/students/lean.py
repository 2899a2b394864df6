"""The students list's lean read: the list every school, municipality and IKVD opens first, and
at national size the framework around a page cost as much as the page (``backend.identity.lean``).
The answer is the route's own (``service.list_students``); any doubt about the query hands the
request on to the route."""

import re
import uuid
from typing import Annotated

from pydantic import Field, TypeAdapter
from sqlalchemy.orm import Session
from starlette.responses import Response

from backend.identity.lean import PAGE_QUERY, Ask, LeanRoute, QuerySpec, page_response
from backend.identity.principal import Principal
from backend.identity.roles import Permission
from backend.risks.models import RiskLevel
from backend.students import service

_ID = TypeAdapter(uuid.UUID)
_FLAG = TypeAdapter(bool)

# The route's query parameters (``router.list_students``), under the service's names.
QUERY: QuerySpec = {
    **PAGE_QUERY,
    "institution_id": _ID,
    "municipality_id": _ID,
    "semester_id": _ID,
    "class_group_id": _ID,
    "grade": TypeAdapter(Annotated[int, Field(ge=1, le=12)]),
    "q": TypeAdapter(Annotated[str, Field(max_length=100)]),
    "personal_code": TypeAdapter(Annotated[str, Field(max_length=14)]),
    "has_plan": _FLAG,
    "risk_level": TypeAdapter(RiskLevel),
    "at_risk_without_plan": _FLAG,
}


def _list(session: Session, principal: Principal, ask: Ask) -> Response:
    filters = ask.filters()
    code = filters.pop("personal_code", None)
    rows, cursor = service.list_students(session, principal, ask.page(), code=code, **filters)
    return page_response(rows, cursor)


ROUTE = LeanRoute(
    template="/api/v1/students",
    pattern=re.compile(r"/api/v1/students"),
    permission=Permission.students_read,
    answer=_list,
    query=QUERY,
)
