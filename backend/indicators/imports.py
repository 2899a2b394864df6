"""Indicator files shaped like the attendance and grade exports of Latvian e-journals.

Columns (Latvian or English header; `;` or `,` between fields; UTF-8):

| field | Latvian header | English header |
|---|---|---|
| student (one of the two) | `personas_kods` / `skolena_id` | `personal_code` / `student_id` |
| as-of date (`YYYY-MM-DD` or `DD.MM.YYYY`) | `datums` | `as_of` |
| lessons held | `stundas` | `lessons` |
| excused absences (lessons) | `attaisnoti_kavejumi` | `excused_absences` |
| unexcused absences (lessons) | `neattaisnoti_kavejumi` | `unexcused_absences` |
| unexcused, last 4 weeks | `neattaisnoti_pedejas_4_nedelas` | `unexcused_last_4_weeks` |
| unexcused, 4 weeks before | `neattaisnoti_ieprieksejas_4_nedelas` | `unexcused_previous_4_weeks` |
| behaviour incidents | `uzvedibas_parkapumi` | `behaviour_incidents` |
| repeating the grade (`jā`/`nē`) | `atstats_uz_otru_gadu` | `repeating_year` |
| extended school year | `pagarinats_macibu_gads` | `extended_year` |
| a subject's semester mark | `Vērtējums: <subject>` | `Grade: <subject>` |

Marks are 1 to 10, `nv` (not assessed), `ns` (not passed) or `i` (credited). The semester is the one
that contains the as-of date. A file is checked whole first; every problem is listed by row and
column, and a file with any problem writes nothing.
"""

import csv
import io
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from backend.core.config import get_settings
from backend.core.db import new_session
from backend.core.errors import FieldIssue, InvalidInput
from backend.core.messages import msg
from backend.core.security import personal_code_lookup_hash
from backend.identity.principal import Principal
from backend.identity.roles import Role, ScopeType
from backend.indicators import repository, rules
from backend.indicators import service as indicators_service
from backend.indicators.models import SourceKind
from backend.indicators.schemas import BatchRead, ImportProblemRead, IndicatorImportResult
from backend.integrations import jobs
from backend.integrations.models import ImportJob, ImportStatus
from backend.students import personal_code
from backend.students import service as students_service

log = logging.getLogger("pumpurs.indicators")

COLUMNS: dict[str, tuple[str, ...]] = {
    "student_id": ("skolena_id", "student_id"),
    "personal_code": ("personas_kods", "personal_code"),
    "as_of": ("datums", "as_of"),
    "lessons": ("stundas", "lessons"),
    "absences_excused": ("attaisnoti_kavejumi", "excused_absences"),
    "absences_unexcused": ("neattaisnoti_kavejumi", "unexcused_absences"),
    "unexcused_last_4w": ("neattaisnoti_pedejas_4_nedelas", "unexcused_last_4_weeks"),
    "unexcused_prev_4w": ("neattaisnoti_ieprieksejas_4_nedelas", "unexcused_previous_4_weeks"),
    "behaviour_incidents": ("uzvedibas_parkapumi", "behaviour_incidents"),
    "repeating_year": ("atstats_uz_otru_gadu", "repeating_year"),
    "extended_year": ("pagarinats_macibu_gads", "extended_year"),
}
REQUIRED = ("as_of", "lessons", "absences_excused", "absences_unexcused")
GRADE_PREFIXES = ("vertejums", "grade")
_YES = {"ja", "jā", "yes", "y", "1", "true"}
_NO = {"ne", "nē", "no", "n", "0", "false", ""}
_ALIASES = {alias: name for name, names in COLUMNS.items() for alias in names}


def _key(raw: str) -> str:
    return "_".join(students_service.normalize_name(raw.strip()).replace("-", " ").split())


class FileRefused(InvalidInput):
    """A file with problems: nothing was written; every problem is named by row and column."""


def _malformed(row: int, message: str, column: str | None = None) -> InvalidInput:
    loc: list[str | int] = ["body", "file", row]
    if column:
        loc.append(column)
    text = msg("import.row", row=row, problem=message)
    return InvalidInput(text, errors=[FieldIssue(loc=loc, message=text)])


@dataclass
class Parsed:
    columns: dict[str, str]  # field → header as written
    grade_columns: dict[int, str]  # position → subject
    rows: list[tuple[int, dict[str, str], dict[str, str]]]  # line, fields, grades


def parse(data: bytes) -> Parsed:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _malformed(data[: exc.start].count(b"\n") + 1, "The file is not UTF-8 text") from exc
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise _malformed(1, "The file is empty: a header row is required")
    header_line = lines[0]
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    if header_line.count(delimiter) == 0:
        raise _malformed(1, "Not a CSV header: columns are separated by ';' or ','")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
        positions: dict[str, int] = {}
        written: dict[str, str] = {}
        grades: dict[int, str] = {}
        for i, raw in enumerate(header):
            prefix, colon, subject = raw.partition(":")
            if colon and _key(prefix) in GRADE_PREFIXES and subject.strip():
                grades[i] = " ".join(subject.split())
                continue
            name = _ALIASES.get(_key(raw))
            if name is None:
                continue  # e-journal exports carry columns we do not need
            if name in positions:
                raise _malformed(1, f"The column {raw.strip()} appears twice", raw.strip())
            positions[name], written[name] = i, raw.strip()
        for name in REQUIRED:
            if name not in positions:
                raise _malformed(
                    1, f"The required column {' or '.join(COLUMNS[name])} is missing", name
                )
        if "student_id" not in positions and "personal_code" not in positions:
            raise _malformed(
                1, "A column personas_kods/personal_code or skolena_id/student_id is required"
            )
        rows = []
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header):
                raise _malformed(
                    reader.line_num, f"{len(values)} fields where the header has {len(header)}"
                )
            got = {n: values[i].strip() if i < len(values) else "" for n, i in positions.items()}
            marks = {
                s: values[i].strip()
                for i, s in grades.items()
                if i < len(values) and values[i].strip()
            }
            rows.append((reader.line_num, got, marks))
    except csv.Error as exc:
        raise _malformed(reader.line_num, f"Not valid CSV: {exc}") from exc
    return Parsed(columns=written, grade_columns=grades, rows=rows)


_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})\.?$")


def parse_date(raw: str) -> date | None:
    m = _DMY.match(raw)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date.fromisoformat(raw)
    except ValueError:
        return None


@dataclass
class Checked:
    rows: list[indicators_service.IndicatorRow] = field(default_factory=list)
    problems: list[ImportProblemRead] = field(default_factory=list)


def check(
    session: Session,
    institution_id: uuid.UUID | None,
    parsed: Parsed,
) -> Checked:
    """Every problem of every row; the rows ready to write when there are none. With an
    institution, its students only (a school's file); without, any student, at their school."""
    out = Checked()

    def problem(line: int, column: str | None, message: str) -> None:
        out.problems.append(
            ImportProblemRead(
                row=line,
                column=parsed.columns.get(column, column) if column else None,
                message=message,
            )
        )

    hashes: dict[int, str] = {}
    ids: dict[int, uuid.UUID] = {}
    for line, got, _ in parsed.rows:
        if got.get("student_id"):
            try:
                ids[line] = uuid.UUID(got["student_id"])
            except ValueError:
                problem(line, "student_id", "Not a student id")
        elif got.get("personal_code"):
            try:
                code = personal_code.parse(got["personal_code"]).normalized
                hashes[line] = personal_code_lookup_hash(code)
            except personal_code.InvalidPersonalCode as exc:
                problem(line, "personal_code", str(exc))
        else:
            problem(
                line,
                "personal_code" if "personal_code" in parsed.columns else "student_id",
                "The student is missing",
            )
    by_hash = repository.students_by_code_hash(session, hashes.values())
    by_id = repository.students_by_id(session, ids.values())
    find_semester = indicators_service.semester_finder(session)
    seen: set[tuple[uuid.UUID, date]] = set()
    for line, got, marks in parsed.rows:
        student: tuple[uuid.UUID, uuid.UUID | None] | None = None
        if line in hashes:
            student = by_hash.get(hashes[line])
            column = "personal_code"
        elif line in ids:
            found_school = by_id.get(ids[line], uuid.UUID(int=0))
            student = (ids[line], found_school) if ids[line] in by_id else None
            column = "student_id"
        else:
            continue
        if (
            student is None
            or student[1] is None
            or (institution_id is not None and student[1] != institution_id)
        ):
            problem(
                line,
                column,
                "No student of this school has this "
                + ("personal code" if column == "personal_code" else "id"),
            )
            student = None
        as_of = parse_date(got["as_of"])
        semester = None
        if as_of is None:
            problem(line, "as_of", "A date is YYYY-MM-DD or DD.MM.YYYY")
        else:
            semester = find_semester(as_of)
            if semester is None:
                problem(line, "as_of", "No semester contains this date")
        numbers: dict[str, int | None] = {}
        for name in (
            "lessons",
            "absences_excused",
            "absences_unexcused",
            "unexcused_last_4w",
            "unexcused_prev_4w",
            "behaviour_incidents",
        ):
            raw = got.get(name, "")
            if raw == "":
                if name in REQUIRED:
                    problem(line, name, "A number is required")
                numbers[name] = None
                continue
            if not raw.isdigit() or int(raw) > 100_000:
                problem(line, name, "A whole number from 0 is required")
                numbers[name] = None
                continue
            numbers[name] = int(raw)
        lessons = numbers["lessons"]
        excused, unexcused = numbers["absences_excused"], numbers["absences_unexcused"]
        if (
            lessons is not None
            and excused is not None
            and unexcused is not None
            and excused + unexcused > lessons
        ):
            problem(line, "absences_unexcused", "More absences than lessons")
        flags: dict[str, bool] = {}
        for name in ("repeating_year", "extended_year"):
            raw = got.get(name, "").lower()
            if raw in _YES:
                flags[name] = True
            elif raw in _NO:
                flags[name] = False
            else:
                problem(line, name, "Write jā or nē (yes or no)")
                flags[name] = False
        grades: dict[str, str] = {}
        for subject, mark in marks.items():
            value = mark.lower()
            if value not in rules.VALID_MARKS:
                out.problems.append(
                    ImportProblemRead(
                        row=line, column=subject, message="A mark is 1 to 10, nv, ns or i"
                    )
                )
            else:
                grades[subject] = value
        if student is None or student[1] is None or as_of is None or semester is None:
            continue
        if (student[0], as_of) in seen:
            problem(line, column, "The student appears twice for this date")
            continue
        seen.add((student[0], as_of))
        if out.problems:
            continue  # rows are only built while the file is still clean
        out.rows.append(
            indicators_service.IndicatorRow(
                student_id=student[0],
                institution_id=student[1],
                semester_id=semester.id,
                as_of=as_of,
                lessons=lessons or 0,
                absences_excused=excused or 0,
                absences_unexcused=unexcused or 0,
                unexcused_last_4w=numbers["unexcused_last_4w"],
                unexcused_prev_4w=numbers["unexcused_prev_4w"],
                behaviour_incidents=numbers["behaviour_incidents"] or 0,
                repeating_year=flags["repeating_year"],
                extended_year=flags["extended_year"],
                grades=grades,
            )
        )
    if out.problems:
        out.rows = []
    return out


def dry_run(
    session: Session, institution_id: uuid.UUID | None, data: bytes
) -> IndicatorImportResult:
    parsed = parse(data)
    checked = check(session, institution_id, parsed)
    return IndicatorImportResult(
        dry_run=True,
        total_rows=len(parsed.rows),
        valid=not checked.problems,
        problems=checked.problems,
    )


def refuse(problems: list[ImportProblemRead]) -> FileRefused:
    return FileRefused(
        msg("import.refused", count=len(problems)),
        errors=[
            FieldIssue(
                loc=["body", "file", p.row, *([p.column] if p.column else [])],
                message=msg("import.row-problem", problem=p.message),
            )
            for p in problems
        ],
    )


@dataclass
class Prepared:
    job: ImportJob
    rows: list[indicators_service.IndicatorRow]


def start(
    session: Session,
    principal: Principal,
    institution_id: uuid.UUID,
    data: bytes,
    file_name: str | None,
) -> Prepared:
    """Check the whole file and record a running job; a file with any problem is refused."""
    parsed = parse(data)
    checked = check(session, institution_id, parsed)
    if checked.problems:
        raise refuse(checked.problems)
    job = ImportJob(
        kind="indicators",
        institution_id=institution_id,
        created_by_id=principal.user_id,
        file_name=file_name,
        status=ImportStatus.running,
        total_rows=len(checked.rows),
        problems=[],
    )
    session.add(job)
    session.flush()
    return Prepared(job, checked.rows)


def write(
    session: Session,
    principal: Principal | None,
    institution_id: uuid.UUID | None,
    rows: list[indicators_service.IndicatorRow],
    label: str | None,
    progress: Callable[[int], None] | None = None,
) -> BatchRead:
    source = str(principal.user_id) if principal and principal.user_id else "file"
    # The rows' hash names the batch and tells a replay from a conflict: computed once.
    fingerprint = indicators_service.content_hash(rows)
    return indicators_service.store_batch(
        session,
        principal,
        kind=SourceKind.csv,
        source_key=source,
        external_id=fingerprint[:40],
        label=label,
        rows=rows,
        institution_id=institution_id,
        progress=progress,
        fingerprint=fingerprint,
    )


def run_in_own_session(
    principal: Principal,
    prepared: Prepared,
    session_factory: Callable[[], Session] = new_session,
) -> None:
    """Write a job's rows in one transaction of its own (a background task): all or none."""
    job_id = prepared.job.id
    with session_factory() as session:
        try:
            engine = session.get_bind().engine
            with jobs.JobTracker(engine, job_id, get_settings().import_stale_seconds) as tracker:
                result = write(
                    session,
                    principal,
                    prepared.job.institution_id,
                    prepared.rows,
                    prepared.job.file_name,
                    tracker.report,
                )
            processed = result.rows
            created = 0 if result.replayed else result.rows
            if not jobs.finish(session, job_id, processed, created):
                raise RuntimeError("the job was declared interrupted while it ran")
            session.commit()
        except Exception as exc:
            session.rollback()
            jobs.fail(
                session, job_id, "The import failed and nothing was written: " + type(exc).__name__
            )
            session.commit()
            log.warning("indicator import job %s failed: %s", job_id, type(exc).__name__)


def import_from_command_line(path: Path, institution: str | None, *, dry: bool = False) -> int:
    """``python -m backend.indicators FILE [--institution ID] [--dry-run]`` with a progress bar.
    Without an institution the file may hold any school's students (a municipal or national
    export): each row counts for the student's current school."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    console = Console(stderr=True)
    institution_id = uuid.UUID(institution) if institution else None
    principal = (
        Principal(
            role=Role.school_coordinator, scope_type=ScopeType.institution, scope_id=institution_id
        )
        if institution_id
        else None
    )
    data = path.read_bytes()
    started = datetime.now()
    with new_session() as session:
        try:
            parsed = parse(data)
        except InvalidInput as exc:
            console.print(f"[red]{exc.detail}[/red]")
            return 1
        checked = check(session, institution_id, parsed)
        for p in checked.problems[:200]:
            console.print(f"row {p.row}" + (f", {p.column}" if p.column else "") + f": {p.message}")
        if checked.problems:
            console.print(f"[red]{len(checked.problems)} problems; nothing was imported.[/red]")
            return 1
        if dry:
            console.print(f"{len(parsed.rows)} rows checked, no problems (dry run).")
            return 0
        with Progress(
            BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console
        ) as bar:
            task = bar.add_task("import", total=len(checked.rows))
            result = write(
                session,
                principal,
                institution_id,
                checked.rows,
                path.name,
                lambda done: bar.update(task, completed=done),
            )
        session.commit()
    seconds = (datetime.now() - started).total_seconds()
    recomputed: Any = result.recompute
    console.print(
        f"{result.rows} rows imported in {seconds:.1f} s"
        + (
            f"; flags raised {recomputed.flags_raised}, cleared {recomputed.flags_cleared}"
            if recomputed
            else ""
        )
    )
    return 0
