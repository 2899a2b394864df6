"""The worklists' lean reads: a school opens its worklists many times a day, and at national size
the framework around a page cost more than the page (see ``backend.identity.lean``). The answer
is the route's own (``service.worklist``); any doubt about the query hands the request on to the
route."""

import re
import uuid

from pydantic import TypeAdapter
from sqlalchemy.orm import Session
from starlette.responses import Response

from backend.core.schemas import JsonBody
from backend.identity.lean import PAGE_QUERY, Ask, LeanRoute, QuerySpec
from backend.identity.principal import Principal
from backend.indicators import service
from backend.indicators.repository import WORKLISTS

QUERY: QuerySpec = {**PAGE_QUERY, "semester_id": TypeAdapter(uuid.UUID | None)}


def _worklist(session: Session, principal: Principal, ask: Ask) -> Response:
    name, semester_id = ask.match.group(1), ask.query.get("semester_id")
    return JsonBody(service.worklist(session, principal, name, semester_id, ask.page()))


ROUTES = [
    LeanRoute(
        template=f"/api/v1/worklists/{name}",
        pattern=re.compile(f"/api/v1/worklists/({re.escape(name)})"),
        permission=service.READ,
        answer=_worklist,
        query=QUERY,
    )
    for name in WORKLISTS
]
