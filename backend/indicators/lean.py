"""The worklists' lean reads: a school opens its worklists many times a day, and at national size
the framework around a page cost more than the page (see ``backend.identity.lean``). The answer
is the route's own (``service.worklist``); any doubt about the query hands the request on to the
route."""

import re

from sqlalchemy.orm import Session
from starlette.responses import Response
from starlette.types import Scope

from backend.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, PageParams
from backend.core.schemas import JsonBody
from backend.identity.lean import HandOn, LeanRoute, query_int, query_uuid, query_values
from backend.identity.principal import Principal
from backend.indicators import service
from backend.indicators.repository import WORKLISTS

CURSOR_MAX_LENGTH = 512  # as the route's ``cursor`` query parameter


def _worklist(
    session: Session, principal: Principal, scope: Scope, match: re.Match[str]
) -> Response:
    values = query_values(scope)
    limit = query_int(values, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    cursor = values.get("cursor")
    if cursor is not None and len(cursor) > CURSOR_MAX_LENGTH:
        raise HandOn()
    semester_id = query_uuid(values, "semester_id")
    page = PageParams(limit=limit, cursor=cursor)
    return JsonBody(service.worklist(session, principal, match.group(1), semester_id, page))


ROUTES = [
    LeanRoute(
        template=f"/api/v1/worklists/{name}",
        pattern=re.compile(f"/api/v1/worklists/({re.escape(name)})"),
        permission=service.READ,
        answer=_worklist,
    )
    for name in WORKLISTS
]
