"""``python -m backend.cli retention``: students whose plans all ended more than N years ago and
who are not enrolled are anonymised; everyone else is untouched and the report counts stay."""

import uuid
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend import cli
from backend.audit.models import AuditEvent
from backend.core.db import local_today, utcnow
from backend.core.security import decrypt_personal_code
from backend.plans.measures.models import Delivery
from backend.plans.models import (
    Approval,
    Evaluation,
    PlanHistoryEntry,
    PlanNote,
    PlanStatus,
    RatedFactor,
    RiskAssessment,
    SupportPlan,
)
from backend.privacy.retention import ANONYMISED_PREFIX
from backend.students.models import Consent, Enrollment, Guardian, Student, StudentGuardian
from tests import factories as f
from tests.factories import World
from tests.ngo import factories as nf
from tests.privacy.scenario import closed_plan
from tests.problems import API

YEARS = 3


def _years_ago(years: float) -> Any:
    return utcnow() - timedelta(days=round(365.25 * years))


def _age(db: Session, student: Student, *, ended_years_ago: float, left: bool = True) -> None:
    """Move the student's plans' last status change back, and end the enrollment a year later."""
    db.execute(
        update(SupportPlan)
        .where(SupportPlan.student_id == student.id)
        .values(status_changed_at=_years_ago(ended_years_ago))
    )
    if left:
        left_on = _years_ago(ended_years_ago - 1).date()
        db.execute(
            update(Enrollment)
            .where(Enrollment.student_id == student.id)
            .values(from_date=left_on - timedelta(days=900), to_date=left_on)
        )
    db.flush()


@dataclass
class People:
    old: uuid.UUID  # closed plan 4 years ago, left school: anonymised
    discontinued: uuid.UUID  # discontinued plan 5 years ago, left: anonymised
    recent: uuid.UUID  # closed plan a year ago, left: kept
    enrolled: uuid.UUID  # closed plan 4 years ago, still enrolled: kept
    open_plan: uuid.UUID  # a plan still active, left: kept
    no_plan: uuid.UUID  # never had a plan, left: kept
    shared_guardian: uuid.UUID  # the guardian of both ``old`` and ``recent``

    @property
    def eligible(self) -> set[uuid.UUID]:
        return {self.old, self.discontinued}

    @property
    def kept(self) -> list[uuid.UUID]:
        return [self.recent, self.enrolled, self.open_plan, self.no_plan]


@pytest.fixture
def people(client: TestClient, db: Session, world: World) -> People:
    old = closed_plan(client, db, world, link_activity=True).student
    recent = closed_plan(client, db, world, link_activity=False).student
    enrolled = closed_plan(client, db, world, link_activity=False).student
    shared = f.guardian(db, old, name="Dace Kopīgā")
    db.add(StudentGuardian(student_id=recent.id, guardian_id=shared.id, relation="father"))
    discontinued = f.student(db, world.a1, world.class_a1, given_name="Līga")
    nf.plan_measure(db, world, discontinued, status=PlanStatus.discontinued)
    open_plan = f.student(db, world.a1, world.class_a1, given_name="Oskars")
    nf.plan_measure(db, world, open_plan, status=PlanStatus.active)
    no_plan = f.student(db, world.a1, world.class_a1, given_name="Pēteris")
    _age(db, old, ended_years_ago=4)
    _age(db, discontinued, ended_years_ago=5)
    _age(db, recent, ended_years_ago=1)
    _age(db, enrolled, ended_years_ago=4, left=False)
    _age(db, open_plan, ended_years_ago=5)
    _age(db, no_plan, ended_years_ago=5)
    db.commit()
    return People(
        old.id, discontinued.id, recent.id, enrolled.id, open_plan.id, no_plan.id, shared.id
    )


def _snapshot(db: Session, student_id: uuid.UUID) -> dict[str, Any]:
    """What identifies or describes a student, as stored."""
    db.expire_all()
    s = db.get(Student, student_id)
    assert s is not None
    plans = select(SupportPlan.id).where(SupportPlan.student_id == student_id)
    return {
        "student": (
            s.given_name,
            s.family_name,
            s.date_of_birth,
            s.personal_code_hash,
            s.personal_code_encrypted,
        ),
        "guardians": sorted(
            db.execute(
                select(Guardian.full_name, Guardian.phone)
                .join(StudentGuardian, StudentGuardian.guardian_id == Guardian.id)
                .where(StudentGuardian.student_id == student_id)
            ).all()
        ),
        "notes": sorted(db.scalars(select(PlanNote.text).where(PlanNote.plan_id.in_(plans)))),
        "goals": sorted(
            str(g) for g in db.scalars(select(SupportPlan.goals).where(SupportPlan.id.in_(plans)))
        ),
    }


def _reports(client: TestClient, world: World) -> list[Any]:
    out = []
    for actor in ("ikvd", "coord_a", "director_a1"):
        r = client.get(
            f"{API}/reports/plans",
            params={"semester_id": str(world.semesters[0].id)},
            headers=world.h(actor),
        )
        assert r.status_code == 200, r.text
        out.append(r.json())
    return out


def _retention(
    db: Session, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> str:
    monkeypatch.setattr("backend.core.db.new_session", lambda: nullcontext(db))
    assert cli.main(["retention", "--years", str(YEARS), *args]) == 0
    return capsys.readouterr().out


def _retention_events(db: Session) -> set[uuid.UUID | None]:
    stmt = select(AuditEvent.student_id).where(AuditEvent.detail == "retention:anonymised")
    return set(db.scalars(stmt))


class TestRetention:
    def test_anonymises_exactly_the_eligible_and_keeps_the_counts(
        self,
        client: TestClient,
        db: Session,
        world: World,
        people: People,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        reports_before = _reports(client, world)
        kept_before = {s: _snapshot(db, s) for s in people.kept}
        old_before = _snapshot(db, people.old)
        statuses_before = sorted(db.scalars(select(SupportPlan.status)))

        out = _retention(db, monkeypatch, capsys)
        assert "2 students" in out
        for student_id in people.eligible:
            assert str(student_id) in out

        db.expire_all()
        anonymised = set(
            db.scalars(
                select(Student.id).where(Student.personal_code_hash.like(f"{ANONYMISED_PREFIX}%"))
            )
        )
        assert anonymised == people.eligible
        assert _retention_events(db) == people.eligible

        old = db.get(Student, people.old)
        assert old is not None
        given, family = old_before["student"][:2]
        assert given not in (old.given_name, old.search_name)
        assert family not in (old.family_name, old.search_name)
        assert decrypt_personal_code(old.personal_code_encrypted) == ""
        assert old.personal_code_hash != old_before["student"][3]
        assert (old.date_of_birth.month, old.date_of_birth.day) == (1, 1)
        assert old.date_of_birth.year == old_before["student"][2].year
        assert old.gender is None

        # Guardians: the old student's own ones are gone; the shared one stays the other's.
        after = _snapshot(db, people.old)
        assert len(after["guardians"]) == len(old_before["guardians"]) == 2
        assert all(phone is None and "Anonimizēts" in name for name, phone in after["guardians"])
        assert db.get(Guardian, people.shared_guardian) is not None
        assert ("Dace Kopīgā", "+371 20000000") in _snapshot(db, people.recent)["guardians"]
        consents = db.scalars(select(Consent).where(Consent.student_id == people.old)).all()
        assert consents
        for consent in consents:
            guardian = db.get(Guardian, consent.guardian_id)
            assert guardian is not None
            assert guardian.phone is None
            assert consent.document_reference.startswith("anonymised-")

        # Free text is gone, rows and statuses stay.
        plans = select(SupportPlan.id).where(SupportPlan.student_id == people.old)
        assert after["notes"] == ["", ""]
        assert after["goals"] == ["None"]
        assert set(db.scalars(select(RatedFactor.note).where(RatedFactor.plan_id.in_(plans)))) == {
            None
        }
        assert set(
            db.scalars(
                select(RiskAssessment.protective_factors).where(RiskAssessment.plan_id.in_(plans))
            )
        ) == {None}
        assert set(db.scalars(select(Delivery.note).where(Delivery.plan_id.in_(plans)))) == {None}
        assert set(db.scalars(select(Approval.comment).where(Approval.plan_id.in_(plans)))) == {
            None
        }
        assert set(
            db.scalars(select(Evaluation.narrative).where(Evaluation.plan_id.in_(plans)))
        ) == {None}
        for entry in db.scalars(
            select(PlanHistoryEntry).where(PlanHistoryEntry.plan_id.in_(plans))
        ):
            assert entry.comment is None
            assert all(c["old"] is None and c["new"] is None for c in entry.changes)
        assert sorted(db.scalars(select(SupportPlan.status))) == statuses_before

        for student_id in people.kept:
            assert _snapshot(db, student_id) == kept_before[student_id]
        assert _reports(client, world) == reports_before

        # A second run finds no one left to anonymise.
        assert "0 students" in _retention(db, monkeypatch, capsys)

    def test_dry_run_lists_and_writes_nothing(
        self,
        db: Session,
        people: People,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        everyone = [people.old, people.discontinued, *people.kept]
        before = {s: _snapshot(db, s) for s in everyone}
        out = _retention(db, monkeypatch, capsys, "--dry-run")
        assert "2 students" in out
        assert "dry run" in out
        for student_id in people.eligible:
            assert str(student_id) in out
        for student_id in people.kept:
            assert str(student_id) not in out
        assert {s: _snapshot(db, s) for s in everyone} == before
        assert _retention_events(db) == set()

    def test_the_years_default_from_the_setting(
        self,
        db: Session,
        people: People,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        from backend.core.config import get_settings

        monkeypatch.setenv("PUMPURS_RETENTION_YEARS", "10")
        get_settings.cache_clear()
        try:
            monkeypatch.setattr("backend.core.db.new_session", lambda: nullcontext(db))
            assert cli.main(["retention", "--dry-run"]) == 0
        finally:
            monkeypatch.delenv("PUMPURS_RETENTION_YEARS")
            get_settings.cache_clear()
        out = capsys.readouterr().out
        assert "0 students" in out
        assert f"{local_today().year - 10}" in out
