"""Fill the database named by DATABASE_URL: migrations, the demo data, then ``--plans`` more
students in the demo school A1, each with a plan written through the plan service."""

import argparse
import random
from datetime import UTC, date, datetime

from alembic import command
from sqlalchemy import select

from backend.auth.principal import Principal
from backend.auth.roles import Role, ScopeType
from backend.cli import alembic_config
from backend.core.db import new_session
from backend.core.security import personal_code_lookup_hash
from backend.demo import data as demo
from backend.integrations import imports
from backend.plans import service as plans_service
from backend.plans.schemas import PlanCreate
from backend.schools.models import ClassGroup, Institution, Semester
from backend.students.models import Student
from backend.students.schemas import StudentCreate
from backend.users.models import RoleAssignment, User


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=3000)
    args = parser.parse_args()
    command.upgrade(alembic_config(), "head")
    rng = random.Random(20251001)  # noqa: S311 - test data, not secrets
    today = datetime.now(UTC).date()
    with new_session() as session:
        demo.load(session)
        session.commit()
        a1 = session.scalar(select(Institution).where(Institution.name == "Viesītes vidusskola"))
        assert a1 is not None
        teacher = session.execute(
            select(User.id, RoleAssignment.id)
            .join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(User.email == "skolotajs@demo.pumpurs.lv")
        ).one()
        author = Principal(
            role=Role.teacher,
            scope_type=ScopeType.institution,
            scope_id=a1.id,
            user_id=teacher[0],
            assignment_id=teacher[1],
        )
        semester = session.scalar(
            select(Semester).where(Semester.starts_on <= today).order_by(Semester.starts_on.desc())
        )
        assert semester is not None
        classes = list(
            session.scalars(
                select(ClassGroup).where(
                    ClassGroup.institution_id == a1.id,
                    ClassGroup.grade.between(5, 12),
                    ClassGroup.school_year_id == semester.school_year_id,
                )
            )
        )
        assert classes
        new = []
        for i in range(args.plans):
            code = f"39{i // 10000:04d}-{i % 100000:05d}"
            group = rng.choice(classes)
            data = StudentCreate(
                given_name=f"Skolēns{i}",
                family_name=f"Testa{i}",
                date_of_birth=date(2025 - 7 - (group.grade or 7), rng.randint(1, 12), 15),
                personal_code=code,
                institution_id=a1.id,
                class_group_id=group.id,
            )
            new.append(
                imports.NewStudent(
                    line=i + 2,
                    data=data,
                    code=code,
                    code_hash=personal_code_lookup_hash(code),
                    guardian=None,
                )
            )
        imports.write(session, author, a1, new)
        session.commit()
        ids = session.scalars(select(Student.id).where(Student.family_name.like("Testa%"))).all()
        for n, student_id in enumerate(ids, start=1):
            plans_service.create_plan(
                session,
                author,
                PlanCreate(student_id=student_id, semester_id=semester.id, goals="Sekmes"),
            )
            if n % 500 == 0:
                session.commit()
                print(f"  {n} plans")
        session.commit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
