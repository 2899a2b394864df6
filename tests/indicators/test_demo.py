"""The demo data holds a realistic semester of indicators for every demo student."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.core.clock import local_today
from backend.demo import data
from backend.demo.indicators import load_demo_indicators
from backend.indicators.models import StudentFlag, StudentIndicator
from backend.students.models import Student


def test_every_demo_student_has_indicators(db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data, "_extensions", lambda: [load_demo_indicators])
    assert data.load(db, today=local_today()) is True
    students = db.scalar(
        select(func.count()).select_from(Student).where(Student.institution_id.is_not(None))
    )
    latest = db.scalar(select(func.max(StudentIndicator.as_of)))
    with_data = db.scalar(
        select(func.count(func.distinct(StudentIndicator.student_id))).where(
            StudentIndicator.as_of == latest
        )
    )
    assert students
    assert with_data == students
    flagged = db.scalar(select(func.count(func.distinct(StudentFlag.student_id))))
    # Some students are flagged, most are not: realistic, not everyone "at risk".
    assert flagged is not None
    assert 0.05 * students < flagged < 0.6 * students
