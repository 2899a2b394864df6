"""Demo indicators: a realistic semester (and the one before) for every demo student, as an
e-journal would report them: most students attend and pass, some drift, a few need help now."""

import random
from datetime import date, timedelta

from sqlalchemy.orm import Session

from backend.demo.world import SEED, DemoWorld
from backend.indicators import service
from backend.indicators.models import SourceKind
from backend.schools.models import Semester

SUBJECTS = ("Latviešu valoda", "Matemātika", "Angļu valoda", "Vēsture", "Bioloģija", "Sports")


def _as_of(semester: Semester, today: date) -> date:
    return min(semester.ends_on, max(semester.starts_on + timedelta(days=14), today))


def _row(
    rng: random.Random,
    student_id: object,
    institution_id: object,
    semester: Semester,
    as_of: date,
    trouble: float,
    ability: float,
) -> service.IndicatorRow:
    weeks = max(2, (as_of - semester.starts_on).days // 7)
    lessons = weeks * 30
    unexcused = int(rng.random() * trouble * lessons * 0.12)
    excused = int(rng.random() * lessons * 0.045)
    last = int(unexcused * min(1.0, 4 / weeks) * (1 + trouble * rng.random()))
    before = max(0, int(unexcused * min(1.0, 4 / weeks)) - int(trouble * 3))
    base = ability - 3.5 * trouble
    grades = {}
    for subject in SUBJECTS:
        mark = round(rng.gauss(base, 0.4))
        grades[subject] = (
            "nv" if trouble > 0.8 and rng.random() < 0.15 else str(min(10, max(1, mark)))
        )
    return service.IndicatorRow(
        student_id=student_id,  # type: ignore[arg-type]
        institution_id=institution_id,  # type: ignore[arg-type]
        semester_id=semester.id,
        as_of=as_of,
        lessons=lessons,
        absences_excused=min(excused, lessons - unexcused),
        absences_unexcused=unexcused,
        unexcused_last_4w=min(last, unexcused),
        unexcused_prev_4w=before,
        behaviour_incidents=int(trouble * rng.random() * 7),
        repeating_year=trouble > 0.9 and rng.random() < 0.2,
        extended_year=False,
        grades=grades,
    )


def load_demo_indicators(session: Session, world: DemoWorld) -> None:
    rng = random.Random(SEED + 12)
    ordered = sorted(world.semesters.values(), key=lambda s: s.starts_on)
    started = [s for s in ordered if s.starts_on <= world.today]
    if not started:
        return
    current = started[-1]
    previous = started[-2] if len(started) > 1 else None
    rows: list[service.IndicatorRow] = []
    for students in world.students.values():
        for student in students:
            if student.institution_id is None:
                continue
            # Most students are fine; one in five drifts; a few are in real trouble.
            roll = rng.random()
            trouble = 0.05 if roll < 0.75 else 0.4 if roll < 0.92 else 0.95
            ability = min(9.0, max(5.0, rng.gauss(7.2, 1.0)))
            if previous is not None:
                rows.append(
                    _row(
                        rng,
                        student.id,
                        student.institution_id,
                        previous,
                        previous.ends_on,
                        max(0.0, trouble - 0.3),
                        ability,
                    )
                )
            rows.append(
                _row(
                    rng,
                    student.id,
                    student.institution_id,
                    current,
                    _as_of(current, world.today),
                    trouble,
                    ability,
                )
            )
    service.store_batch(
        session,
        None,
        kind=SourceKind.demo,
        source_key="demo",
        external_id=f"demo-{current.id}",
        label="Demo e-journal export",
        rows=rows,
    )
