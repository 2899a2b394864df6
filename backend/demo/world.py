"""What the demo loaders have made so far, for the later ones to build on."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from backend.schools.models import (
    ClassGroup,
    Institution,
    Municipality,
    Ngo,
    SchoolYear,
    Semester,
)
from backend.students.models import Student
from backend.users.models import User

SEED = 20170301  # the programme's start


@dataclass
class DemoWorld:
    """What the loaders have made, for later loaders (plans, NGO projects) to build on."""

    rng: random.Random
    today: date
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    institutions: dict[str, Institution] = field(default_factory=dict)
    years: dict[str, SchoolYear] = field(default_factory=dict)
    semesters: dict[str, Semester] = field(default_factory=dict)
    classes: dict[str, list[ClassGroup]] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    students: dict[str, list[Student]] = field(default_factory=dict)
    ngo: Ngo | None = None


DemoLoader = Callable[[Session, DemoWorld], None]


def school_year_of(day: date) -> int:
    """The calendar year a school year starts in (1 September)."""
    return day.year if day.month >= 9 else day.year - 1
