"""The status pull's lean read: ``GET /api/v1/plans/{plan_id}/status`` answered without the
framework's per-request machinery (``backend.identity.lean``).

Other systems poll plan statuses far more often than people open screens. The answer keeps the
route's rules (``router.py``): the role must hold ``plan_status:read``; the call counts against the
integration rate limit (a call already counted is not counted twice when the route answers
instead); the plan is read in the caller's scope, with its audit row, in one statement; or, with
``If-None-Match`` holding the current version, a 304 is decided from the version alone."""

import re
import uuid

from sqlalchemy.orm import Session
from starlette.responses import Response
from starlette.types import Scope

from backend.identity.lean import HandOn, LeanRoute, header
from backend.identity.limits import count_integration_call
from backend.identity.principal import Principal
from backend.identity.roles import Permission
from backend.plans import statuses

PATH_TEMPLATE = "/api/v1/plans/{plan_id}/status"
_PATH = re.compile(
    r"/api/v1/plans/([0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12})/status"
)


def _answer(session: Session, principal: Principal, scope: Scope, match: re.Match[str]) -> Response:
    try:
        plan_id = uuid.UUID(match.group(1))
    except ValueError as exc:
        raise HandOn() from exc
    if_none_match = header(scope, b"if-none-match")
    known = frozenset(t.strip() for t in if_none_match.split(",")) if if_none_match else frozenset()
    count_integration_call(principal, scope)
    found = statuses.read_status(session, principal, plan_id, known_etags=known)
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
