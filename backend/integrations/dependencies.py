from typing import Annotated

from fastapi import Depends

from backend.identity.dependencies import require
from backend.identity.principal import Principal
from backend.identity.roles import Permission

ApiClientsManage = Annotated[Principal, Depends(require(Permission.api_clients_manage))]
ChangesRead = Annotated[Principal, Depends(require(Permission.changes_read))]
WebhooksManage = Annotated[Principal, Depends(require(Permission.webhooks_manage))]
StudentsImport = Annotated[Principal, Depends(require(Permission.students_import))]
StudentsExport = Annotated[Principal, Depends(require(Permission.students_export))]
PlanStatusesExport = Annotated[Principal, Depends(require(Permission.plan_statuses_export))]
