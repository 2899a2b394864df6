"""The permissions plan routes declare in their signatures."""

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends

from backend.core.errors import Forbidden
from backend.core.messages import msg
from backend.identity.dependencies import CurrentPrincipal, require
from backend.identity.principal import Principal
from backend.identity.roles import Permission


def require_any(*permissions: Permission) -> Callable[[Principal], Principal]:
    def check(principal: CurrentPrincipal) -> Principal:
        if not any(principal.can(p) for p in permissions):
            names = " or ".join(p.value for p in permissions)
            raise Forbidden(msg("role.may-not", role=principal.role, permission=names))
        return principal

    check.__name__ = "require_any_" + "_".join(p.name for p in permissions)
    return check


PlansRead = Annotated[Principal, Depends(require(Permission.plans_read))]
PlansWrite = Annotated[Principal, Depends(require(Permission.plans_write))]
PlansEvaluate = Annotated[Principal, Depends(require(Permission.plans_evaluate))]
PlanApprover = Annotated[
    Principal,
    Depends(
        require_any(
            Permission.plans_approve_school,
            Permission.plans_approve_municipality,
            Permission.plans_approve_national,
        )
    ),
]
NotesWrite = Annotated[Principal, Depends(require(Permission.notes_write))]
PlanStatusReader = Annotated[Principal, Depends(require(Permission.plan_status_read))]
DeliveriesWrite = Annotated[Principal, Depends(require(Permission.deliveries_write))]
# Measures are changed by their plan's author, and on active plans by whoever runs them.
MeasuresWrite = Annotated[
    Principal, Depends(require_any(Permission.plans_write, Permission.deliveries_write))
]
# ... and their planned amount on active plans by the school director (with a reason).
MeasuresChange = Annotated[
    Principal,
    Depends(
        require_any(
            Permission.plans_write, Permission.deliveries_write, Permission.plans_approve_school
        )
    ),
]
