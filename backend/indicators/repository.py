"""All SQL of early identification: indicator rows, rule sets, flags and the worklists."""

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    Text,
    Uuid,
    and_,
    bindparam,
    case,
    cast,
    delete,
    exists,
    false,
    func,
    insert,
    literal,
    literal_column,
    null,
    select,
    text,
    true,
    tuple_,
    update,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.core import bulk
from backend.identity.principal import Principal
from backend.identity.roles import Role, ScopeType
from backend.indicators.models import (
    AbsenceReport,
    FlagDismissal,
    FlagLevel,
    Indicator,
    IndicatorBatch,
    PlanFlagLink,
    RuleSet,
    StudentFlag,
    StudentIndicator,
)
from backend.plans.models import PlanStatus, SupportPlan
from backend.risks.models import RiskFactor
from backend.schools.models import Institution, Semester
from backend.students.models import Student

CHUNK = 5000


# --- scope ---------------------------------------------------------------------------------------


def student_scope(principal: Principal) -> ColumnElement[bool]:
    """Students whose indicators and flags the caller may see: the student's current school,
    and that school's municipality (its coordinator). Nobody else sees indicator values."""
    match principal.scope_type:
        case ScopeType.institution:
            return Student.institution_id == principal.scope_id
        case ScopeType.municipality:
            return Student.institution_id.in_(
                select(Institution.id).where(Institution.municipality_id == principal.scope_id)
            )
        case ScopeType.national:
            return true()
        case _:
            return false()


def flag_scope(principal: Principal) -> ColumnElement[bool]:
    match principal.scope_type:
        case ScopeType.institution:
            return StudentFlag.institution_id == principal.scope_id
        case ScopeType.municipality:
            return StudentFlag.municipality_id == principal.scope_id
        case ScopeType.national:
            return true()
        case _:
            return false()


def readable_student(
    session: Session, principal: Principal, student_id: uuid.UUID
) -> Student | None:
    return session.scalar(select(Student).where(Student.id == student_id, student_scope(principal)))


# --- semesters -----------------------------------------------------------------------------------


def semester_on(session: Session, day: date) -> Semester | None:
    return session.scalar(
        select(Semester).where(Semester.starts_on <= day, Semester.ends_on >= day).limit(1)
    )


def semesters(session: Session) -> list[Semester]:
    return list(session.scalars(select(Semester).order_by(Semester.starts_on)))


def semesters_with_data(session: Session) -> list[uuid.UUID]:
    return list(session.scalars(select(StudentIndicator.semester_id).distinct()))


# --- batches and indicator rows ------------------------------------------------------------------


def find_batch(session: Session, source_key: str, external_id: str) -> IndicatorBatch | None:
    return session.scalar(
        select(IndicatorBatch).where(
            IndicatorBatch.source_key == source_key, IndicatorBatch.external_id == external_id
        )
    )


# Beyond this many students looked up at once, every student is read and the wanted ones kept:
# one pass instead of dozens of statements of 5,000 bound values each.
READ_ALL_BEYOND = 20_000


def students_by_code_hash(
    session: Session, hashes: Iterable[str]
) -> dict[str, tuple[uuid.UUID, uuid.UUID | None]]:
    wanted = list(set(hashes))
    found: dict[str, tuple[uuid.UUID, uuid.UUID | None]] = {}
    if len(wanted) > READ_ALL_BEYOND:
        keep = set(wanted)
        rows = session.execute(
            select(Student.personal_code_hash, Student.id, Student.institution_id)
        )
        return {
            r.personal_code_hash: (r.id, r.institution_id)
            for r in rows
            if r.personal_code_hash in keep
        }
    for i in range(0, len(wanted), CHUNK):
        rows = session.execute(
            select(Student.personal_code_hash, Student.id, Student.institution_id).where(
                Student.personal_code_hash.in_(wanted[i : i + CHUNK])
            )
        )
        found.update({r.personal_code_hash: (r.id, r.institution_id) for r in rows})
    return found


def students_by_id(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID | None]:
    wanted = list(set(ids))
    found: dict[uuid.UUID, uuid.UUID | None] = {}
    if len(wanted) > READ_ALL_BEYOND:
        keep = set(wanted)
        rows = session.execute(select(Student.id, Student.institution_id))
        return {r.id: r.institution_id for r in rows if r.id in keep}
    for i in range(0, len(wanted), CHUNK):
        rows = session.execute(
            select(Student.id, Student.institution_id).where(Student.id.in_(wanted[i : i + CHUNK]))
        )
        found.update({r.id: r.institution_id for r in rows})
    return found


def institution_municipalities(session: Session) -> dict[uuid.UUID, uuid.UUID | None]:
    return {
        r.id: r.municipality_id
        for r in session.execute(select(Institution.id, Institution.municipality_id))
    }


_VALUE_COLUMNS = (
    "batch_id",
    "lessons",
    "absences_excused",
    "absences_unexcused",
    "unexcused_last_4w",
    "unexcused_prev_4w",
    "behaviour_incidents",
    "repeating_year",
    "extended_year",
    "grades",
    "failing_subjects",
    "failing_core",
    "grade_average",
)


def upsert_indicators(
    session: Session,
    rows: Sequence[dict[str, Any]],
    progress: Callable[[int], None] | None = None,
) -> None:
    """Write indicator rows; a row for the same student, semester, school and date replaces the
    values stored for it. On PostgreSQL the rows stream in by ``COPY``."""
    key = ["student_id", "semester_id", "institution_id", "as_of"]
    replace = [*_VALUE_COLUMNS, "updated_at"]
    if rows and bulk.supported(session):
        table = StudentIndicator.__table__
        bulk.upsert_rows(
            session,
            table,  # type: ignore[arg-type]
            list(rows[0]),
            rows,
            conflict=key,
            replace=replace,
            progress=progress,
        )
        return
    for i in range(0, len(rows), CHUNK):
        stmt = sqlite.insert(StudentIndicator)
        stmt = stmt.on_conflict_do_update(
            index_elements=key, set_={name: stmt.excluded[name] for name in replace}
        )
        session.execute(stmt, list(rows[i : i + CHUNK]))
        if progress is not None:
            progress(min(i + CHUNK, len(rows)))


def indicator_rows_of(session: Session, student_id: uuid.UUID) -> list[Row[Any]]:
    """A student's latest row per semester and school, with the semester's dates."""
    ranked = (
        select(
            StudentIndicator,
            func.row_number()
            .over(
                partition_by=(StudentIndicator.semester_id, StudentIndicator.institution_id),
                order_by=StudentIndicator.as_of.desc(),
            )
            .label("rank"),
        )
        .where(StudentIndicator.student_id == student_id)
        .subquery()
    )
    return list(
        session.execute(
            select(ranked, Semester.starts_on, Semester.ends_on, Institution.name.label("school"))
            .join(Semester, Semester.id == ranked.c.semester_id)
            .join(Institution, Institution.id == ranked.c.institution_id)
            .where(ranked.c.rank == 1)
            .order_by(Semester.starts_on, ranked.c.as_of)
        )
    )


# --- rule sets -----------------------------------------------------------------------------------


def current_rule_sets(session: Session) -> list[RuleSet]:
    return list(session.scalars(select(RuleSet).where(RuleSet.current.is_(True))))


def current_rule_set(session: Session, municipality_id: uuid.UUID | None) -> RuleSet | None:
    return session.scalar(
        select(RuleSet).where(
            RuleSet.current.is_(True),
            RuleSet.municipality_id.is_(None)
            if municipality_id is None
            else RuleSet.municipality_id == municipality_id,
        )
    )


def rule_set_history(session: Session, municipality_id: uuid.UUID | None) -> list[RuleSet]:
    return list(
        session.scalars(
            select(RuleSet)
            .where(
                RuleSet.municipality_id.is_(None)
                if municipality_id is None
                else RuleSet.municipality_id == municipality_id
            )
            .order_by(RuleSet.version.desc())
        )
    )


def retire_rule_set(session: Session, rule_set_id: uuid.UUID) -> None:
    session.execute(update(RuleSet).where(RuleSet.id == rule_set_id).values(current=False))


# --- flag computation ----------------------------------------------------------------------------


def semester_values(
    session: Session,
    semester_id: uuid.UUID,
    previous_semester_id: uuid.UUID | None,
    *,
    student_ids: Sequence[uuid.UUID] | None = None,
    municipality_id: uuid.UUID | None = None,
) -> list[Row[Any]]:
    """Per student with indicator rows in the semester: the sums over the latest row of each
    school, the latest row's grades and facts, the previous semester's average, and the
    student's current school and its municipality."""
    si = StudentIndicator
    ranked = select(
        si.student_id,
        si.institution_id,
        si.as_of,
        si.batch_id,
        si.lessons,
        si.absences_excused,
        si.absences_unexcused,
        si.unexcused_last_4w,
        si.unexcused_prev_4w,
        si.behaviour_incidents,
        si.repeating_year,
        si.extended_year,
        si.failing_subjects,
        si.failing_core,
        si.grade_average,
        func.row_number()
        .over(partition_by=(si.student_id, si.institution_id), order_by=si.as_of.desc())
        .label("in_school"),
        func.row_number()
        .over(partition_by=si.student_id, order_by=(si.as_of.desc(), si.created_at.desc()))
        .label("overall"),
    ).where(si.semester_id == semester_id)
    if student_ids is not None:
        ranked = ranked.where(si.student_id.in_(student_ids))
    if municipality_id is not None:
        ranked = ranked.where(
            si.student_id.in_(
                select(Student.id)
                .join(Institution, Institution.id == Student.institution_id)
                .where(Institution.municipality_id == municipality_id)
            )
        )
    r = ranked.subquery("ranked")
    sums = (
        select(
            r.c.student_id,
            func.sum(r.c.lessons).label("lessons"),
            func.sum(r.c.absences_excused + r.c.absences_unexcused).label("absences"),
            func.sum(r.c.absences_unexcused).label("unexcused"),
            func.sum(r.c.behaviour_incidents).label("incidents"),
        )
        .where(r.c.in_school == 1)
        .group_by(r.c.student_id)
        .subquery("sums")
    )
    previous: Any = None
    if previous_semester_id is not None:
        p = (
            select(
                si.student_id,
                si.grade_average,
                func.row_number()
                .over(partition_by=si.student_id, order_by=si.as_of.desc())
                .label("overall"),
            )
            .where(si.semester_id == previous_semester_id)
            .subquery("prev_ranked")
        )
        previous = (
            select(p.c.student_id, p.c.grade_average).where(p.c.overall == 1).subquery("prev")
        )
    columns: list[Any] = [
        r.c.student_id,
        r.c.as_of,
        r.c.batch_id,
        r.c.unexcused_last_4w,
        r.c.unexcused_prev_4w,
        r.c.repeating_year,
        r.c.extended_year,
        r.c.failing_subjects,
        r.c.failing_core,
        r.c.grade_average,
        sums.c.lessons,
        sums.c.absences,
        sums.c.unexcused,
        sums.c.incidents,
        Student.institution_id,
        Institution.municipality_id,
        (previous.c.grade_average if previous is not None else null()).label("previous_average"),
    ]
    stmt = (
        select(*columns)
        .join(sums, sums.c.student_id == r.c.student_id)
        .join(Student, Student.id == r.c.student_id)
        .join(Institution, Institution.id == Student.institution_id)
        .where(r.c.overall == 1)
    )
    if previous is not None:
        stmt = stmt.outerjoin(previous, previous.c.student_id == r.c.student_id)
    return list(session.execute(stmt))


def flags_of_semester(
    session: Session,
    semester_id: uuid.UUID,
    *,
    student_ids: Sequence[uuid.UUID] | None = None,
    municipality_id: uuid.UUID | None = None,
) -> list[Row[Any]]:
    f = StudentFlag
    stmt = select(
        f.id,
        f.student_id,
        f.indicator,
        f.level,
        f.value,
        f.threshold,
        f.as_of,
        f.batch_id,
        f.rule_set_id,
        f.institution_id,
        f.municipality_id,
        f.raised_at,
    ).where(f.semester_id == semester_id)
    if student_ids is not None:
        stmt = stmt.where(f.student_id.in_(student_ids))
    if municipality_id is not None:
        stmt = stmt.where(f.municipality_id == municipality_id)
    return list(session.execute(stmt))


def insert_flags(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    if rows and bulk.supported(session):
        bulk.copy_rows(session, StudentFlag.__table__, list(rows[0]), rows)  # type: ignore[arg-type]
        return
    for i in range(0, len(rows), CHUNK):
        session.execute(insert(StudentFlag), list(rows[i : i + CHUNK]))


def update_flags(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Rows of the same columns, each with the ``id`` of the flag it changes."""
    if rows and bulk.supported(session):
        columns = [c for c in rows[0] if c != "id"]
        bulk.update_rows(session, StudentFlag.__table__, "id", columns, rows)  # type: ignore[arg-type]
        return
    for i in range(0, len(rows), CHUNK):
        session.execute(update(StudentFlag), list(rows[i : i + CHUNK]))


def delete_flags(session: Session, ids: Sequence[uuid.UUID]) -> None:
    if ids and bulk.supported(session):
        bulk.delete_rows(session, StudentFlag.__table__, "id", ids)  # type: ignore[arg-type]
        return
    for i in range(0, len(ids), CHUNK):
        session.execute(delete(StudentFlag).where(StudentFlag.id.in_(ids[i : i + CHUNK])))


# --- reads of one student ------------------------------------------------------------------------


def flags_of_student(session: Session, student_id: uuid.UUID) -> list[Row[Any]]:
    return list(
        session.execute(
            select(StudentFlag, IndicatorBatch.kind, IndicatorBatch.label, Semester.starts_on)
            .join(IndicatorBatch, IndicatorBatch.id == StudentFlag.batch_id)
            .join(Semester, Semester.id == StudentFlag.semester_id)
            .where(StudentFlag.student_id == student_id)
            .order_by(Semester.starts_on.desc(), StudentFlag.indicator)
        )
    )


def dismissals_of_student(session: Session, student_id: uuid.UUID) -> list[FlagDismissal]:
    return list(
        session.scalars(select(FlagDismissal).where(FlagDismissal.student_id == student_id))
    )


def get_flag(session: Session, principal: Principal, flag_id: uuid.UUID) -> StudentFlag | None:
    return session.scalar(
        select(StudentFlag)
        .join(Student, Student.id == StudentFlag.student_id)
        .where(StudentFlag.id == flag_id, student_scope(principal))
    )


def find_dismissal(
    session: Session, student_id: uuid.UUID, semester_id: uuid.UUID, indicator: Indicator
) -> FlagDismissal | None:
    return session.scalar(
        select(FlagDismissal).where(
            FlagDismissal.student_id == student_id,
            FlagDismissal.semester_id == semester_id,
            FlagDismissal.indicator == indicator,
        )
    )


def find_report(
    session: Session, student_id: uuid.UUID, semester_id: uuid.UUID
) -> AbsenceReport | None:
    return session.scalar(
        select(AbsenceReport).where(
            AbsenceReport.student_id == student_id, AbsenceReport.semester_id == semester_id
        )
    )


def plan_links_of_student(session: Session, student_id: uuid.UUID) -> list[PlanFlagLink]:
    return list(session.scalars(select(PlanFlagLink).where(PlanFlagLink.student_id == student_id)))


# --- worklists -----------------------------------------------------------------------------------


def _not_dismissed() -> ColumnElement[bool]:
    return ~exists().where(
        FlagDismissal.student_id == StudentFlag.student_id,
        FlagDismissal.semester_id == StudentFlag.semester_id,
        FlagDismissal.indicator == StudentFlag.indicator,
    )


def _open_flag(semester_id: uuid.UUID) -> ColumnElement[bool]:
    return exists().where(
        StudentFlag.student_id == Student.id,
        StudentFlag.semester_id == semester_id,
        _not_dismissed(),
    )


def _plan_in(semester_id: uuid.UUID) -> Any:
    return exists().where(
        SupportPlan.student_id == Student.id,
        SupportPlan.semester_id == semester_id,
        SupportPlan.status != PlanStatus.discontinued,
    )


STUDENT_KEYS = (Student.family_name, Student.given_name, Student.id)


def flag_level_on(student_id: Any, day: date) -> ColumnElement[Any]:
    """The highest level of the student's open (not dismissed) flags in the semester holding
    ``day``: "alert", "watch", or NULL; correlated with ``student_id``."""
    semester = (
        select(Semester.id)
        .where(Semester.starts_on <= day, Semester.ends_on >= day)
        .limit(1)
        .scalar_subquery()
    )

    def flagged(*more: ColumnElement[bool]) -> ColumnElement[bool]:
        return exists().where(
            StudentFlag.student_id == student_id,
            StudentFlag.semester_id == semester,
            _not_dismissed(),
            *more,
        )

    return case(
        (flagged(StudentFlag.level == FlagLevel.alert), literal(FlagLevel.alert.value)),
        (flagged(), literal(FlagLevel.watch.value)),
        else_=null(),
    )


def flagged_without_plan(principal: Principal, semester_id: uuid.UUID) -> Select[*tuple[Any, ...]]:
    return select(
        Student.id, Student.family_name, Student.given_name, Student.institution_id
    ).where(student_scope(principal), _open_flag(semester_id), ~_plan_in(semester_id))


def plan_active_worsening(principal: Principal, semester_id: uuid.UUID) -> Select[*tuple[Any, ...]]:
    worsened = exists().where(
        StudentFlag.student_id == Student.id,
        StudentFlag.semester_id == semester_id,
        StudentFlag.raised_at > SupportPlan.created_at,
        _not_dismissed(),
    )
    return (
        select(
            Student.id,
            Student.family_name,
            Student.given_name,
            Student.institution_id,
            SupportPlan.id.label("plan_id"),
            SupportPlan.code.label("plan_code"),
        )
        .join(SupportPlan, SupportPlan.student_id == Student.id)
        .where(
            student_scope(principal),
            SupportPlan.semester_id == semester_id,
            SupportPlan.status == PlanStatus.active,
            worsened,
        )
    )


def evaluation_due(principal: Principal, due_by: date) -> Select[*tuple[Any, ...]]:
    return (
        select(
            Student.id,
            Student.family_name,
            Student.given_name,
            Student.institution_id,
            SupportPlan.id.label("plan_id"),
            SupportPlan.code.label("plan_code"),
            Semester.ends_on,
        )
        .join(SupportPlan, SupportPlan.student_id == Student.id)
        .join(Semester, Semester.id == SupportPlan.semester_id)
        .where(
            student_scope(principal),
            SupportPlan.status == PlanStatus.active,
            Semester.ends_on <= due_by,
        )
    )


def over_unexcused_limit(principal: Principal, semester_id: uuid.UUID) -> Select[*tuple[Any, ...]]:
    return (
        select(
            Student.id,
            Student.family_name,
            Student.given_name,
            Student.institution_id,
            StudentFlag.value,
            StudentFlag.as_of,
            AbsenceReport.reported_on,
        )
        .join(StudentFlag, StudentFlag.student_id == Student.id)
        .outerjoin(
            AbsenceReport,
            and_(
                AbsenceReport.student_id == Student.id,
                AbsenceReport.semester_id == semester_id,
            ),
        )
        .where(
            student_scope(principal),
            StudentFlag.semester_id == semester_id,
            StudentFlag.indicator == Indicator.a2,
            StudentFlag.level == FlagLevel.alert,
        )
    )


WORKLISTS = ("flagged-without-plan", "plan-worsening", "evaluation-due")


def worklist_statement(
    name: str, principal: Principal, semester_id: Any, due_by: Any
) -> Select[Any]:
    """The students of the worklist ``name`` in the caller's scope (not yet ordered or cut)."""
    if name == "evaluation-due":
        return evaluation_due(principal, due_by)
    if name == "flagged-without-plan":
        return flagged_without_plan(principal, semester_id)
    return plan_active_worsening(principal, semester_id)


def _json_object(**fields: Any) -> ColumnElement[Any]:
    """``json_build_object`` with its keys written into the statement (not parameters)."""
    pairs: list[Any] = []
    for key, value in fields.items():
        pairs += [literal_column(f"'{key}'"), value]
    return func.json_build_object(*pairs)


@lru_cache(maxsize=64)
def worklist_json_statement(name: str, scope_type: ScopeType, after: bool) -> Select[Any]:
    """A worklist page as PostgreSQL writes it: each student's item as JSON text, its flags
    joined after the page is cut, and the audit of the students shown, in one statement. Built
    once per list, kind of scope and first-or-later page, and run with parameters: ``scope_id``,
    ``semester_id``, ``due_by``, ``limit`` (and ``limit_plus_one``), the cursor's ``after_family``,
    ``after_given`` and ``after_id``, and the audit's (``audit_service.bound_values``)."""
    stand_in = Principal(
        role=Role.ikvd_admin,
        scope_type=scope_type,
        scope_id=bindparam("scope_id", type_=Uuid),  # type: ignore[arg-type]
    )
    semester = bindparam("semester_id", type_=Uuid)
    stmt = worklist_statement(name, stand_in, semester, bindparam("due_by", type_=Date))
    if after:
        stmt = stmt.where(
            tuple_(*STUDENT_KEYS)
            > tuple_(
                bindparam("after_family", type_=String),
                bindparam("after_given", type_=String),
                bindparam("after_id", type_=Uuid),
            )
        )
    found = stmt.order_by(*STUDENT_KEYS).limit(bindparam("limit_plus_one", type_=Integer))
    found_cte = found.cte("found")
    order = [found_cte.c.family_name, found_cte.c.given_name, found_cte.c.id]
    shown = select(found_cte).order_by(*order).limit(bindparam("limit", type_=Integer))
    shown_rows = shown.subquery("shown")
    audited = audit_service.insert_for_rows(
        None,
        AuditAction.read,
        ResourceType.student_flags,
        shown_rows.c.id,
        shown_rows.c.id,
        shown_rows.c.institution_id,
        bound=True,
    ).cte("audited")
    f = StudentFlag
    brief = _json_object(
        id=f.id, indicator=f.indicator, level=f.level,
        value=cast(f.value, Text), threshold=cast(f.threshold, Text), as_of=f.as_of,
    )  # fmt: skip
    flags = (
        select(func.json_agg(aggregate_order_by(brief, f.indicator)).label("flags"))
        .where(f.student_id == found_cte.c.id, f.semester_id == semester, _not_dismissed())
        .lateral("flags")
    )
    columns = found_cte.c
    item = _json_object(
        student_id=columns.id,
        family_name=columns.family_name,
        given_name=columns.given_name,
        institution_id=columns.institution_id,
        flags=func.coalesce(flags.c.flags, text("'[]'::json")),
        plan_id=columns.plan_id if "plan_id" in columns else null(),
        plan_code=columns.plan_code if "plan_code" in columns else null(),
        semester_ends_on=columns.ends_on if "ends_on" in columns else null(),
    )
    return (
        select(*order, cast(item, Text).label("item"))
        .select_from(found_cte.outerjoin(flags, true()))
        .order_by(*order)
        .add_cte(audited)
    )


def worklist_page_json(
    session: Session, name: str, scope_type: ScopeType, after: bool, params: dict[str, Any]
) -> list[Row[Any]]:
    """Rows (family_name, given_name, id, item) of ``worklist_json_statement``; PostgreSQL."""
    stmt = worklist_json_statement(name, scope_type, after)
    return list(session.connection().execute(stmt, params))


def open_flags_for(
    session: Session, semester_id: uuid.UUID, student_ids: Sequence[uuid.UUID]
) -> list[Row[Any]]:
    """The open flags of these students: the columns a worklist shows (rows, not entities: a
    page of 50 students holds ~100 flags)."""
    if not student_ids:
        return []
    f = StudentFlag
    return list(
        session.execute(
            select(f.id, f.student_id, f.indicator, f.level, f.value, f.threshold, f.as_of)
            .where(
                StudentFlag.semester_id == semester_id,
                StudentFlag.student_id.in_(student_ids),
                _not_dismissed(),
            )
            .order_by(StudentFlag.indicator)
        )
    )


def counts_per_institution(
    principal: Principal, semester_id: uuid.UUID
) -> Select[*tuple[Any, ...]]:
    """Per institution in scope: students with an open flag, and how many of them have a plan."""
    planned = exists().where(
        SupportPlan.student_id == StudentFlag.student_id,
        SupportPlan.semester_id == semester_id,
        SupportPlan.status != PlanStatus.discontinued,
    )
    per_student = (
        select(
            StudentFlag.institution_id,
            StudentFlag.student_id,
            case((planned, 1), else_=0).label("planned"),
        )
        .where(StudentFlag.semester_id == semester_id, flag_scope(principal), _not_dismissed())
        .group_by(StudentFlag.institution_id, StudentFlag.student_id)
        .subquery("per_student")
    )
    # Counted per institution first, then named: sorting 608 named rows, not one per student.
    per_institution = (
        select(
            per_student.c.institution_id,
            func.count().label("flagged"),
            func.sum(per_student.c.planned).label("with_plan"),
        )
        .group_by(per_student.c.institution_id)
        .subquery("per_institution")
    )
    return (
        select(
            per_institution.c.institution_id,
            Institution.name,
            per_institution.c.flagged,
            per_institution.c.with_plan,
        )
        .join(Institution, Institution.id == per_institution.c.institution_id)
        .order_by(Institution.name, per_institution.c.institution_id)
    )


def municipality_of_institution(
    session: Session, institution_id: uuid.UUID | None
) -> uuid.UUID | None:
    if institution_id is None:
        return None
    return session.scalar(
        select(Institution.municipality_id).where(Institution.id == institution_id)
    )


def tune_for_a_large_count(session: Session) -> None:
    """PostgreSQL compiles a query whose estimated cost is high (a national count) before running
    it, which takes longer than the count itself: not for this transaction; and its grouping of
    ~60,000 students gets the memory to stay off the disk."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))
        room_to_sort(session)


def room_to_sort(session: Session) -> None:
    """Memory for a large sort or grouping (a whole semester's values rank and sum ~300,000
    indicator rows: on disk 15 s, in memory 4 s at national size). For the rest of this
    transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL work_mem = '64MB'"))


def refresh_statistics(session: Session) -> None:
    """After a large recompute the planner's picture of the flags is stale (a national count
    would be planned for the old table)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE student_flags"))


def count_flags(
    session: Session,
    student_id: uuid.UUID,
    semester_id: uuid.UUID,
    indicator: Indicator,
    level: FlagLevel,
) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(StudentFlag)
            .where(
                StudentFlag.student_id == student_id,
                StudentFlag.semester_id == semester_id,
                StudentFlag.indicator == indicator,
                StudentFlag.level == level,
            )
        )
        or 0
    )


def semester_exists(session: Session, semester_id: uuid.UUID) -> bool:
    return session.get(Semester, semester_id) is not None


def run(session: Session, stmt: Select[Any]) -> Sequence[Row[Any]]:
    return session.execute(stmt).all()


def risk_factor_ids(session: Session, codes: set[str]) -> dict[str, uuid.UUID]:
    rows = session.execute(select(RiskFactor.code, RiskFactor.id).where(RiskFactor.code.in_(codes)))
    return {r.code: r.id for r in rows}
