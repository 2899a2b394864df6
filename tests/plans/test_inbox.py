"""The approvals inbox at national size: 650 institutions (250 of them state vocational schools on
the state route), plans waiting at every step and plans waiting for nobody; each approver's
``awaiting_my_decision`` list, paged to its end, holds exactly the plans waiting for them."""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert
from sqlalchemy.orm import Session

from backend.identity.roles import Role
from backend.plans.models import PlanStatus, SupportPlan
from backend.schools.models import ApprovalRoute, Institution, InstitutionType, Semester
from backend.students.models import Student
from tests import factories as f
from tests.problems import API

URL = f"{API}/plans"
MUNICIPALITIES = 5
MUNICIPAL_SCHOOLS = 400
STATE_SCHOOLS = 250
# Besides one plan waiting at each step, every school has plans that wait for nobody.
IDLE = [
    PlanStatus.draft,
    PlanStatus.returned,
    PlanStatus.active,
    PlanStatus.evaluated,
    PlanStatus.closed,
    PlanStatus.discontinued,
]
START = datetime(2090, 9, 15, 8, 0, tzinfo=UTC)


@dataclass
class Plan:
    id: str
    institution_id: uuid.UUID
    municipality_id: uuid.UUID | None
    status: PlanStatus
    waits_for: str | None


@dataclass
class Country:
    semester: Semester
    municipalities: list[uuid.UUID]
    municipal: list[uuid.UUID]
    state: list[uuid.UUID]
    plans: list[Plan] = field(default_factory=list)

    def waiting(self, step: str, where: Any = lambda p: True) -> set[str]:
        return {p.id for p in self.plans if p.waits_for == step and where(p)}


def _waits_for(status: PlanStatus, route: ApprovalRoute) -> str | None:
    """The expected step, written out per case rather than computed by the code under test."""
    if status is PlanStatus.submitted:
        return "school"
    if status is PlanStatus.approved_school:
        return "municipality" if route is ApprovalRoute.municipal else "national"
    if status is PlanStatus.approved_municipality:
        return "national"
    return None


def _statuses(route: ApprovalRoute, extra: int) -> list[PlanStatus]:
    waiting = [PlanStatus.submitted, PlanStatus.approved_school]
    if route is ApprovalRoute.municipal:
        waiting.append(PlanStatus.approved_municipality)
    return waiting * (1 + extra) + [IDLE[extra % len(IDLE)], IDLE[(extra + 3) % len(IDLE)]]


def build_country(db: Session, author_id: uuid.UUID, busy: uuid.UUID | None = None) -> Country:
    """Institutions, students and plans inserted set-based (one statement per table)."""
    _, semesters = f.school_year(db, 2090)
    municipalities = [f.municipality(db, f"Inbox novads {i}").id for i in range(MUNICIPALITIES)]
    institutions: list[dict[str, Any]] = []
    for i in range(MUNICIPAL_SCHOOLS + STATE_SCHOOLS):
        municipal = i < MUNICIPAL_SCHOOLS
        institutions.append(
            {
                "id": uuid.uuid4(),
                "name": f"Inbox {'vidusskola' if municipal else 'tehnikums'} {i:03d}",
                "registration_number": uuid.uuid4().hex[:20],
                "type": InstitutionType.general_municipal
                if municipal
                else InstitutionType.vocational_state,
                "municipality_id": municipalities[i % MUNICIPALITIES] if municipal else None,
                "approval_route": ApprovalRoute.municipal if municipal else ApprovalRoute.state,
            }
        )
    db.execute(insert(Institution), institutions)
    country = Country(
        semester=semesters[0],
        municipalities=municipalities,
        municipal=[r["id"] for r in institutions if r["municipality_id"]],
        state=[r["id"] for r in institutions if not r["municipality_id"]],
    )
    students: list[dict[str, Any]] = []
    plans: list[dict[str, Any]] = []
    for n, inst in enumerate(institutions):
        # The first school of each kind has more waiting plans than one page of the test holds.
        extra = 2 if n in (0, MUNICIPAL_SCHOOLS) else n % 2
        for status in _statuses(inst["approval_route"], extra):
            k = len(plans)
            student_id = uuid.uuid4()
            students.append(
                {
                    "id": student_id,
                    "given_name": "Skolēns",
                    "family_name": f"Inbox{k:05d}",
                    "search_name": f"inbox{k:05d} skolens",
                    "date_of_birth": date(2010, 1, 1),
                    "personal_code_encrypted": "-",
                    "personal_code_hash": f"inbox-{uuid.uuid4().hex}",
                    "language": "lv",
                    "institution_id": inst["id"],
                }
            )
            plans.append(
                {
                    "id": uuid.uuid4(),
                    "code": f"IAP-2090-1-{k:06d}",
                    "student_id": student_id,
                    "institution_id": inst["id"],
                    "semester_id": country.semester.id,
                    "author_id": author_id,
                    "status": status,
                    # Groups of three share a moment, so the inbox's order needs its id tiebreak.
                    "status_changed_at": START + timedelta(minutes=k // 3),
                }
            )
            country.plans.append(
                Plan(
                    id=str(plans[-1]["id"]),
                    institution_id=inst["id"],
                    municipality_id=inst["municipality_id"],
                    status=status,
                    waits_for=_waits_for(status, inst["approval_route"]),
                )
            )
    db.execute(insert(Student), students)
    db.execute(insert(SupportPlan), plans)
    db.flush()
    return country


def page_through(
    client: TestClient, headers: dict[str, str], limit: int, **params: Any
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    for _ in range(100):
        query = {**params, "limit": limit} | ({"cursor": cursor} if cursor else {})
        r = client.get(URL, params=query, headers=headers)
        assert r.status_code == 200, r.text
        body = r.json()
        assert len(body["items"]) <= limit
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("the list did not end")


@pytest.fixture
def country(db: Session) -> tuple[Country, dict[str, dict[str, str]]]:
    author, _ = f.user(db, Role.teacher, None)
    c = build_country(db, author.id)
    actors = {
        "director": (Role.school_director, c.municipal[0]),
        "state_director": (Role.school_director, c.state[0]),
        "coordinator_0": (Role.municipal_coordinator, c.municipalities[0]),
        "coordinator_1": (Role.municipal_coordinator, c.municipalities[1]),
        "ikvd": (Role.ikvd_admin, None),
        "teacher": (Role.teacher, c.municipal[0]),
    }
    headers = {}
    for name, (role, scope) in actors.items():
        _, assignment = f.user(db, role, scope)
        headers[name] = f.headers_for(assignment)
    return c, headers


class TestInboxAtNationalSize:
    def test_each_approver_sees_exactly_the_plans_waiting_for_them(
        self, client: TestClient, country: tuple[Country, dict[str, dict[str, str]]]
    ) -> None:
        c, h = country
        assert len(c.municipal) + len(c.state) == 650
        assert len(c.state) == 250
        in_semester = {"awaiting_my_decision": "true", "semester_id": str(c.semester.id)}
        expected = {
            "director": (
                "school",
                c.waiting("school", lambda p: p.institution_id == c.municipal[0]),
            ),
            "state_director": (
                "school",
                c.waiting("school", lambda p: p.institution_id == c.state[0]),
            ),
            "coordinator_0": (
                "municipality",
                c.waiting("municipality", lambda p: p.municipality_id == c.municipalities[0]),
            ),
            "coordinator_1": (
                "municipality",
                c.waiting("municipality", lambda p: p.municipality_id == c.municipalities[1]),
            ),
            "ikvd": ("national", c.waiting("national")),
        }
        # IKVD's queue holds every plan past a school step on the state route, and every plan
        # past the municipal step, from all 650 institutions.
        assert len(expected["ikvd"][1]) > 650
        for actor, (step, plans) in expected.items():
            limit = 2 if actor.endswith("director") else 97
            items = page_through(client, h[actor], limit, **in_semester)
            ids = [i["id"] for i in items]
            assert len(ids) == len(set(ids)), f"{actor}: a plan on two pages"
            missing, extra = plans - set(ids), set(ids) - plans
            assert not missing, f"{actor}: missing {missing}"
            assert not extra, f"{actor}: extra {extra}"
            assert {i["awaiting_step"] for i in items} == {step}
            # The longest waiting first.
            moments = [(i["status_changed_at"], i["id"]) for i in items]
            assert moments == sorted(moments), actor

    def test_without_the_semester_filter_the_queue_is_the_same_in_these_schools(
        self, client: TestClient, country: tuple[Country, dict[str, dict[str, str]]]
    ) -> None:
        c, h = country
        ours = {str(p.id) for p in c.plans}
        items = page_through(client, h["ikvd"], 200, awaiting_my_decision="true")
        assert {i["id"] for i in items} & ours == c.waiting("national")

    def test_awaiting_step_on_every_plan_of_the_country(
        self, client: TestClient, country: tuple[Country, dict[str, dict[str, str]]]
    ) -> None:
        c, h = country
        items = page_through(client, h["ikvd"], 200, semester_id=str(c.semester.id))
        assert len(items) == len(c.plans)
        expected = {p.id: p.waits_for for p in c.plans}
        assert {i["id"]: i["awaiting_step"] for i in items} == expected

    def test_the_rest_of_a_coordinators_plans(
        self, client: TestClient, country: tuple[Country, dict[str, dict[str, str]]]
    ) -> None:
        c, h = country
        params = {"awaiting_my_decision": "false", "semester_id": str(c.semester.id)}
        items = page_through(client, h["coordinator_1"], 200, **params)
        theirs = {p.id for p in c.plans if p.municipality_id == c.municipalities[1]}
        assert {i["id"] for i in items} == theirs - c.waiting("municipality")

    def test_inbox_filtered_by_institution(
        self, client: TestClient, country: tuple[Country, dict[str, dict[str, str]]]
    ) -> None:
        c, h = country
        school = c.state[7]
        params = {"awaiting_my_decision": "true", "institution_id": str(school)}
        items = page_through(client, h["ikvd"], 50, **params)
        in_school = c.waiting("national", lambda p: p.institution_id == school)
        assert {i["id"] for i in items} == in_school
        # A state school lies outside every municipality: its plans never reach a coordinator.
        assert page_through(client, h["coordinator_0"], 50, **params) == []

    def test_a_role_that_approves_nothing_has_an_empty_inbox(
        self, client: TestClient, country: tuple[Country, dict[str, dict[str, str]]]
    ) -> None:
        _, h = country
        assert page_through(client, h["teacher"], 50, awaiting_my_decision="true") == []
