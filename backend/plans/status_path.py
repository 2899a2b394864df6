"""The plan statuses' lean reads: ``GET /api/v1/plans/{plan_id}/status`` and
``GET /api/v1/plan-statuses`` answered without the framework's per-request machinery
(``backend.identity.lean``).

Other systems poll plan statuses far more often than people open screens. The answers keep their
routes' rules (``router.py``): the role must hold ``plan_status:read``; the call counts against the
integration rate limit (a call already counted is not counted twice when the route answers
instead); a plan is read in the caller's scope, with its audit row, in one statement; or, with
``If-None-Match`` holding the current version, a 304 is decided from the version alone; a page
of statuses and its audit are one statement too."""

import re
import uuid

from pydantic import TypeAdapter
from sqlalchemy.orm import Session
from starlette.responses import Response
from starlette.types import Scope

from backend.core.schemas import UtcDateTime
from backend.identity.lean import (
    PAGE_QUERY,
    Ask,
    HandOn,
    LeanRoute,
    QuerySpec,
    header,
    page_response,
)
from backend.identity.limits import count_integration_call
from backend.identity.principal import Principal
from backend.identity.roles import Permission
from backend.plans import statuses
from backend.plans.models import PlanStatus
from backend.plans.schemas import PlanStatusRead

PATH_TEMPLATE = "/api/v1/plans/{plan_id}/status"
_PATH = re.compile(r"/api/v1/plans/([0-9A-Fa-f-]{32,36})/status")


def _answer(session: Session, principal: Principal, ask: Ask) -> Response:
    scope = ask.scope
    try:
        plan_id = uuid.UUID(ask.match.group(1))
    except ValueError as exc:
        raise HandOn() from exc
    known = known_etags(scope)
    count_integration_call(principal, scope)
    return status_response(statuses.read_status(session, principal, plan_id, known_etags=known))


def known_etags(scope: Scope) -> frozenset[str]:
    """The ETags the caller holds (``If-None-Match``)."""
    if_none_match = header(scope, b"if-none-match")
    return frozenset(t.strip() for t in if_none_match.split(",")) if if_none_match else frozenset()


def status_response(found: PlanStatusRead | str) -> Response:
    """A status as its route answers it, or a 304 for the ETag the caller holds."""
    if isinstance(found, str):
        return Response(status_code=304, headers={"ETag": found})
    return Response(
        found.model_dump_json().encode(),
        media_type="application/json",
        headers={"ETag": statuses.status_etag(found.version)},
    )


ROUTE = LeanRoute(
    template=PATH_TEMPLATE,
    pattern=_PATH,
    permission=Permission.plan_status_read,
    answer=_answer,
)


LIST_QUERY: QuerySpec = {
    **PAGE_QUERY,
    "institution_id": TypeAdapter(uuid.UUID),
    "semester_id": TypeAdapter(uuid.UUID),
    "status": TypeAdapter(PlanStatus),
    "updated_since": TypeAdapter(UtcDateTime),
}


def _list(session: Session, principal: Principal, ask: Ask) -> Response:
    count_integration_call(principal, ask.scope)
    rows, cursor = statuses.list_statuses(session, principal, ask.page(), **ask.filters())
    return page_response(rows, cursor)


LIST_ROUTE = LeanRoute(
    template="/api/v1/plan-statuses",
    pattern=re.compile(r"/api/v1/plan-statuses"),
    permission=Permission.plan_status_read,
    answer=_list,
    query=LIST_QUERY,
)
