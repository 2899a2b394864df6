"""An API client's status pull in one round trip: ``GET /api/v1/plans/{plan_id}/status``.

Other systems poll plan statuses far more often than anything else is asked. On PostgreSQL, a
client's pull is one statement on an autocommit connection (``backend.identity.lean``'s
``Direct``): the client's account check (active, with the scope its token names), its last use
noted (at most once a minute, never waiting for a row another request holds), the plan in the
client's scope with its semester and counts, and the audit of the read, or, when the caller holds
the current version, nothing recorded and a 304. Anything else (a person's token, a revoked
client, a plan out of scope) is answered by ``plans.status_path`` or the route, which tell why."""

import dataclasses
import uuid
from typing import Any

from starlette.responses import Response

from backend.core.clock import utcnow
from backend.core.context import note_actor
from backend.core.security import AccessClaims
from backend.identity.lean import Ask, OneStatement, page_response
from backend.identity.limits import count_integration_call
from backend.identity.principal import Principal
from backend.identity.roles import Role, ScopeType
from backend.integrations import repository
from backend.integrations.service import LAST_USED_PRECISION
from backend.plans import status_path, statuses

CLIENT_GUARD = statuses.Guard(*repository.live_client_check())


def _client(claims: AccessClaims) -> tuple[Principal, dict[str, object]] | None:
    """The API client a token names, as its claims say (``CLIENT_GUARD`` checks them in the
    statement), and the guard's parameters; None for anyone else."""
    if claims.role != Role.integration_client.value or claims.session_id is not None:
        return None
    try:
        client_id = uuid.UUID(claims.subject)
        scope_type = ScopeType(claims.scope_type)
    except ValueError:
        return None
    principal = Principal(
        role=Role.integration_client,
        scope_type=scope_type,
        scope_id=claims.scope_id,
        client_id=client_id,
    )
    if not principal.can(status_path.ROUTE.permission):
        return None
    now = utcnow()
    return principal, {
        "guard_client_id": client_id,
        "client_scope_type": scope_type,
        "client_scope_id": claims.scope_id,
        "client_now": now,
        "client_stale_before": now - LAST_USED_PRECISION,
    }


def _direct(claims: AccessClaims, ask: Ask) -> OneStatement | None:
    client = _client(claims)
    if client is None:
        return None
    principal, guard_params = client
    try:
        plan_id = uuid.UUID(ask.match.group(1))
    except ValueError:
        return None
    client_id = principal.client_id
    known = status_path.known_etags(ask.scope)
    count_integration_call(principal, ask.scope)
    statement, params = statuses.guarded_status_pull(
        principal, plan_id, CLIENT_GUARD, guard_params, known_etags=known
    )

    def answer(row: Any | None) -> Response | None:
        found = statuses.guarded_status_pulled(row, known)
        if found is None:
            return None
        note_actor(principal.role.value, client_id)
        return status_path.status_response(found)

    return OneStatement(statement.sql, params, answer)


ROUTE = dataclasses.replace(status_path.ROUTE, direct=_direct)


def _list_direct(claims: AccessClaims, ask: Ask) -> OneStatement | None:
    client = _client(claims)
    if client is None:
        return None
    principal, guard_params = client
    page = ask.page()
    count_integration_call(principal, ask.scope)
    statement, params = statuses.guarded_statuses_page(
        principal, page, CLIENT_GUARD, guard_params, **ask.filters()
    )

    def answer(rows: list[Any]) -> Response | None:
        if not rows:
            return None  # an empty page, or a client refused: the route tells which
        items, cursor = statuses.guarded_statuses_paged(rows, page.limit)
        note_actor(principal.role.value, principal.client_id)
        return page_response(items, cursor)

    return OneStatement(statement.sql, params, answer, all_rows=True)


LIST_ROUTE = dataclasses.replace(status_path.LIST_ROUTE, direct=_list_direct)
