"""The permission checks the initiative routes declare in their signatures."""

from typing import Annotated

from fastapi import Depends

from backend.identity.dependencies import require
from backend.identity.principal import Principal
from backend.identity.roles import Permission

InitiativesRead = Annotated[Principal, Depends(require(Permission.initiatives_read))]
NgosWrite = Annotated[Principal, Depends(require(Permission.ngos_write))]
CallsManage = Annotated[Principal, Depends(require(Permission.initiative_calls_manage))]
ProjectsWrite = Annotated[Principal, Depends(require(Permission.initiative_projects_write))]
ReportsRead = Annotated[Principal, Depends(require(Permission.initiative_reports_read))]
ActivityLinksManage = Annotated[Principal, Depends(require(Permission.activity_links_manage))]
