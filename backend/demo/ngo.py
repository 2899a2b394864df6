"""Demo data of youth NGO initiatives: a call in municipality A and the demo NGO's projects."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from backend.demo.world import DemoWorld, school_year_of
from backend.ngo.models import (
    Activity,
    ActivityClassGroup,
    ActivityStatus,
    ActivityType,
    InitiativeCall,
    InitiativeProject,
    ProjectInstitution,
    ProjectStatus,
)
from backend.schools.models import ClassGroup

COORDINATOR = "koordinators@demo.pumpurs.lv"
NGO_MANAGER = "ngo@demo.pumpurs.lv"

# (days from today, title, class labels, actual participants, at-risk participants, feedback)
EVENTS: list[tuple[int, str, tuple[str, ...], int | None, int | None, str | None]] = [
    (
        -28,
        "Pārgājiens ar orientēšanos",
        ("7.a", "8.a"),
        41,
        6,
        "Klases sadarbojās; divi skolēni, kas parasti turas malā, vadīja savas komandas.",
    ),
    (
        -14,
        "Virvju parka diena",
        ("9.a",),
        22,
        3,
        "Labs noskaņojums; vajadzētu vairāk laika pārrunām pēc uzdevumiem.",
    ),
    (14, "Radošā darbnīca “Mūsu klase”", ("7.a", "8.a"), None, None, None),
    (28, "Komandas izaicinājumu spēle", ("9.a",), None, None, None),
]


def _within(day: date, first: date, last: date) -> date:
    return min(max(day, first), last)


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def load_demo_initiatives(session: Session, world: DemoWorld) -> None:
    assert world.ngo is not None
    start = school_year_of(world.today)
    year = world.years[f"{start}/{start + 1}"]
    coordinator = world.users[COORDINATOR]
    manager = world.users[NGO_MANAGER]
    a1, a3 = world.institutions["A1"], world.institutions["A3"]

    call = InitiativeCall(
        municipality_id=world.municipalities["A"].id,
        school_year_id=year.id,
        title=f"Jauniešu iniciatīvas skolās {year.name}",
        budget_cents=15_000_00,
        deadline=_within(world.today + timedelta(days=30), world.today, year.ends_on),
        created_by_user_id=coordinator.id,
    )
    session.add(call)
    session.flush()

    approved = InitiativeProject(
        call_id=call.id,
        ngo_id=world.ngo.id,
        title="Komandas gars Viesītes vidusskolā",
        description=(
            "Četri saliedēšanās pasākumi 7.-9. klasēm semestra laikā: klases mācās sadarboties, "
            "un skolēni, kuriem ir grūtības iekļauties, atrod savu lomu komandā."
        ),
        amount_cents=4_200_00,
        starts_on=year.starts_on,
        ends_on=year.ends_on,
        status=ProjectStatus.approved,
        submitted_by_user_id=manager.id,
        decision_comment="Atbalstīts pilnā apmērā.",
        decided_at=_noon(_within(world.today - timedelta(days=40), year.starts_on, world.today)),
        decided_by_user_id=coordinator.id,
    )
    waiting = InitiativeProject(
        call_id=call.id,
        ngo_id=world.ngo.id,
        title="Vienaudžu mentorings Aknīstē",
        description="Vidusskolēni kā mentori palīdz 5.-6. klašu skolēniem mācībās un ikdienā.",
        amount_cents=3_000_00,
        starts_on=_within(world.today + timedelta(days=35), year.starts_on, year.ends_on),
        ends_on=year.ends_on,
        status=ProjectStatus.submitted,
        submitted_by_user_id=manager.id,
    )
    session.add_all([approved, waiting])
    session.flush()
    session.add_all(
        [
            ProjectInstitution(project_id=approved.id, institution_id=a1.id),
            ProjectInstitution(project_id=waiting.id, institution_id=a3.id),
        ]
    )

    classes: dict[str, ClassGroup] = {g.label: g for g in world.classes["A1"]}
    for days, title, labels, actual, at_risk, feedback in EVENTS:
        held = actual is not None
        activity = Activity(
            project_id=approved.id,
            type=ActivityType.team_building,
            title=title,
            held_on=_within(world.today + timedelta(days=days), year.starts_on, year.ends_on),
            institution_id=a1.id,
            planned_participants=22 * len(labels),
            status=ActivityStatus.held if held else ActivityStatus.planned,
            actual_participants=actual,
            at_risk_participants=at_risk,
            feedback=feedback,
            recorded_at=_noon(world.today) if held else None,
        )
        session.add(activity)
        session.flush()
        session.add_all(
            ActivityClassGroup(activity_id=activity.id, class_group_id=classes[label].id)
            for label in labels
        )
    session.flush()
