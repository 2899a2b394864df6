"""Initiative calls, projects and activities for tests, written straight to the database."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.identity.roles import Role
from backend.ngo.models import (
    Activity,
    ActivityClassGroup,
    ActivityStatus,
    ActivityType,
    InitiativeCall,
    InitiativeProject,
    Ngo,
    ProjectInstitution,
    ProjectStatus,
)
from backend.plans.measures.models import Measure, MeasureType, MeasureUnit
from backend.plans.models import PlanStatus, SupportPlan
from backend.schools.models import ClassGroup, Institution, Municipality
from backend.students.models import Student
from tests import factories as f
from tests.factories import Actor, World


def call(
    db: Session,
    world: World,
    muni: Municipality | None = None,
    *,
    budget_cents: int = 10_000_00,
    deadline: date | None = None,
    title: str = "Jauniešu iniciatīvas",
) -> InitiativeCall:
    row = InitiativeCall(
        municipality_id=(muni or world.muni_a).id,
        school_year_id=world.year.id,
        title=title,
        budget_cents=budget_cents,
        deadline=deadline or f.today() + timedelta(days=30),
    )
    db.add(row)
    db.flush()
    return row


def project(
    db: Session,
    world: World,
    the_call: InitiativeCall,
    *,
    ngo: Ngo | None = None,
    institutions: list[Institution] | None = None,
    amount_cents: int = 4_000_00,
    status: ProjectStatus = ProjectStatus.approved,
    title: str = "Komandas saliedēšana",
) -> InitiativeProject:
    row = InitiativeProject(
        call_id=the_call.id,
        ngo_id=(ngo or world.ngo).id,
        title=title,
        description="Četri saliedēšanas pasākumi",
        amount_cents=amount_cents,
        starts_on=world.year.starts_on,
        ends_on=world.year.ends_on,
        status=status,
    )
    db.add(row)
    db.flush()
    for institution in institutions or [world.a1]:
        db.add(ProjectInstitution(project_id=row.id, institution_id=institution.id))
    db.flush()
    return row


def activity(
    db: Session,
    the_project: InitiativeProject,
    institution: Institution,
    groups: list[ClassGroup],
    *,
    held_on: date | None = None,
    held: bool = False,
) -> Activity:
    row = Activity(
        project_id=the_project.id,
        type=ActivityType.team_building,
        title="Saliedēšanās pārgājiens",
        held_on=held_on or f.today(),
        institution_id=institution.id,
        planned_participants=25,
        status=ActivityStatus.held if held else ActivityStatus.planned,
        actual_participants=22 if held else None,
        at_risk_participants=3 if held else None,
    )
    db.add(row)
    db.flush()
    db.add_all(ActivityClassGroup(activity_id=row.id, class_group_id=g.id) for g in groups)
    db.flush()
    return row


def ngo_manager(db: Session, ngo: Ngo) -> Actor:
    user, assignment = f.user(db, Role.ngo_manager, ngo.id)
    return Actor(user, assignment, f.headers_for(assignment))


def plan_measure(
    db: Session,
    world: World,
    student: Student,
    *,
    type_code: str = "ngo_activity_participation",
    status: PlanStatus = PlanStatus.active,
) -> Measure:
    plan = SupportPlan(
        code=f"IAP-T-{f._n()}",
        student_id=student.id,
        institution_id=student.institution_id,
        semester_id=world.semesters[0].id,
        author_id=world.actors["teacher_a1"].user.id,
        status=status,
    )
    db.add(plan)
    db.flush()
    measure_type = db.scalars(select(MeasureType).where(MeasureType.code == type_code)).one()
    row = Measure(plan_id=plan.id, measure_type_id=measure_type.id, unit=MeasureUnit.session)
    db.add(row)
    db.flush()
    return row


@dataclass
class Scene:
    """World A: a call, the NGO's approved project for A1 and an activity for class 7.a today;
    another NGO with its own project in the same call."""

    world: World
    call: InitiativeCall
    project: InitiativeProject
    activity: Activity
    other_ngo: Ngo
    other_project: InitiativeProject
    other_manager: Actor


def scene(db: Session, world: World) -> Scene:
    the_call = call(db, world)
    the_project = project(db, world, the_call, institutions=[world.a1, world.a2])
    the_activity = activity(db, the_project, world.a1, [world.class_a1])
    other = f.ngo(db, "Biedrība Cita")
    other_project = project(db, world, the_call, ngo=other, amount_cents=1_000_00)
    return Scene(
        world=world,
        call=the_call,
        project=the_project,
        activity=the_activity,
        other_ngo=other,
        other_project=other_project,
        other_manager=ngo_manager(db, other),
    )
