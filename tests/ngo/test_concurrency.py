"""Two approvals in one call at the same moment: the call's row lock lets only one through
when both do not fit the budget. Row locks are PostgreSQL's, so this runs there."""

import threading
from datetime import date

import pytest
from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent
from backend.core.errors import Conflict
from backend.identity.principal import Principal
from backend.identity.roles import Role, ScopeType
from backend.ngo import service
from backend.ngo.models import (
    InitiativeCall,
    InitiativeProject,
    Ngo,
    ProjectInstitution,
    ProjectStatus,
)
from backend.ngo.schemas import ProjectDecision
from backend.schools.models import Institution, Municipality, SchoolYear, Semester
from tests import factories as f
from tests.conftest import PG_ADMIN_URL

pytestmark = pytest.mark.skipif(not PG_ADMIN_URL, reason="needs PostgreSQL row locks")


def test_concurrent_approvals_never_overspend(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as setup:
        muni = f.municipality(setup, "Lokšu novads")
        school = f.institution(setup, muni)
        year = SchoolYear(name="2090/2091", starts_on=date(2090, 9, 1), ends_on=date(2091, 8, 31))
        ngo = f.ngo(setup)
        setup.add(year)
        setup.flush()
        call = InitiativeCall(
            municipality_id=muni.id,
            school_year_id=year.id,
            title="Sacensība par budžetu",
            budget_cents=5_000_00,
            deadline=date(2091, 1, 1),
        )
        setup.add(call)
        setup.flush()
        projects = [
            InitiativeProject(
                call_id=call.id,
                ngo_id=ngo.id,
                title=f"Projekts {n}",
                description="-",
                amount_cents=3_000_00,
                starts_on=year.starts_on,
                ends_on=year.ends_on,
                status=ProjectStatus.submitted,
            )
            for n in (1, 2)
        ]
        setup.add_all(projects)
        setup.flush()
        setup.add_all(
            ProjectInstitution(project_id=p.id, institution_id=school.id) for p in projects
        )
        setup.commit()

    coordinator = Principal(
        role=Role.municipal_coordinator, scope_type=ScopeType.municipality, scope_id=muni.id
    )
    start = threading.Barrier(2)
    results: list[str] = []

    def approve(project: InitiativeProject) -> None:
        with Session(engine) as session:
            start.wait()
            try:
                service.approve_project(session, coordinator, project.id, ProjectDecision())
                session.commit()
                results.append("approved")
            except Conflict:
                session.rollback()
                results.append("conflict")

    try:
        threads = [threading.Thread(target=approve, args=(p,)) for p in projects]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == ["approved", "conflict"]
    finally:
        with Session(engine) as cleanup:
            ids = [p.id for p in projects]
            cleanup.execute(delete(AuditEvent).where(AuditEvent.resource_id.in_(map(str, ids))))
            cleanup.execute(
                delete(ProjectInstitution).where(ProjectInstitution.project_id.in_(ids))
            )
            cleanup.execute(delete(InitiativeProject).where(InitiativeProject.id.in_(ids)))
            cleanup.execute(delete(InitiativeCall).where(InitiativeCall.id == call.id))
            cleanup.execute(delete(Ngo).where(Ngo.id == ngo.id))
            cleanup.execute(delete(Semester).where(Semester.school_year_id == year.id))
            cleanup.execute(delete(SchoolYear).where(SchoolYear.id == year.id))
            cleanup.execute(delete(Institution).where(Institution.id == school.id))
            cleanup.execute(delete(Municipality).where(Municipality.id == muni.id))
            cleanup.commit()
