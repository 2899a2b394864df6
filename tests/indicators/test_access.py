"""Indicators and flags are personal data: the student's school and its municipality's
coordinator see them; other schools get 404; NGOs, IKVD and integration clients see no values."""

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction, AuditEvent
from tests import factories
from tests.factories import World
from tests.indicators.helpers import flags, mid, pusher, row
from tests.problems import API, assert_problem


def test_scope_of_the_student_page(db: Session, client: TestClient, world: World) -> None:
    stu = factories.student(db, world.a1, world.class_a1)
    p = pusher(db, client, world)
    p.push([row(stu.id, mid(world.semesters[0]), absences_unexcused=25)])
    url = f"{API}/students/{stu.id}/indicators"
    for name in ("teacher_a1", "school_coord_a1", "director_a1", "specialist_a1", "coord_a"):
        assert client.get(url, headers=world.h(name)).status_code == 200, name
    for name in ("teacher_b1", "director_b1", "coord_b", "school_coord_v1"):
        assert_problem(client.get(url, headers=world.h(name)), 404)
    for headers in (world.h("ngo"), world.h("ikvd"), p.it.headers):
        assert_problem(client.get(url, headers=headers), 403)


def test_reads_are_audited(db: Session, client: TestClient, world: World) -> None:
    stu = factories.student(db, world.a1, world.class_a1)
    pusher(db, client, world).push([row(stu.id, mid(world.semesters[0]), absences_unexcused=25)])
    flags(client, world.h("teacher_a1"), stu.id)
    events = db.scalars(
        select(AuditEvent).where(
            AuditEvent.student_id == stu.id, AuditEvent.action == AuditAction.read
        )
    ).all()
    assert any(e.resource_type == "student_indicators" for e in events)
    writes = db.scalars(
        select(AuditEvent).where(
            AuditEvent.student_id == stu.id, AuditEvent.resource_type == "student_indicator"
        )
    ).all()
    assert len(writes) == 1


def test_flags_of_another_school_are_not_found(
    db: Session, client: TestClient, world: World
) -> None:
    stu = factories.student(db, world.a1, world.class_a1)
    pusher(db, client, world).push([row(stu.id, mid(world.semesters[0]), absences_unexcused=25)])
    flag = flags(client, world.h("teacher_a1"), stu.id)["flags"][0]
    r = client.post(
        f"{API}/flags/{flag['id']}/dismissal",
        json={"reason": "Long illness, documented"},
        headers=world.h("teacher_b1"),
    )
    assert_problem(r, 404)
    r = client.post(
        f"{API}/flags/{flag['id']}/dismissal",
        json={"reason": "Long illness, documented"},
        headers=world.h("ngo"),
    )
    assert_problem(r, 403)


def test_worklists_and_counts_by_role(client: TestClient, world: World) -> None:
    semester = world.semesters[0].id
    for name in ("ngo", "ikvd"):
        r = client.get(
            f"{API}/worklists/flagged-without-plan",
            params={"semester_id": str(semester)},
            headers=world.h(name),
        )
        assert_problem(r, 403)
    for name in ("teacher_a1", "ngo"):
        r = client.get(
            f"{API}/indicators/counts",
            params={"semester_id": str(semester)},
            headers=world.h(name),
        )
        assert_problem(r, 403)


def test_import_into_another_school_is_not_found(client: TestClient, world: World) -> None:
    r = client.post(
        f"{API}/indicators/imports",
        data={"institution_id": str(world.b1.id), "dry_run": "true"},
        files={"file": ("a.csv", b"datums;stundas\n", "text/csv")},
        headers=world.h("school_coord_a1"),
    )
    assert_problem(r, 404)
    r = client.post(
        f"{API}/indicators/imports",
        data={"institution_id": str(world.a1.id), "dry_run": "true"},
        files={"file": ("a.csv", b"datums;stundas\n", "text/csv")},
        headers=world.h("teacher_a1"),
    )
    assert_problem(r, 403)
