"""The worker's daily reminders: evaluation due, no session logged for 14 days, consent missing
or ending with the school year; each made once, to the right people; and the retention."""

import uuid
from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.config import get_settings
from backend.core.db import local_today
from backend.notifications import reminders
from backend.notifications.models import Notification
from backend.plans.measures.models import Delivery, Measure
from tests.factories import World
from tests.notifications.helpers import told
from tests.plans.helpers import activate, create, enrolled_student


def remind(db: Session, today: date) -> int:
    """The reminders as on ``today`` (the retention still counts from the real time)."""
    return reminders.run(db, get_settings(), today, datetime.now(UTC))


def of_kind(got: dict[str, list[str]], kind: str) -> dict[str, int]:
    return {who: kinds.count(kind) for who, kinds in got.items() if kind in kinds}


class TestEvaluationDue:
    def test_author_and_school_coordinator_once(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        activate(client, db, world)
        ends = world.semesters[0].ends_on
        remind(db, ends - timedelta(days=30))
        assert of_kind(told(client, world), "evaluation_due") == {}
        remind(db, ends - timedelta(days=7))
        remind(db, ends - timedelta(days=6))
        assert of_kind(told(client, world), "evaluation_due") == {
            "teacher_a1": 1,
            "school_coord_a1": 1,
        }


class TestSessionsNotLogged:
    def test_the_responsible_person_after_14_quiet_days(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        activate(client, db, world, responsible="specialist_a1")
        start = local_today()
        remind(db, start + timedelta(days=10))
        assert of_kind(told(client, world), "sessions_not_logged") == {}
        remind(db, start + timedelta(days=15))
        remind(db, start + timedelta(days=16))
        assert of_kind(told(client, world), "sessions_not_logged") == {"specialist_a1": 1}

    def test_a_recent_session_means_no_reminder(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        draft = activate(client, db, world, responsible="specialist_a1")
        measure = db.scalars(select(Measure).where(Measure.plan_id == uuid.UUID(draft.id))).one()
        start = local_today()
        db.add(
            Delivery(
                measure_id=measure.id,
                plan_id=measure.plan_id,
                delivered_on=start + timedelta(days=10),
                duration_minutes=40,
                recorded_by_id=world.actors["specialist_a1"].user.id,
            )
        )
        db.flush()
        remind(db, start + timedelta(days=15))
        assert of_kind(told(client, world), "sessions_not_logged") == {}


class TestConsent:
    def test_missing_consent_reaches_the_author(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        student = enrolled_student(db, world, consent=False)
        create(client, world, student)
        remind(db, local_today())
        remind(db, local_today() + timedelta(days=1))
        assert of_kind(told(client, world), "consent_missing") == {"teacher_a1": 1}

    def test_ending_with_the_school_year(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        activate(client, db, world)
        remind(db, world.year.ends_on - timedelta(days=60))
        assert of_kind(told(client, world), "consent_ending") == {}
        remind(db, world.year.ends_on - timedelta(days=10))
        assert of_kind(told(client, world), "consent_ending") == {
            "teacher_a1": 1,
            "school_coord_a1": 1,
        }
        assert "director_b1" not in told(client, world)


class TestRetention:
    def test_notifications_are_kept_180_days(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        activate(client, db, world)
        rows = db.scalars(select(Notification)).all()
        assert rows
        made = max(r.created_at for r in rows)
        now = made + timedelta(days=179)
        reminders.run(db, get_settings(), now.date(), now)
        assert db.scalars(select(Notification)).all()
        now = made + timedelta(days=181)
        reminders.run(db, get_settings(), now.date(), now)
        db.expire_all()
        assert db.scalars(select(Notification).where(Notification.created_at <= made)).all() == []
