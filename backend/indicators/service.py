"""The rules of early identification: who may see and do what, recording indicator data,
computing flags set-based when data or rules change, worklists, dismissals and plans from flags.

Flags suggest a student for review; a person confirms the risk (dismisses the flag with a reason
or starts a plan). Nothing is flagged without the indicator, value and threshold beside it.
"""

import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.core import memo
from backend.core.clock import local_today, utcnow
from backend.core.errors import Conflict, FieldIssue, Forbidden, InvalidInput, NotFound
from backend.core.messages import msg
from backend.core.pagination import PageParams, cut_page, decode_cursor, paginate_rows
from backend.core.schemas import Page, page_body
from backend.events import service as outbox
from backend.identity.principal import Principal
from backend.identity.roles import Permission, Role, ScopeType, has_permission
from backend.indicators import repository, rules
from backend.indicators.models import (
    AbsenceReport,
    FlagDismissal,
    FlagLevel,
    Indicator,
    IndicatorBatch,
    PlanFlagLink,
    RuleSet,
    SourceKind,
    StudentFlag,
)
from backend.indicators.schemas import (
    BatchRead,
    CountsRead,
    DismissalRead,
    Evidence,
    FlagRead,
    InstitutionCounts,
    PlanFromFlagsIn,
    PlanFromFlagsRead,
    PlanLinkRead,
    PlanSuggestions,
    RecomputeRead,
    ReportIn,
    ReportRead,
    RuleSetRead,
    RulesIn,
    RulesRead,
    StudentIndicatorsRead,
    SuggestedFactor,
    TimelinePoint,
    UnexcusedItem,
    WorklistItem,
)
from backend.plans import drafting as plans_service
from backend.plans.models import RiskLevel
from backend.plans.schemas import PlanCreate, RatedFactorIn, RiskAssessmentIn
from backend.schools.models import Semester
from backend.students.models import Student

# --- who may do what -----------------------------------------------------------------------------

# The permissions of identity.roles decide; the scope is checked per student and institution.
READ = Permission.indicators_read
IMPORT = Permission.indicators_import
PUSH = Permission.indicators_push
DISMISS = Permission.flags_dismiss
REPORT = Permission.absences_report
COUNT = Permission.flag_counts_read
RULE_READ = Permission.indicator_rules_read
RULE_WRITE = Permission.indicator_rules_write
PLAN = Permission.plans_write  # a plan is started by those who write plans

# The students list shows the level of open flags (a column correlated with the student).
flag_level_on = repository.flag_level_on


def require_permission(principal: Principal, permission: Permission, what: str) -> None:
    if not has_permission(principal.role, permission):
        raise Forbidden(msg("role.may-not", role=principal.role, permission=permission))


# Indicators → the risk factor of the plan's catalogue each suggests.
FACTOR_OF: dict[Indicator, str] = {
    Indicator.a1: "LS04",
    Indicator.a2: "LS04",
    Indicator.a3: "LS04",
    Indicator.c1: "LS01",
    Indicator.c2: "LS01",
    Indicator.b1: "LS06",
    Indicator.c3: "LS10",
}

FLAGGED = "student.flagged"
FLAG_CLEARED = "student.flag_cleared"


# --- rules ---------------------------------------------------------------------------------------


def _rule_read(r: RuleSet) -> RuleSetRead:
    return RuleSetRead.model_validate(r)


def _national(session: Session) -> RuleSet:
    national = repository.current_rule_set(session, None)
    if national is None:  # the migration seeds it; a database without it is broken
        raise Conflict(msg("indicators.no-national-rules"))
    return national


def _rules_municipality(
    principal: Principal, municipality_id: uuid.UUID | None
) -> uuid.UUID | None:
    if principal.scope_type is ScopeType.municipality:
        if municipality_id not in (None, principal.scope_id):
            raise NotFound(msg("municipality.not-found"))
        return principal.scope_id
    return municipality_id


def read_rules(
    session: Session, principal: Principal, municipality_id: uuid.UUID | None
) -> RulesRead:
    require_permission(principal, RULE_READ, "read indicator rules")
    if principal.scope_type is ScopeType.institution:
        own = repository.municipality_of_institution(session, principal.scope_id)
        if municipality_id not in (None, own):
            raise NotFound(msg("municipality.not-found"))
        municipality_id = own
    else:
        municipality_id = _rules_municipality(principal, municipality_id)
    national = _national(session)
    municipal = repository.current_rule_set(session, municipality_id) if municipality_id else None
    return RulesRead(
        national=_rule_read(national),
        municipal=_rule_read(municipal) if municipal else None,
        effective=rules.merged(national.thresholds, municipal.thresholds if municipal else None),
        bounds=rules.MUNICIPAL_BOUNDS,
    )


def rule_history(
    session: Session, principal: Principal, municipality_id: uuid.UUID | None
) -> list[RuleSetRead]:
    require_permission(principal, RULE_WRITE, "read the history of indicator rules")
    municipality_id = _rules_municipality(principal, municipality_id)
    return [_rule_read(r) for r in repository.rule_set_history(session, municipality_id)]


def set_rules(
    session: Session, principal: Principal, body: RulesIn, municipality_id: uuid.UUID | None
) -> RulesRead:
    """A new version of the national rules (IKVD) or of a municipality's overrides (its
    coordinator, within bounds); flags are recomputed where it applies."""
    require_permission(principal, RULE_WRITE, "change indicator rules")
    if principal.role is Role.municipal_coordinator:
        municipality_id = principal.scope_id
    elif municipality_id is not None:
        raise Forbidden(msg("indicators.rules-by-coordinator"))
    thresholds = {k.value: v for k, v in body.thresholds.items()}
    municipal = municipality_id is not None
    problems = rules.problems_of(thresholds)
    national = _national(session)
    effective = rules.merged(national.thresholds, thresholds)
    problems += rules.order_problems(effective)
    if problems:
        raise InvalidInput(
            msg("indicators.thresholds-invalid"),
            errors=[FieldIssue(loc=["body", "thresholds", *p], message=m) for p, m in problems],
        )
    current = repository.current_rule_set(session, municipality_id)
    if current is not None:
        repository.retire_rule_set(session, current.id)
        session.flush()
    stored = thresholds if municipal else effective
    new = RuleSet(
        municipality_id=municipality_id,
        version=(current.version + 1) if current else 1,
        current=True,
        thresholds=stored,
        reason=body.reason,
        created_by_id=principal.user_id,
    )
    session.add(new)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.update,
        ResourceType.indicator_rules,
        new.id,
        detail=f"version {new.version}"
        + (f" for municipality {municipality_id}" if municipality_id else " (national)"),
    )
    recompute(session, municipality_id=municipality_id)
    return read_rules(session, principal, municipality_id)


def _thresholds_by_municipality(
    session: Session,
) -> tuple[dict[uuid.UUID | None, tuple[dict[str, Any], uuid.UUID]], RuleSet]:
    sets = repository.current_rule_sets(session)
    national = next(r for r in sets if r.municipality_id is None)
    by: dict[uuid.UUID | None, tuple[dict[str, Any], uuid.UUID]] = {
        None: (national.thresholds, national.id)
    }
    for r in sets:
        if r.municipality_id is not None:
            by[r.municipality_id] = (rules.merged(national.thresholds, r.thresholds), r.id)
    return by, national


# --- flag computation ----------------------------------------------------------------------------


@dataclass
class Recomputed:
    students: int = 0
    raised: int = 0
    changed: int = 0
    cleared: int = 0

    def read(self) -> RecomputeRead:
        return RecomputeRead(
            students=self.students,
            flags_raised=self.raised,
            flags_changed=self.changed,
            flags_cleared=self.cleared,
        )


def _previous_semesters(session: Session) -> dict[uuid.UUID, uuid.UUID | None]:
    ordered = repository.semesters(session)
    return {s.id: (ordered[i - 1].id if i else None) for i, s in enumerate(ordered)}


_LEVEL_RANK = {FlagLevel.watch: 1, FlagLevel.alert: 2}


def recompute(
    session: Session,
    *,
    semester_ids: Sequence[uuid.UUID] | None = None,
    student_ids: Sequence[uuid.UUID] | None = None,
    municipality_id: uuid.UUID | None = None,
) -> Recomputed:
    """Bring the stored flags in line with the indicator data and the rules in force, for the
    given semesters (default: every semester with data) and students (default: all, or those of
    one municipality). Writes only differences; emits ``student.flagged`` for a student with a
    new or higher flag and ``student.flag_cleared`` for one whose last flag went."""
    previous = _previous_semesters(session)
    thresholds, _ = _thresholds_by_municipality(session)
    if student_ids is None:
        repository.room_to_sort(session)
    total = Recomputed()
    events: list[dict[str, Any]] = []
    now = utcnow()
    for semester_id in semester_ids or repository.semesters_with_data(session):
        values = repository.semester_values(
            session,
            semester_id,
            previous.get(semester_id),
            student_ids=student_ids,
            municipality_id=municipality_id,
        )
        wanted: dict[tuple[uuid.UUID, Indicator], dict[str, Any]] = {}
        where: dict[uuid.UUID, tuple[uuid.UUID, uuid.UUID | None]] = {}
        for v in values:
            found, rule_set_id = thresholds.get(v.municipality_id, thresholds[None])
            where[v.student_id] = (v.institution_id, v.municipality_id)
            semester = rules.SemesterValues(
                lessons=int(v.lessons or 0),
                absences=int(v.absences or 0),
                unexcused=int(v.unexcused or 0),
                unexcused_last_4w=v.unexcused_last_4w,
                unexcused_prev_4w=v.unexcused_prev_4w,
                incidents=int(v.incidents or 0),
                repeating=bool(v.repeating_year or v.extended_year),
                failing_subjects=v.failing_subjects,
                failing_core=bool(v.failing_core),
                average=Decimal(v.grade_average) if v.grade_average is not None else None,
                previous_average=Decimal(v.previous_average)
                if v.previous_average is not None
                else None,
            )
            for e in rules.evaluate(semester, found):
                wanted[(v.student_id, e.indicator)] = {
                    "level": e.level,
                    "value": e.value,
                    "threshold": e.threshold,
                    "as_of": v.as_of,
                    "batch_id": v.batch_id,
                    "rule_set_id": rule_set_id,
                    "institution_id": v.institution_id,
                    "municipality_id": v.municipality_id,
                }
        total.students += len(values)
        existing = {
            (f.student_id, f.indicator): f
            for f in repository.flags_of_semester(
                session, semester_id, student_ids=student_ids, municipality_id=municipality_id
            )
        }
        inserts, updates, deletes = [], [], []
        rose: set[uuid.UUID] = set()
        for key, new in wanted.items():
            old = existing.get(key)
            if old is None:
                inserts.append(
                    {
                        "id": uuid.uuid4(),
                        "student_id": key[0],
                        "semester_id": semester_id,
                        "indicator": key[1],
                        "raised_at": now,
                        "created_at": now,
                        "updated_at": now,
                        **new,
                    }
                )
                rose.add(key[0])
                continue
            same = all(getattr(old, k) == v for k, v in new.items())
            if same:
                continue
            # Every change carries the same columns (written together in bulk).
            change = {"id": old.id, "updated_at": now, "raised_at": old.raised_at, **new}
            if _LEVEL_RANK[new["level"]] > _LEVEL_RANK[FlagLevel(old.level)]:
                change["raised_at"] = now
                rose.add(key[0])
            updates.append(change)
        for key, old in existing.items():
            if key not in wanted:
                deletes.append(old.id)
        repository.insert_flags(session, inserts)
        repository.update_flags(session, updates)
        repository.delete_flags(session, deletes)
        total.raised += len(inserts)
        total.changed += len(updates)
        total.cleared += len(deletes)
        still = {s for s, _ in wanted}
        had = {s for s, _ in existing}
        by_student: dict[uuid.UUID, list[dict[str, str]]] = defaultdict(list)
        for (student_id, indicator), new in sorted(wanted.items(), key=lambda kv: kv[0][1].value):
            if student_id in rose:
                by_student[student_id].append(
                    {"indicator": indicator.value, "level": new["level"].value}
                )
        for student_id, flags in by_student.items():
            institution_id, muni = where[student_id]
            events.append(_event(FLAGGED, student_id, semester_id, institution_id, muni, flags))
        first_of: dict[uuid.UUID, Any] = {}
        for (student_id, _indicator), old in existing.items():
            first_of.setdefault(student_id, old)
        for student_id in had - still:
            old_flag = first_of[student_id]
            events.append(
                _event(
                    FLAG_CLEARED,
                    student_id,
                    semester_id,
                    old_flag.institution_id,
                    old_flag.municipality_id,
                    [],
                )
            )
    _emit_all(session, events)
    if total.raised + total.changed + total.cleared > 10_000:
        repository.refresh_statistics(session)
    return total


def _event(
    type: str,
    student_id: uuid.UUID,
    semester_id: uuid.UUID,
    institution_id: uuid.UUID,
    municipality_id: uuid.UUID | None,
    flags: list[dict[str, str]],
) -> dict[str, Any]:
    # No names and no indicator values: which indicators, at which level (the feed's contract).
    payload: dict[str, Any] = {
        "student_id": str(student_id),
        "semester_id": str(semester_id),
        "institution_id": str(institution_id),
    }
    if type == FLAGGED:
        payload["flags"] = flags
    return {
        "type": type,
        "resource_type": "student",
        "resource_id": student_id,
        "natural_key": None,
        "payload": payload,
        "institution_id": institution_id,
        "municipality_id": municipality_id,
    }


def _emit_all(session: Session, events: list[dict[str, Any]]) -> None:
    outbox.emit_many(session, events)


# --- recording indicator data --------------------------------------------------------------------


@dataclass
class IndicatorRow:
    """A checked row, ready to write."""

    student_id: uuid.UUID
    institution_id: uuid.UUID
    semester_id: uuid.UUID
    as_of: date
    lessons: int
    absences_excused: int
    absences_unexcused: int
    unexcused_last_4w: int | None
    unexcused_prev_4w: int | None
    behaviour_incidents: int
    repeating_year: bool
    extended_year: bool
    grades: dict[str, str] = field(default_factory=dict)

    def fingerprint(self) -> str:
        return json.dumps(
            [
                str(self.student_id),
                str(self.institution_id),
                self.as_of.isoformat(),
                self.lessons,
                self.absences_excused,
                self.absences_unexcused,
                self.unexcused_last_4w,
                self.unexcused_prev_4w,
                self.behaviour_incidents,
                self.repeating_year,
                self.extended_year,
                sorted(self.grades.items()),
            ],
            separators=(",", ":"),
        )


def content_hash(rows: Sequence[IndicatorRow]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(row.fingerprint().encode())
        digest.update(b"\n")
    return digest.hexdigest()


def semester_finder(session: Session) -> Any:
    ordered = repository.semesters(session)

    def find(day: date) -> Semester | None:
        for s in ordered:
            if s.starts_on <= day <= s.ends_on:
                return s
        return None

    return find


def store_batch(
    session: Session,
    principal: Principal | None,
    *,
    kind: SourceKind,
    source_key: str,
    external_id: str,
    label: str | None,
    rows: Sequence[IndicatorRow],
    institution_id: uuid.UUID | None = None,
    municipality_id: uuid.UUID | None = None,
    client_id: uuid.UUID | None = None,
    progress: Any = None,
    fingerprint: str | None = None,
) -> BatchRead:
    """Write a checked batch in the caller's transaction and recompute the flags it touches.
    The same batch (source and id) again with the same rows changes nothing; with other rows it
    is a conflict. ``fingerprint`` is the rows' ``content_hash`` when the caller has it."""
    fingerprint = fingerprint or content_hash(rows)
    stored = repository.find_batch(session, source_key, external_id)
    if stored is not None:
        if stored.content_hash != fingerprint:
            raise Conflict(msg("indicators.batch-differs", external_id=external_id))
        return BatchRead(
            batch_id=stored.id,
            external_id=stored.external_id,
            kind=stored.kind,
            rows=stored.rows,
            replayed=True,
            recompute=None,
        )
    batch = IndicatorBatch(
        kind=kind,
        source_key=source_key,
        external_id=external_id,
        label=label,
        institution_id=institution_id,
        municipality_id=municipality_id,
        created_by_id=principal.user_id if principal else None,
        client_id=client_id,
        rows=len(rows),
        content_hash=fingerprint,
    )
    session.add(batch)
    session.flush()
    now = utcnow()
    values = []
    for row in rows:
        summary = rules.summarise_grades(row.grades)
        values.append(
            {
                "id": uuid.uuid4(),
                "student_id": row.student_id,
                "semester_id": row.semester_id,
                "institution_id": row.institution_id,
                "as_of": row.as_of,
                "batch_id": batch.id,
                "lessons": row.lessons,
                "absences_excused": row.absences_excused,
                "absences_unexcused": row.absences_unexcused,
                "unexcused_last_4w": row.unexcused_last_4w,
                "unexcused_prev_4w": row.unexcused_prev_4w,
                "behaviour_incidents": row.behaviour_incidents,
                "repeating_year": row.repeating_year,
                "extended_year": row.extended_year,
                "grades": row.grades,
                "failing_subjects": summary.failing_subjects,
                "failing_core": summary.failing_core,
                "grade_average": summary.average,
                "created_at": now,
                "updated_at": now,
            }
        )
    repository.upsert_indicators(session, values, progress)
    audit_service.record_many(
        session,
        principal,
        AuditAction.create,
        ResourceType.student_indicator,
        ((batch.id, r.student_id, r.institution_id) for r in rows),
        detail=f"{kind} batch {external_id}",
    )
    by_semester: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for r in rows:
        by_semester[r.semester_id].add(r.student_id)
    result = Recomputed()
    for semester_id, students in by_semester.items():
        # A whole semester at once is one pass over it; a few students, only theirs.
        ids = None if len(students) > 20_000 else sorted(students)
        done = recompute(session, semester_ids=[semester_id], student_ids=ids)
        result.students += done.students
        result.raised += done.raised
        result.changed += done.changed
        result.cleared += done.cleared
    return BatchRead(
        batch_id=batch.id,
        external_id=external_id,
        kind=kind,
        rows=len(rows),
        replayed=False,
        recompute=result.read(),
    )


# --- one student ---------------------------------------------------------------------------------


def _student(session: Session, principal: Principal, student_id: uuid.UUID) -> Student:
    require_permission(principal, READ, "see indicators")
    student = repository.readable_student(session, principal, student_id)
    if student is None:
        raise NotFound(msg("student.not-found"))
    return student


def _dismissal_read(d: FlagDismissal) -> DismissalRead:
    return DismissalRead.model_validate(d)


def student_indicators(
    session: Session, principal: Principal, student_id: uuid.UUID
) -> StudentIndicatorsRead:
    student = _student(session, principal, student_id)
    dismissals = {
        (d.semester_id, d.indicator): d
        for d in repository.dismissals_of_student(session, student.id)
    }
    flags = []
    for row in repository.flags_of_student(session, student.id):
        f, kind, label = row.StudentFlag, row.kind, row.label
        dismissal = dismissals.get((f.semester_id, f.indicator))
        flags.append(
            FlagRead(
                id=f.id,
                student_id=f.student_id,
                semester_id=f.semester_id,
                indicator=f.indicator,
                level=f.level,
                value=f.value,
                threshold=f.threshold,
                core_subject_failing=rules.explain_core(f.indicator, f.level, f.value, f.threshold),
                as_of=f.as_of,
                source=kind,
                source_label=label,
                raised_at=f.raised_at,
                dismissal=_dismissal_read(dismissal) if dismissal else None,
            )
        )
    timeline: dict[uuid.UUID, dict[str, Any]] = {}
    for row in repository.indicator_rows_of(session, student.id):
        point = timeline.setdefault(
            row.semester_id,
            {
                "semester_id": row.semester_id,
                "starts_on": row.starts_on,
                "as_of": row.as_of,
                "lessons": 0,
                "absences": 0,
                "unexcused": 0,
                "failing_subjects": 0,
                "schools": [],
            },
        )
        point["lessons"] += row.lessons
        point["absences"] += row.absences_excused + row.absences_unexcused
        point["unexcused"] += row.absences_unexcused
        if row.as_of >= point["as_of"]:
            point["as_of"] = row.as_of
            point["failing_subjects"] = row.failing_subjects
        point["schools"].append(row.school)
    points = [
        TimelinePoint(
            semester_id=p["semester_id"],
            starts_on=p["starts_on"],
            as_of=p["as_of"],
            attendance_rate=(
                (Decimal(100) * (p["lessons"] - p["absences"]) / p["lessons"]).quantize(
                    Decimal("0.1")
                )
                if p["lessons"]
                else None
            ),
            unexcused=p["unexcused"],
            failing_subjects=p["failing_subjects"],
            schools=p["schools"],
        )
        for p in timeline.values()
    ]
    links = [
        PlanLinkRead.model_validate(link)
        for link in repository.plan_links_of_student(session, student.id)
    ]
    audit_service.record(
        session,
        principal,
        AuditAction.read,
        ResourceType.student_indicators,
        student.id,
        student_id=student.id,
        institution_id=student.institution_id,
    )
    return StudentIndicatorsRead(
        student_id=student.id, flags=flags, timeline=points, plan_links=links
    )


def _flag(session: Session, principal: Principal, flag_id: uuid.UUID) -> StudentFlag:
    flag = repository.get_flag(session, principal, flag_id)
    if flag is None:
        raise NotFound(msg("flag.not-found"))
    return flag


def dismiss(
    session: Session, principal: Principal, flag_id: uuid.UUID, reason: str
) -> DismissalRead:
    require_permission(principal, DISMISS, "dismiss flags")
    flag = _flag(session, principal, flag_id)
    if repository.find_dismissal(session, flag.student_id, flag.semester_id, flag.indicator):
        raise Conflict(msg("flag.already-dismissed"))
    dismissal = FlagDismissal(
        student_id=flag.student_id,
        semester_id=flag.semester_id,
        indicator=flag.indicator,
        reason=reason,
        dismissed_by_id=principal.user_id,
    )
    session.add(dismissal)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.create,
        ResourceType.flag_dismissal,
        dismissal.id,
        student_id=flag.student_id,
        institution_id=flag.institution_id,
        detail=flag.indicator.value,
    )
    return _dismissal_read(dismissal)


def mark_reported(
    session: Session, principal: Principal, student_id: uuid.UUID, body: ReportIn
) -> ReportRead:
    require_permission(principal, REPORT, "mark absences reported")
    student = _student(session, principal, student_id)
    if body.reported_on > local_today():
        raise InvalidInput.field(["body", "reported_on"], msg("date.in-future"))
    flagged = repository.count_flags(
        session, student.id, body.semester_id, Indicator.a2, FlagLevel.alert
    )
    if not flagged:
        raise InvalidInput.field(["body", "semester_id"], msg("indicators.under-report-threshold"))
    report = repository.find_report(session, student.id, body.semester_id)
    if report is None:
        report = AbsenceReport(
            student_id=student.id,
            semester_id=body.semester_id,
            reported_on=body.reported_on,
            reported_by_id=principal.user_id,
        )
        session.add(report)
    else:
        report.reported_on, report.reported_by_id = body.reported_on, principal.user_id
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.update,
        ResourceType.absence_report,
        report.id,
        student_id=student.id,
        institution_id=student.institution_id,
    )
    return ReportRead(
        student_id=student.id, semester_id=body.semester_id, reported_on=body.reported_on
    )


# --- worklists -----------------------------------------------------------------------------------


def _semester(session: Session, semester_id: uuid.UUID | None) -> uuid.UUID:
    if semester_id is not None:
        if not repository.semester_exists(session, semester_id):
            raise InvalidInput.field(["query", "semester_id"], msg("semester.unknown"))
        return semester_id
    today = local_today()

    def look_up() -> uuid.UUID | None:
        found = repository.semester_on(session, today)
        return found.id if found is not None else None

    # Asked by every worklist page: kept like the counts (semesters change a few times a year).
    current = memo.remembered(session, ("semester on", today), look_up)
    if current is None:
        raise InvalidInput.field(["query", "semester_id"], msg("semester.none-today"))
    return current


def _briefs(
    session: Session, semester_id: uuid.UUID, ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    out: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    for f in repository.open_flags_for(session, semester_id, ids):
        out[f.student_id].append(
            {
                "id": f.id,
                "indicator": f.indicator,
                "level": f.level,
                "value": f.value,
                "threshold": f.threshold,
                "as_of": f.as_of,
            }
        )
    return out


# The labels of ``repository.STUDENT_KEYS`` in a worklist's rows.
_STUDENT_KEY_NAMES = ("family_name", "given_name", "id")

# A page (50 students, ~100 flags) is validated in one call rather than model by model.
_WORKLIST_ITEMS = TypeAdapter(list[WorklistItem])


def _page(
    session: Session,
    principal: Principal,
    stmt: Any,
    page: PageParams,
    semester_id: uuid.UUID | None,
) -> tuple[list[WorklistItem], str | None]:
    rows, cursor = paginate_rows(
        session,
        stmt,
        repository.STUDENT_KEYS,
        _STUDENT_KEY_NAMES,
        page,
        audit=lambda shown: audit_service.insert_for_rows(
            principal,
            AuditAction.read,
            ResourceType.student_flags,
            shown.c.id,
            shown.c.id,
            shown.c.institution_id,
        ),
    )
    ids = [r.id for r in rows]
    briefs = _briefs(session, semester_id, ids) if semester_id else {}
    # The plan's columns are in the rows of the lists about plans only.
    fields = set(rows[0]._fields) if rows else set()
    with_plan, with_end = "plan_id" in fields, "ends_on" in fields
    items = _WORKLIST_ITEMS.validate_python(
        [
            {
                "student_id": r.id,
                "family_name": r.family_name,
                "given_name": r.given_name,
                "institution_id": r.institution_id,
                "flags": briefs.get(r.id, []),
                "plan_id": r.plan_id if with_plan else None,
                "plan_code": r.plan_code if with_plan else None,
                "semester_ends_on": r.ends_on if with_end else None,
            }
            for r in rows
        ]
    )
    return items, cursor


def worklist(
    session: Session,
    principal: Principal,
    name: str,
    semester_id: uuid.UUID | None,
    page: PageParams,
) -> bytes:
    """A page of the worklist ``name`` as the JSON of ``Page[WorklistItem]``, the students shown
    audited. On PostgreSQL the database writes the items (one statement built once, run with
    parameters); elsewhere they are built as models."""
    require_permission(principal, READ, "see worklists")
    due_by = local_today() + timedelta(days=14)
    if name != "evaluation-due":
        semester_id = _semester(session, semester_id)
    if session.get_bind().dialect.name != "postgresql":
        stmt = repository.worklist_statement(name, principal, semester_id, due_by)
        items, cursor = _page(session, principal, stmt, page, semester_id)
        return Page[WorklistItem](items=items, next_cursor=cursor).model_dump_json().encode()
    after = decode_cursor(page.cursor, repository.STUDENT_KEYS) if page.cursor else None
    params: dict[str, Any] = {
        "scope_id": principal.scope_id,
        "semester_id": semester_id,
        "due_by": due_by,
        "limit": page.limit,
        "limit_plus_one": page.limit + 1,
        **audit_service.bound_values(principal, AuditAction.read, ResourceType.student_flags),
    }
    if after is not None:
        params |= {"after_family": after[0], "after_given": after[1], "after_id": after[2]}
    rows = repository.worklist_page_json(
        session, name, principal.scope_type, after is not None, params
    )
    rows, cursor = cut_page(rows, page.limit, _STUDENT_KEY_NAMES)
    return page_body([r.item for r in rows], cursor)


def unexcused_list(
    session: Session, principal: Principal, semester_id: uuid.UUID | None, page: PageParams
) -> tuple[list[UnexcusedItem], str | None]:
    require_permission(principal, REPORT, "see the list of unexcused absences to report")
    semester = _semester(session, semester_id)
    rows, cursor = paginate_rows(
        session,
        repository.over_unexcused_limit(principal, semester),
        repository.STUDENT_KEYS,
        _STUDENT_KEY_NAMES,
        page,
    )
    audit_service.record_reads(
        session,
        principal,
        ResourceType.student_flags,
        ((r.id, r.id, r.institution_id) for r in rows),
    )
    return [
        UnexcusedItem(
            student_id=r.id,
            semester_id=semester,
            family_name=r.family_name,
            given_name=r.given_name,
            institution_id=r.institution_id,
            unexcused=r.value,
            as_of=r.as_of,
            reported_on=r.reported_on,
        )
        for r in rows
    ], cursor


def counts(session: Session, principal: Principal, semester_id: uuid.UUID | None) -> CountsRead:
    require_permission(principal, COUNT, "see counts per institution")
    semester = _semester(session, semester_id)
    question = ("flag counts", semester, principal.role, principal.scope_type, principal.scope_id)
    return memo.remembered(session, question, lambda: _counts(session, principal, semester))


def _counts(session: Session, principal: Principal, semester: uuid.UUID) -> CountsRead:
    repository.tune_for_a_large_count(session)
    rows = repository.run(session, repository.counts_per_institution(principal, semester))
    return CountsRead(
        semester_id=semester,
        institutions=[
            InstitutionCounts(
                institution_id=r.institution_id,
                institution_name=r.name,
                flagged=r.flagged,
                with_plan=int(r.with_plan or 0),
                flagged_without_plan=r.flagged - int(r.with_plan or 0),
            )
            for r in rows
        ],
    )


# --- into the plan -------------------------------------------------------------------------------


def _factor_ids(session: Session) -> dict[str, uuid.UUID]:
    codes = set(FACTOR_OF.values())
    return repository.risk_factor_ids(session, codes)


def suggestions(
    session: Session, principal: Principal, student_id: uuid.UUID, semester_id: uuid.UUID | None
) -> PlanSuggestions:
    """The risk factors the student's open flags point to, each with its evidence."""
    student = _student(session, principal, student_id)
    semester = _semester(session, semester_id)
    factor_ids = _factor_ids(session)
    grouped: dict[str, list[Evidence]] = defaultdict(list)
    for f in repository.open_flags_for(session, semester, [student.id]):
        grouped[FACTOR_OF[f.indicator]].append(
            Evidence(
                flag_id=f.id,
                indicator=f.indicator,
                level=f.level,
                value=f.value,
                threshold=f.threshold,
                as_of=f.as_of,
            )
        )
    audit_service.record(
        session,
        principal,
        AuditAction.read,
        ResourceType.student_indicators,
        student.id,
        student_id=student.id,
        institution_id=student.institution_id,
    )
    return PlanSuggestions(
        student_id=student.id,
        semester_id=semester,
        factors=[
            SuggestedFactor(
                risk_factor_id=factor_ids[code],
                code=code,
                suggested_level=RiskLevel.high
                if any(e.level is FlagLevel.alert for e in evidence)
                else RiskLevel.medium,
                evidence=evidence,
            )
            for code, evidence in sorted(grouped.items())
            if code in factor_ids
        ],
    )


def plan_from_flags(
    session: Session, principal: Principal, student_id: uuid.UUID, body: PlanFromFlagsIn
) -> PlanFromFlagsRead:
    """Create a draft plan with the factors the teacher confirmed, and keep the flags' evidence
    with it (the plan keeps the link to what suggested it)."""
    require_permission(principal, PLAN, "start a plan")
    found = suggestions(session, principal, student_id, body.semester_id)
    if not found.factors:
        raise InvalidInput.field(["path", "student_id"], msg("flag.none-open"))
    plan = plans_service.create_plan(
        session,
        principal,
        PlanCreate(student_id=student_id, semester_id=body.semester_id, goals=body.goals),
    )
    if body.factors:
        plan = plans_service.set_risk_assessment(
            session,
            principal,
            plan.id,
            RiskAssessmentIn(
                rated_factors=[
                    RatedFactorIn(risk_factor_id=f.risk_factor_id, level=f.level, note=f.note)
                    for f in body.factors
                ]
            ),
            str(plan.version),
        )
    evidence = [
        {
            "risk_factor_code": s.code,
            "suggested_level": s.suggested_level.value,
            "confirmed": any(f.risk_factor_id == s.risk_factor_id for f in body.factors),
            **e.model_dump(mode="json"),
        }
        for s in found.factors
        for e in s.evidence
    ]
    session.add(
        PlanFlagLink(
            plan_id=plan.id,
            student_id=student_id,
            semester_id=body.semester_id,
            evidence=evidence,
            created_by_id=principal.user_id,
        )
    )
    session.flush()
    return PlanFromFlagsRead(plan_id=plan.id, plan_code=plan.code, evidence=evidence)


def require_import(session: Session, principal: Principal, institution_id: uuid.UUID) -> None:
    """School staff who import data, into their own school only (another school is not found)."""
    require_permission(principal, IMPORT, "import indicators")
    if principal.scope_id != institution_id:
        raise NotFound(msg("institution.not-found"))
