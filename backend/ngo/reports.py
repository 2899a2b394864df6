"""What youth NGO initiatives achieved: per project, per call, per municipality, nationally."""

import uuid
from collections import defaultdict
from dataclasses import dataclass, fields
from decimal import Decimal

from sqlalchemy.orm import Session

from backend.core.disclosure import Grid
from backend.identity.principal import Principal
from backend.identity.roles import ScopeType
from backend.ngo import repository
from backend.ngo.models import (
    InitiativeProject,
    ProjectStatus,
)
from backend.ngo.schemas import (
    AggregateTotals,
    CallReport,
    InitiativesReport,
    MunicipalityTotals,
    ProjectReport,
    euros,
)


def _project_reports(session: Session, projects: list[InitiativeProject]) -> list[ProjectReport]:
    totals = repository.activity_totals(session, [p.id for p in projects])
    ngos = repository.ngo_names(session, {p.ngo_id for p in projects})
    reports = []
    for p in projects:
        t = totals.get(p.id, repository.ActivityTotals())
        funded = p.status in repository.FUNDED
        reports.append(
            ProjectReport(
                project_id=p.id,
                title=p.title,
                ngo_name=ngos[p.ngo_id],
                status=p.status,
                activities_planned=t.planned,
                activities_held=t.held,
                participants=t.participants,
                at_risk_participants=t.at_risk,
                approved_eur=euros(p.amount_cents if funded else 0),
                used_eur=euros(p.used_cents or 0),
            )
        )
    return reports


def project_report(session: Session, principal: Principal, id: uuid.UUID) -> ProjectReport:
    project = repository.get_project(session, principal, id)
    return _project_reports(session, [project])[0]


def call_report(session: Session, principal: Principal, id: uuid.UUID) -> CallReport:
    call = repository.get_call(session, principal, id)
    projects = repository.projects_of_call(session, call.id)
    parts = _project_reports(session, projects)
    by_status = defaultdict(int, dict.fromkeys(ProjectStatus, 0))
    for p in projects:
        by_status[p.status] += 1
    return CallReport(
        call_id=call.id,
        title=call.title,
        budget_eur=euros(call.budget_cents),
        projects_submitted=by_status[ProjectStatus.submitted],
        projects_approved=by_status[ProjectStatus.approved],
        projects_rejected=by_status[ProjectStatus.rejected],
        projects_completed=by_status[ProjectStatus.completed],
        activities_planned=sum(r.activities_planned for r in parts),
        activities_held=sum(r.activities_held for r in parts),
        participants=sum(r.participants for r in parts),
        at_risk_participants=sum(r.at_risk_participants for r in parts),
        approved_eur=sum((r.approved_eur for r in parts), Decimal(0)),
        used_eur=sum((r.used_eur for r in parts), Decimal(0)),
        projects=parts,
    )


@dataclass
class _Sums:
    calls: int = 0
    budget_cents: int = 0
    projects: int = 0
    approved_cents: int = 0
    used_cents: int = 0
    held: int = 0
    participants: int = 0
    at_risk: int = 0

    def add(self, other: "_Sums") -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def cells(self, grid: Grid, row: str) -> None:
        grid.count((row, "participants"), self.participants)
        grid.count((row, "at_risk"), self.at_risk)

    def totals(self, grid: Grid, row: str) -> dict[str, object]:
        return {
            "calls": self.calls,
            "budget_eur": euros(self.budget_cents),
            "projects_approved": self.projects,
            "activities_held": self.held,
            "participants": grid.shown((row, "participants")),
            "at_risk_participants": grid.shown((row, "at_risk")),
            "approved_eur": euros(self.approved_cents),
            "used_eur": euros(self.used_cents),
        }


def initiatives_report(
    session: Session, principal: Principal, school_year_id: uuid.UUID | None = None
) -> InitiativesReport:
    """Totals per municipality of the calls in scope; counts of young people are
    disclosure-controlled outside a school (``backend.core.disclosure``)."""
    figures = repository.initiative_figures(session, principal, school_year_id)
    sums: dict[uuid.UUID, _Sums] = defaultdict(_Sums)

    for municipality_id, n, budget in figures.calls:
        sums[municipality_id].calls = int(n)
        sums[municipality_id].budget_cents = int(budget)

    for municipality_id, n, approved, used in figures.projects:
        sums[municipality_id].projects = int(n)
        sums[municipality_id].approved_cents = int(approved)
        sums[municipality_id].used_cents = int(used)

    for municipality_id, n, people, at_risk in figures.activities:
        sums[municipality_id].held = int(n)
        sums[municipality_id].participants = int(people)
        sums[municipality_id].at_risk = int(at_risk)

    names = repository.municipality_names(session, set(sums))
    grid = Grid(active=principal.scope_type is not ScopeType.institution)
    total = _Sums()
    order = sorted(sums, key=lambda id: (names[id], id))
    for municipality_id in order:
        total.add(sums[municipality_id])
        sums[municipality_id].cells(grid, str(municipality_id))
    total.cells(grid, "total")
    for column in ("participants", "at_risk"):
        grid.relate(("total", column), [(str(m), column) for m in order])
    rows = [
        MunicipalityTotals.model_validate(
            {
                "municipality_id": municipality_id,
                "municipality_name": names[municipality_id],
                **sums[municipality_id].totals(grid, str(municipality_id)),
            }
        )
        for municipality_id in order
    ]
    return InitiativesReport(
        school_year_id=school_year_id,
        suppressed=grid.active,
        municipalities=rows,
        total=AggregateTotals.model_validate(total.totals(grid, "total")),
    )
