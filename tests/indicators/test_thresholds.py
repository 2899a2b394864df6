"""Each indicator at and around its thresholds, through the bulk push and the student page."""

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.auth.roles import Role
from backend.students.models import Enrollment, Student
from tests import factories
from tests.factories import World
from tests.indicators.helpers import levels, mid, pusher, row
from tests.problems import API, assert_problem

CASES: list[tuple[str, dict[str, Any], str | None]] = [
    # A1: attendance rate with all absences, watch < 95 %, alert < 90 %
    ("A1", {"lessons": 100, "absences_excused": 5}, None),
    ("A1", {"lessons": 100, "absences_excused": 6}, "watch"),
    ("A1", {"lessons": 100, "absences_excused": 5, "absences_unexcused": 5}, "watch"),
    ("A1", {"lessons": 100, "absences_excused": 11}, "alert"),
    # A2: unexcused lessons, watch >= 10, alert > 20
    ("A2", {"lessons": 1000, "absences_unexcused": 9}, None),
    ("A2", {"lessons": 1000, "absences_unexcused": 10}, "watch"),
    ("A2", {"lessons": 1000, "absences_unexcused": 20}, "watch"),
    ("A2", {"lessons": 1000, "absences_unexcused": 21}, "alert"),
    # A3: last 4 weeks against the 4 before, +50 % watch, +100 % alert
    ("A3", {"unexcused_last_4w": 5, "unexcused_prev_4w": 4}, None),
    ("A3", {"unexcused_last_4w": 6, "unexcused_prev_4w": 4}, "watch"),
    ("A3", {"unexcused_last_4w": 7, "unexcused_prev_4w": 4}, "watch"),
    ("A3", {"unexcused_last_4w": 8, "unexcused_prev_4w": 4}, "alert"),
    ("A3", {"unexcused_last_4w": 2, "unexcused_prev_4w": 0}, None),
    # C1: failing subjects (below 4 or nv), watch 1, alert 2 or Latvian/mathematics failing
    ("C1", {"grades": {"Vēsture": "4", "Ģeogrāfija": "7"}}, None),
    ("C1", {"grades": {"Vēsture": "3", "Ģeogrāfija": "7"}}, "watch"),
    ("C1", {"grades": {"Vēsture": "nv", "Ģeogrāfija": "2"}}, "alert"),
    ("C1", {"grades": {"Matemātika": "3", "Ģeogrāfija": "7"}}, "alert"),
    ("C1", {"grades": {"Latviešu valoda": "nv"}}, "alert"),
    # C3: repeating the grade or an extended year
    ("C3", {"repeating_year": False}, None),
    ("C3", {"repeating_year": True}, "alert"),
    ("C3", {"extended_year": True}, "alert"),
    # B1: behaviour incidents, watch >= 2, alert >= 5
    ("B1", {"behaviour_incidents": 1}, None),
    ("B1", {"behaviour_incidents": 2}, "watch"),
    ("B1", {"behaviour_incidents": 4}, "watch"),
    ("B1", {"behaviour_incidents": 5}, "alert"),
]


@pytest.mark.parametrize(("indicator", "values", "expected"), CASES)
def test_indicator_threshold(
    db: Session,
    client: TestClient,
    world: World,
    indicator: str,
    values: dict[str, Any],
    expected: str | None,
) -> None:
    stu = factories.student(db, world.a1, world.class_a1)
    semester = world.semesters[0]
    pusher(db, client, world).push([row(stu.id, mid(semester), **values)])
    found = levels(client, world.h("school_coord_a1"), stu.id, semester.id)
    assert found.get(indicator, (None,))[0] == expected


@pytest.mark.parametrize(
    ("previous", "now", "expected"),
    [("7", "7", None), ("7", "8", None), ("8", "7", "alert"), ("9", "7", "alert")],
)
def test_c2_compares_with_the_previous_semester(
    db: Session, client: TestClient, world: World, previous: str, now: str, expected: str | None
) -> None:
    stu = factories.student(db, world.a1, world.class_a1)
    first, second = world.semesters
    p = pusher(db, client, world)
    p.push([row(stu.id, mid(first), grades={"Vēsture": previous, "Bioloģija": previous})])
    p.push([row(stu.id, mid(second), grades={"Vēsture": now, "Bioloģija": now})])
    found = levels(client, world.h("teacher_a1"), stu.id, second.id)
    assert found.get("C2", (None,))[0] == expected
    if expected:
        assert found["C2"][1] == float(int(now) - int(previous))


def test_c2_half_a_mark_down_is_a_watch(db: Session, client: TestClient, world: World) -> None:
    stu = factories.student(db, world.a1, world.class_a1)
    first, second = world.semesters
    p = pusher(db, client, world)
    p.push([row(stu.id, mid(first), grades={"Vēsture": "7", "Bioloģija": "7"})])
    p.push([row(stu.id, mid(second), grades={"Vēsture": "7", "Bioloģija": "6"})])
    assert levels(client, world.h("teacher_a1"), stu.id, second.id)["C2"][:2] == ("watch", -0.5)


def test_flag_explains_value_threshold_date_and_source(
    db: Session, client: TestClient, world: World
) -> None:
    stu = factories.student(db, world.a1, world.class_a1)
    semester = world.semesters[0]
    pusher(db, client, world).push([row(stu.id, mid(semester), absences_unexcused=23)])
    r = client.get(f"{API}/students/{stu.id}/indicators", headers=world.h("teacher_a1"))
    (flag,) = [f for f in r.json()["flags"] if f["indicator"] == "A2"]
    assert flag["level"] == "alert"
    assert float(flag["value"]) == 23
    assert float(flag["threshold"]) == 20
    assert flag["as_of"] == mid(semester).isoformat()
    assert flag["source"] == "push"
    (point,) = r.json()["timeline"]
    assert point["unexcused"] == 23
    assert float(point["attendance_rate"]) == 88.5


def test_semester_boundary(db: Session, client: TestClient, world: World) -> None:
    """Each row counts in the semester containing its date; a later semester starts afresh."""
    stu = factories.student(db, world.a1, world.class_a1)
    first, second = world.semesters
    p = pusher(db, client, world)
    p.push(
        [
            row(stu.id, first.ends_on, absences_unexcused=21),
            row(stu.id, second.starts_on, lessons=10, absences_unexcused=3),
        ]
    )
    h = world.h("school_coord_a1")
    assert levels(client, h, stu.id, first.id)["A2"][0] == "alert"
    assert "A2" not in levels(client, h, stu.id, second.id)
    # The days between the semesters belong to none: refused, naming the row's date.
    r = client.post(
        f"{API}/indicators/batches",
        json={"batch_id": "gap", "rows": [row(stu.id, first.ends_on + timedelta(days=1))]},
        headers=p.it.headers,
    )
    assert_problem(r, 422, field="as_of")


def test_latest_row_of_the_semester_counts(db: Session, client: TestClient, world: World) -> None:
    stu = factories.student(db, world.a1, world.class_a1)
    semester = world.semesters[0]
    p = pusher(db, client, world)
    p.push([row(stu.id, mid(semester), absences_unexcused=12)])
    assert levels(client, world.h("teacher_a1"), stu.id, semester.id)["A2"][0] == "watch"
    p.push([row(stu.id, mid(semester) + timedelta(days=7), absences_unexcused=22)])
    assert levels(client, world.h("teacher_a1"), stu.id, semester.id)["A2"][:2] == ("alert", 22)


def test_student_who_changed_school(db: Session, client: TestClient, world: World) -> None:
    """Lessons in both schools add up; the flag belongs to the new school, which alone of the
    two schools sees it."""
    stu = factories.student(db, world.a1, world.class_a1)
    semester = world.semesters[0]
    p = pusher(db, client, world)
    p.push([row(stu.id, mid(semester), absences_unexcused=12)])
    # The student moves to a2 (the enrollment service keeps students.institution_id).
    moved = mid(semester) + timedelta(days=1)
    for e in db.query(Enrollment).filter_by(student_id=stu.id):
        e.to_date = moved
    db.add(Enrollment(student_id=stu.id, institution_id=world.a2.id, from_date=moved))
    db.get(Student, stu.id).institution_id = world.a2.id  # type: ignore[union-attr]
    db.flush()
    p.push([row(stu.id, moved + timedelta(days=20), lessons=100, absences_unexcused=10)])
    _, coordinator = factories.user(db, Role.school_coordinator, world.a2.id)
    new_school = factories.headers_for(coordinator)
    found = levels(client, new_school, stu.id, semester.id)
    assert found["A2"][:2] == ("alert", 22)
    r = client.get(f"{API}/students/{stu.id}/indicators", headers=world.h("school_coord_a1"))
    assert_problem(r, 404)
    body = client.get(f"{API}/students/{stu.id}/indicators", headers=new_school).json()
    assert len(body["timeline"]) == 1
    assert len(body["timeline"][0]["schools"]) == 2
