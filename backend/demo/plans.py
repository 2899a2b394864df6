"""Demo support plans (DESIGN §6): plans in every status for the demo institutions, with
measures, deliveries and evaluations, written through the plan services so that history, audit
and the outbox tell the same story as for real plans."""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from backend.demo import repository
from backend.demo.world import DemoWorld, school_year_of
from backend.identity.principal import Principal
from backend.plans import approvals, drafting, evaluation
from backend.plans.measures import deliveries as deliveries_service
from backend.plans.measures import service as measures_service
from backend.plans.measures.models import Confirmation, MeasureStatus
from backend.plans.measures.schemas import DeliveryCreate, MeasureCreate, MeasureUpdate
from backend.plans.models import Outcome, PlanStatus, RiskLevel
from backend.plans.schemas import (
    ApproveBody,
    DiscontinueBody,
    EvaluationIn,
    LevelAfterIn,
    PlanCreate,
    RatedFactorIn,
    ReturnBody,
    RiskAssessmentIn,
    SensitiveLevelsIn,
)
from backend.schools.models import Semester
from backend.students.models import Consent, Student

# Per institution: the authors, the director, the school coordinator, the municipal coordinator.
STAFF = {
    "A1": (
        ["skolotajs@demo.pumpurs.lv", "psihologs@demo.pumpurs.lv"],
        "direktors@demo.pumpurs.lv",
        "skolas.koordinators@demo.pumpurs.lv",
        "koordinators@demo.pumpurs.lv",
    ),
    "B1": (
        ["skolotajs2@demo.pumpurs.lv"],
        "direktors2@demo.pumpurs.lv",
        "skolas.koordinators2@demo.pumpurs.lv",
        "koordinators2@demo.pumpurs.lv",
    ),
    "V1": (
        ["skolotajs3@demo.pumpurs.lv"],
        "tehnikums@demo.pumpurs.lv",
        "skolas.koordinators3@demo.pumpurs.lv",
        None,
    ),
}
IKVD = "ikvd@demo.pumpurs.lv"

# The statuses of this semester's plans, per institution (municipal schools also have plans
# waiting for the municipality; the state school skips that step).
CURRENT = [
    PlanStatus.draft,
    PlanStatus.draft,
    PlanStatus.submitted,
    PlanStatus.submitted,
    PlanStatus.approved_school,
    PlanStatus.approved_municipality,
    PlanStatus.returned,
    PlanStatus.active,
    PlanStatus.active,
    PlanStatus.active,
    PlanStatus.active,
    PlanStatus.discontinued,
]
# Plans of the previous semester: evaluated (one continued into this semester) and closed.
PREVIOUS = [PlanStatus.closed, PlanStatus.closed, PlanStatus.evaluated, PlanStatus.evaluated]

FACTORS = ["LS01", "LS02", "LS04", "LS06", "LS09", "EC01", "EC02", "EC03", "FA01", "FA02"]
SENSITIVE = ["SH02", "FA05", "SH01"]
GOALS = [
    "Uzlabot sekmes matemātikā un latviešu valodā līdz vismaz 5 ballēm.",
    "Samazināt neattaisnotos kavējumus; regulāri apmeklēt konsultācijas.",
    "Nostiprināt mācību motivāciju un sadarbību ar klasesbiedriem.",
    "Nodrošināt nokļūšanu skolā un mācību līdzekļus.",
]


@dataclass
class _School:
    key: str
    authors: list[Principal]
    director: Principal
    coordinator: Principal
    municipal: Principal | None
    students: Iterator[Student]
    made: list[uuid.UUID] = field(default_factory=list)


def load_demo_plans(session: Session, world: DemoWorld) -> None:
    ikvd = _principal(session, world, IKVD)
    start = school_year_of(world.today)
    current = _semester_of(world, world.today)
    previous = world.semesters[f"{start - 1}/{start}/2"]
    types = repository.measure_type_ids(session)
    factors = repository.risk_factor_ids(session)
    for key, (authors, director, coordinator, municipal) in STAFF.items():
        school = _School(
            key=key,
            authors=[_principal(session, world, a) for a in authors],
            director=_principal(session, world, director),
            coordinator=_principal(session, world, coordinator),
            municipal=_principal(session, world, municipal) if municipal else None,
            students=iter(_consenting(session, world, key)),
        )
        statuses = [s for s in CURRENT if municipal or s is not PlanStatus.approved_municipality]
        for i, status in enumerate(PREVIOUS):
            _plan(session, world, school, ikvd, previous, status, i, types, factors)
        for i, status in enumerate(statuses):
            _plan(session, world, school, ikvd, current, status, i, types, factors)
    session.flush()


def _principal(session: Session, world: DemoWorld, email: str) -> Principal:
    user = world.users[email]
    assignment = repository.first_assignment_of(session, user.id)
    assert assignment is not None
    return Principal(
        role=assignment.role,
        scope_type=assignment.scope_type,
        scope_id=assignment.scope_id,
        user_id=user.id,
        assignment_id=assignment.id,
    )


def _semester_of(world: DemoWorld, day: date) -> Semester:
    start = school_year_of(day)
    first = world.semesters[f"{start}/{start + 1}/1"]
    second = world.semesters[f"{start}/{start + 1}/2"]
    return second if day >= second.starts_on else first


def _consenting(session: Session, world: DemoWorld, key: str) -> list[Student]:
    """Students of the institution with a consent for this school year; they also get one for
    the previous year, when their earlier plans were written."""
    students = world.students[key]
    ids = {s.id for s in students}
    consented = repository.consenting(session, ids)
    start = school_year_of(world.today)
    last_year = world.years[f"{start - 1}/{start}"]
    chosen = [s for s in students if s.id in consented]
    for s in chosen:
        current = repository.first_consent_of(session, s.id)
        assert current is not None
        session.add(
            Consent(
                student_id=s.id,
                guardian_id=current.guardian_id,
                given_by_student=False,
                given_on=date(start - 1, 9, 15),
                school_year_id=last_year.id,
                document_reference=f"{current.document_reference}-{start - 1}",
            )
        )
    session.flush()
    return chosen


def _begins(semester: Semester, today: date) -> date:
    """When the demo's measures start and its plans become active: two weeks into the semester,
    or today when the semester is younger."""
    return min(semester.starts_on + timedelta(days=14), max(today, semester.starts_on))


def _within(semester: Semester, today: date, days_back: int) -> date:
    """A day of the semester the measures run on, ``days_back`` before its end or today,
    whichever is earlier."""
    last = min(semester.ends_on, today)
    return max(_begins(semester, today), last - timedelta(days=days_back))


def _plan(
    session: Session,
    world: DemoWorld,
    school: _School,
    ikvd: Principal,
    semester: Semester,
    status: PlanStatus,
    index: int,
    types: dict[str, uuid.UUID],
    factors: dict[str, uuid.UUID],
) -> None:
    rng = world.rng
    author = school.authors[index % len(school.authors)]
    student = next(school.students)
    plan = drafting.create_plan(
        session,
        author,
        PlanCreate(
            student_id=student.id,
            semester_id=semester.id,
            goals=rng.choice(GOALS),
            student_agreed_on=semester.starts_on + timedelta(days=14),
        ),
    )
    if status is PlanStatus.draft and index == 0:
        return  # a fresh draft, still without assessment or measures
    rated = rng.sample(FACTORS, rng.randint(1, 3))
    if rng.random() < 0.3:
        rated.append(rng.choice(SENSITIVE))
    plan = drafting.set_risk_assessment(
        session,
        author,
        plan.id,
        RiskAssessmentIn(
            rated_factors=[
                RatedFactorIn(
                    risk_factor_id=factors[code],
                    level=rng.choice(list(RiskLevel)),
                    note="Novērots klases audzinātāja sarunās." if rng.random() < 0.5 else None,
                )
                for code in rated
            ],
            protective_factors=rng.choice(
                ["Patīk sports un mūzika.", "Uzticama vecmāmiņa.", "Labas attiecības ar klasi."]
            ),
        ),
        f'"{plan.version}"',
    )
    addressed = [factors[rated[0]]]
    begins = _begins(semester, world.today)
    consult = measures_service.add_measure(
        session,
        author,
        plan.id,
        MeasureCreate(
            measure_type_id=types["subject_consultation"],
            subject=rng.choice(["Matemātika", "Latviešu valoda", "Angļu valoda", "Fizika"]),
            responsible_user_id=author.user_id,
            addressed_factor_ids=addressed,
            planned_quantity=rng.choice([8, 10, 12, 16]),
            starts_on=begins,
            ends_on=semester.ends_on,
        ),
    )
    transport = measures_service.add_measure(
        session,
        author,
        plan.id,
        MeasureCreate(
            measure_type_id=types["public_transport_compensation"],
            responsible_user_id=author.user_id,
            addressed_factor_ids=addressed,
            planned_quantity=40,
            planned_amount_eur=Decimal("48.00"),
            starts_on=begins,
            ends_on=semester.ends_on,
        ),
    )
    if rng.random() < 0.5 and school.key == "A1":
        measures_service.add_measure(
            session,
            author,
            plan.id,
            MeasureCreate(
                measure_type_id=types["psychologist"],
                responsible_user_id=school.authors[-1].user_id,
                addressed_factor_ids=[factors[code] for code in rated],
                planned_quantity=6,
                starts_on=begins,
                ends_on=semester.ends_on,
            ),
        )
    if status is PlanStatus.draft:
        return
    approvals.submit(session, author, plan.id)
    if status is PlanStatus.submitted:
        return
    if status is PlanStatus.returned:
        approvals.return_plan(
            session,
            school.director,
            plan.id,
            ReturnBody(comment="Lūdzu precizējiet mērķus un konsultāciju skaitu."),
        )
        return
    approvals.approve(session, school.director, plan.id, ApproveBody(comment="Atbalstu."))
    if status is PlanStatus.approved_school:
        return
    if school.municipal is not None:
        approvals.approve(session, school.municipal, plan.id, ApproveBody(comment=None))
        if status is PlanStatus.approved_municipality:
            return
    approvals.approve(session, ikvd, plan.id, ApproveBody(comment=None))
    repository.backdate_activation(session, plan.id, datetime.combine(begins, time(9), tzinfo=UTC))
    _deliver(session, world, semester, author, consult.id, transport.id)
    if status is PlanStatus.active:
        return
    if status is PlanStatus.discontinued:
        approvals.discontinue(
            session,
            school.coordinator,
            plan.id,
            DiscontinueBody(reason="Skolēns pārgāja uz citu izglītības iestādi."),
        )
        return
    measures_service.update_measure(
        session, school.coordinator, transport.id, MeasureUpdate(status=MeasureStatus.done)
    )
    evaluation.evaluate(
        session,
        school.coordinator,
        plan.id,
        EvaluationIn(
            outcome=rng.choice([Outcome.goals_met, Outcome.partly_met, Outcome.not_met]),
            # The coordinator evaluates the factors they see; the sensitive ones are the
            # director's.
            levels_after=[
                LevelAfterIn(risk_factor_id=factors[code], level_after=RiskLevel.low)
                for code in rated
                if code not in SENSITIVE
            ],
            # One evaluated plan per school continues into this semester.
            continue_next=status is PlanStatus.evaluated and index == len(PREVIOUS) - 1,
            narrative="Sekmes uzlabojās; kavējumu skaits samazinājās.",
        ),
    )
    sensitive = [code for code in rated if code in SENSITIVE]
    if sensitive:
        evaluation.set_sensitive_levels(
            session,
            school.director,
            plan.id,
            SensitiveLevelsIn(
                levels_after=[
                    LevelAfterIn(risk_factor_id=factors[code], level_after=RiskLevel.medium)
                    for code in sensitive
                ]
            ),
        )
    if status is PlanStatus.closed:
        approvals.close(session, school.coordinator, plan.id)


def _deliver(
    session: Session,
    world: DemoWorld,
    semester: Semester,
    author: Principal,
    consultation_id: uuid.UUID,
    transport_id: uuid.UUID,
) -> None:
    rng = world.rng
    for n in range(rng.randint(2, 6)):
        day = _within(semester, world.today, 7 * n + 1)
        remote = rng.random() < 0.2
        deliveries_service.log_delivery(
            session,
            author,
            consultation_id,
            DeliveryCreate(
                delivered_on=day,
                duration_minutes=rng.choice([40, 45, 60]),
                remote=remote,
                confirmation=rng.choice([Confirmation.email, Confirmation.e_journal])
                if remote
                else Confirmation.signature,
                confirmed_on=day if remote else None,
            ),
        )
    for n in range(rng.randint(1, 2)):
        deliveries_service.log_delivery(
            session,
            author,
            transport_id,
            DeliveryCreate(
                delivered_on=_within(semester, world.today, 30 * n + 2),
                quantity=20,
                amount_eur=Decimal("24.00"),
                evidence_reference=f"Biļešu kvītis {rng.randint(10000, 99999)}",
            ),
        )
