"""The indicator thresholds: national defaults, the bounds a municipality may set them within,
and the evaluation of one student's semester against them (pure functions, no database)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from backend.core.messages import Message, msg
from backend.indicators.models import FlagLevel, Indicator

# Which way each indicator worsens: "below" flags values under the threshold, "above" values at
# or over it; A2's alert is "more than" (over 20 unexcused lessons obliges the school to report).
BELOW = {Indicator.a1, Indicator.c2}
STRICTLY_ABOVE_ALERT = {Indicator.a2}

# Indicators with thresholds (C3 is a fact: repeating the year or an extended year).
THRESHOLDED = (
    Indicator.a1,
    Indicator.a2,
    Indicator.a3,
    Indicator.c1,
    Indicator.c2,
    Indicator.b1,
)

NATIONAL_DEFAULTS: dict[str, dict[str, float]] = {
    "A1": {"watch": 95, "alert": 90},
    "A2": {"watch": 10, "alert": 20},
    "A3": {"watch": 50, "alert": 100},
    "C1": {"watch": 1, "alert": 2},
    "C2": {"watch": -0.5, "alert": -1.0},
    "B1": {"watch": 2, "alert": 5},
}

# The range within which a municipality may tighten or loosen each threshold (and IKVD set it).
MUNICIPAL_BOUNDS: dict[str, tuple[float, float]] = {
    "A1": (80, 99),
    "A2": (5, 40),
    "A3": (25, 300),
    "C1": (1, 5),
    "C2": (-3, -0.25),
    "B1": (1, 15),
}

# A3 compares two 4-week windows: below this many unexcused lessons in the last 4 weeks a rise
# is noise (one lesson after none would otherwise be "+100 %").
A3_MINIMUM_LESSONS = 3

# The subjects whose failing mark alone makes C1 an alert (Latvian and mathematics).
CORE_SUBJECTS = frozenset({"latviesu valoda", "latvian", "matematika", "mathematics"})

FAILING_MARKS = frozenset({"1", "2", "3", "nv", "ns"})
VALID_MARKS = frozenset({str(n) for n in range(1, 11)} | {"nv", "ns", "i"})


def subject_key(subject: str) -> str:
    table = str.maketrans("āčēģīķļņšūž", "acegiklnsuz")
    return " ".join(subject.strip().lower().translate(table).split())


@dataclass(frozen=True)
class GradeSummary:
    failing_subjects: int
    failing_core: bool
    average: Decimal | None


def summarise_grades(grades: dict[str, str]) -> GradeSummary:
    failing = [s for s, mark in grades.items() if mark in FAILING_MARKS]
    numeric = [int(m) for m in grades.values() if m.isdigit()]
    average = (Decimal(sum(numeric)) / len(numeric)).quantize(Decimal("0.01")) if numeric else None
    return GradeSummary(
        failing_subjects=len(failing),
        failing_core=any(subject_key(s) in CORE_SUBJECTS for s in failing),
        average=average,
    )


def merged(national: dict[str, Any], municipal: dict[str, Any] | None) -> dict[str, Any]:
    """The thresholds in force in a municipality: its overrides over the national ones."""
    result = {code: dict(levels) for code, levels in national.items()}
    for code, levels in (municipal or {}).items():
        result.setdefault(code, {}).update(levels)
    return result


def problems_of(thresholds: dict[str, Any]) -> list[tuple[list[str], Message]]:
    """What is wrong with a set of thresholds, as (field path, message)."""
    problems: list[tuple[list[str], Message]] = []
    for code, levels in thresholds.items():
        if code not in NATIONAL_DEFAULTS:
            problems.append(([code], msg("indicators.threshold-unknown")))
            continue
        if not isinstance(levels, dict) or not set(levels) <= {"watch", "alert"}:
            problems.append(([code], msg("indicators.threshold-shape")))
            continue
        low, high = MUNICIPAL_BOUNDS[code]
        for level, value in levels.items():
            if not isinstance(value, int | float) or isinstance(value, bool):
                problems.append(([code, level], msg("indicators.threshold-number")))
            elif not low <= value <= high:
                # The same bounds hold nationally: a threshold outside them flags nobody or all.
                problems.append(
                    ([code, level], msg("indicators.threshold-range", low=low, high=high))
                )
    return problems


def order_problems(thresholds: dict[str, Any]) -> list[tuple[list[str], Message]]:
    """The alert threshold must be at least as severe as the watch threshold."""
    problems: list[tuple[list[str], Message]] = []
    for code, levels in thresholds.items():
        watch, alert = levels.get("watch"), levels.get("alert")
        if watch is None or alert is None:
            continue
        worse = alert <= watch if Indicator(code) in BELOW else alert >= watch
        if not worse:
            problems.append(([code, "alert"], msg("indicators.threshold-order")))
    return problems


@dataclass(frozen=True)
class SemesterValues:
    """One student's semester as the indicators see it (summed over schools where needed)."""

    lessons: int
    absences: int
    unexcused: int
    unexcused_last_4w: int | None
    unexcused_prev_4w: int | None
    incidents: int
    repeating: bool
    failing_subjects: int
    failing_core: bool
    average: Decimal | None
    previous_average: Decimal | None


@dataclass(frozen=True)
class Evaluated:
    indicator: Indicator
    level: FlagLevel
    value: Decimal
    threshold: Decimal


def _dec(value: float | int | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _level(indicator: Indicator, value: Decimal, levels: dict[str, Any]) -> Evaluated | None:
    alert, watch = levels.get("alert"), levels.get("watch")
    for level, threshold in ((FlagLevel.alert, alert), (FlagLevel.watch, watch)):
        if threshold is None:
            continue
        limit = _dec(threshold)
        if indicator in BELOW:
            hit = value < limit if indicator is Indicator.a1 else value <= limit
        elif level is FlagLevel.alert and indicator in STRICTLY_ABOVE_ALERT:
            hit = value > limit
        else:
            hit = value >= limit
        if hit:
            return Evaluated(indicator, level, value, limit)
    return None


def values_of(v: SemesterValues) -> dict[Indicator, Decimal]:
    """Each indicator's value for the semester (an indicator without data has none)."""
    out: dict[Indicator, Decimal] = {}
    if v.lessons > 0:
        out[Indicator.a1] = _dec(Decimal(100) * (v.lessons - v.absences) / v.lessons)
    out[Indicator.a2] = _dec(v.unexcused)
    last, before = v.unexcused_last_4w, v.unexcused_prev_4w
    if last is not None and before is not None and last >= A3_MINIMUM_LESSONS:
        out[Indicator.a3] = _dec(Decimal(100) * (last - before) / max(before, 1))
    out[Indicator.c1] = _dec(v.failing_subjects)
    if v.average is not None and v.previous_average is not None:
        out[Indicator.c2] = _dec(v.average - v.previous_average)
    out[Indicator.b1] = _dec(v.incidents)
    return out


def evaluate(v: SemesterValues, thresholds: dict[str, Any]) -> list[Evaluated]:
    """The flags of one student's semester under the thresholds in force."""
    flags: list[Evaluated] = []
    for indicator, value in values_of(v).items():
        found = _level(indicator, value, thresholds.get(indicator.value, {}))
        if indicator is Indicator.c1 and v.failing_core and v.failing_subjects >= 1:
            # Latvian or mathematics failing is an alert by itself.
            found = Evaluated(indicator, FlagLevel.alert, value, _dec(1))
        if found is not None:
            flags.append(found)
    if v.repeating:
        flags.append(Evaluated(Indicator.c3, FlagLevel.alert, _dec(1), _dec(1)))
    return flags


def explain_core(
    indicator: Indicator, level: FlagLevel, value: Decimal, threshold: Decimal
) -> bool:
    """Whether a C1 alert stands because Latvian or mathematics is failing."""
    return indicator is Indicator.c1 and level is FlagLevel.alert and threshold == _dec(1)


def as_of_key(as_of: date) -> str:
    return as_of.isoformat()
