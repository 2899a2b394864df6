"""Bulk import of students (with enrollment, guardian and consent) from an e-journal's CSV export.

A file is checked in full before anything is written: a malformed file (not UTF-8, not CSV, a
required column missing) is refused naming the row; otherwise every problem of every row is
listed with its row and column. Only a file without problems is written, in one transaction.
"""

import csv
import io
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from backend.core.clock import local_today, utcnow
from backend.core.config import get_settings
from backend.core.context import RequestContext, current_language, set_request_context
from backend.core.db import new_session, transaction
from backend.core.errors import AppError, FieldIssue, InvalidInput, NotFound, validation_issue
from backend.core.messages import Message, msg
from backend.core.security import personal_code_lookup_hash
from backend.identity.principal import Principal
from backend.identity.roles import Role, ScopeType
from backend.integrations import jobs, repository
from backend.integrations.models import ImportJob, ImportStatus
from backend.integrations.schemas import ImportJobRead, ImportProblem, ImportResult
from backend.schools import service as schools_service
from backend.schools.models import Institution
from backend.students import personal_code
from backend.students import service as students_service
from backend.students.models import (
    Gender,
    GuardianRelation,
)
from backend.students.schemas import GuardianCreate, StudentCreate

# Field → accepted header names (compared lower-case, without diacritics; spaces → "_").
COLUMNS: dict[str, tuple[str, ...]] = {
    "given_name": ("vards", "given_name"),
    "family_name": ("uzvards", "family_name"),
    "personal_code": ("personas_kods", "personal_code"),
    "date_of_birth": ("dzimsanas_datums", "date_of_birth"),
    "class_label": ("klase", "class"),
    "gender": ("dzimums", "gender"),
    "language": ("valoda", "language"),
    "enrolled_on": ("uznemts", "enrolled_on"),
    "guardian_name": ("aizbildnis", "guardian_name"),
    "guardian_relation": ("aizbildna_statuss", "guardian_relation"),
    "guardian_phone": ("aizbildna_talrunis", "guardian_phone"),
    "guardian_email": ("aizbildna_epasts", "guardian_email"),
    "consent_given_on": ("piekrisanas_datums", "consent_given_on"),
    "consent_document": ("piekrisanas_dokuments", "consent_document"),
    "consent_given_by": ("piekrisanu_deva", "consent_given_by"),
}
REQUIRED = ("given_name", "family_name", "personal_code", "date_of_birth")

_GENDERS = {
    "s": Gender.female,
    "sieviete": Gender.female,
    "v": Gender.male,
    "virietis": Gender.male,
}
_RELATIONS = {
    "mate": GuardianRelation.mother,
    "tevs": GuardianRelation.father,
    "vecvecaks": GuardianRelation.grandparent,
    "vecmamma": GuardianRelation.grandparent,
    "vectevs": GuardianRelation.grandparent,
    "audzuvecaks": GuardianRelation.foster_parent,
    "aizbildnis": GuardianRelation.legal_guardian,
    "cits": GuardianRelation.other,
}
# Who signed the consent: the row's guardian (the default) or the adult student.
_CONSENT_GIVERS = {
    "aizbildnis": False,
    "guardian": False,
    "skolens": True,
    "audzeknis": True,
    "student": True,
}
CHUNK = 500

log = logging.getLogger("pumpurs.imports")


def _text(message: Message) -> str:
    """A row's problem in the language of the request (of the command line: English)."""
    return message.render(current_language())


class MalformedFile(InvalidInput):
    def __init__(self, row: int, message: Message, column: str | None = None) -> None:
        text = msg("import.row", row=row, problem=message)
        loc: list[str | int] = ["body", "file", row]
        if column:
            loc.append(column)
        super().__init__(text, errors=[FieldIssue(loc=loc, message=text)])
        self.row = row


@dataclass
class ParsedFile:
    headers: dict[str, str]  # field → the header as written in the file
    rows: list[tuple[int, dict[str, str]]]  # (line of the file, field → raw value)


def _header_key(raw: str) -> str:
    return "_".join(students_service.normalize_name(raw.strip()).replace("-", " ").split())


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise MalformedFile(row, msg("import.not-utf8")) from exc
    if "\x00" in text:
        row = text[: text.index("\x00")].count("\n") + 1
        raise MalformedFile(row, msg("import.not-csv"))
    return text


def parse_file(data: bytes) -> ParsedFile:
    text = _decode(data)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise MalformedFile(1, msg("import.empty"))
    header_line = lines[0]
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    if header_line.count(delimiter) == 0:
        raise MalformedFile(1, msg("import.no-header"))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
        positions: dict[str, int] = {}
        written: dict[str, str] = {}
        aliases = {alias: name for name, names in COLUMNS.items() for alias in names}
        for index, raw in enumerate(header):
            name = aliases.get(_header_key(raw))
            if name is None:
                continue  # e-journal exports carry columns we do not need
            if name in positions:
                raise MalformedFile(1, msg("import.column-twice", column=raw.strip()), raw.strip())
            positions[name] = index
            written[name] = raw.strip()
        for name in REQUIRED:
            if name not in positions:
                expected = " / ".join(COLUMNS[name])
                raise MalformedFile(1, msg("import.column-missing", column=expected), name)
        rows: list[tuple[int, dict[str, str]]] = []
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            line = reader.line_num
            if len(values) > len(header):
                raise MalformedFile(
                    line, msg("import.too-many-fields", count=len(values), header=len(header))
                )
            row = {
                name: values[i].strip() if i < len(values) else "" for name, i in positions.items()
            }
            rows.append((line, row))
    except csv.Error as exc:
        raise MalformedFile(reader.line_num, msg("import.bad-csv", error=str(exc))) from exc
    return ParsedFile(headers=written, rows=rows)


# --- checking ------------------------------------------------------------------------------------


@dataclass
class NewStudent:
    line: int
    data: StudentCreate
    code: str
    code_hash: str
    guardian: GuardianCreate | None
    consent: students_service.NewConsent | None = None


@dataclass
class Checked:
    students: list[NewStudent] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def _date(raw: str) -> date | str:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw, fmt).replace(tzinfo=UTC).date()
        except ValueError:
            continue
    return raw  # left to the schema, which names the problem


def _class_groups(session: Session, institution_id: uuid.UUID) -> dict[str, uuid.UUID]:
    """Class labels of the institution in the current school year (else the latest one)."""
    today = local_today()
    years = schools_service.years_with_classes(session, institution_id)
    if not years:
        return {}
    current = next((y.id for y in years if y.starts_on <= today <= y.ends_on), years[0].id)
    labels = schools_service.class_labels(session, institution_id, current)
    return {_label_key(label): id for id, label in labels.items()}


def _label_key(label: str) -> str:
    return "".join(label.lower().split())


def _problems_of(
    error: ValidationError, line: int, headers: dict[str, str], prefix: str = ""
) -> list[ImportProblem]:
    problems = []
    for e in error.errors():
        name = prefix + str(e["loc"][0]) if e["loc"] else None
        column = headers.get(name, name) if name else None
        text = validation_issue(e, current_language()).msg
        problems.append(ImportProblem(row=line, column=column, message=text))
    return problems


def _student_fields(raw: dict[str, str], institution_id: uuid.UUID) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "given_name": raw["given_name"],
        "family_name": raw["family_name"],
        "personal_code": raw["personal_code"],
        "date_of_birth": _date(raw["date_of_birth"]) if raw["date_of_birth"] else None,
        "institution_id": institution_id,
    }
    if raw.get("gender"):
        key = students_service.normalize_name(raw["gender"])
        fields["gender"] = _GENDERS.get(key, key)
    if raw.get("language"):
        fields["language"] = raw["language"].lower()
    if raw.get("enrolled_on"):
        fields["enrolled_on"] = _date(raw["enrolled_on"])
    return fields


def _guardian_fields(raw: dict[str, str]) -> dict[str, Any] | None:
    if not any(raw.get(f) for f in ("guardian_name", "guardian_phone", "guardian_email")):
        return None
    relation = students_service.normalize_name(raw.get("guardian_relation") or "")
    return {
        "full_name": raw.get("guardian_name", ""),
        "relation": _RELATIONS.get(relation, relation or GuardianRelation.other),
        "phone": raw.get("guardian_phone") or None,
        "email": raw.get("guardian_email") or None,
    }


def _consent_of(
    line: int,
    raw: dict[str, str],
    headers: dict[str, str],
    years: list[tuple[uuid.UUID, date, date]],
    born: date | None,
    has_guardian: bool,
) -> tuple[students_service.NewConsent | None, list[ImportProblem]]:
    """The consent columns of a row: none filled means no consent; otherwise the date and the
    document are required, and the signer is the row's legal representative or the student,
    then an adult."""
    if not any(raw.get(f) for f in ("consent_given_on", "consent_document", "consent_given_by")):
        return None, []

    def problem(field_name: str, message: Message) -> ImportProblem:
        column = headers.get(field_name, field_name)
        return ImportProblem(row=line, column=column, message=_text(message))

    problems: list[ImportProblem] = []
    given_on = _date(raw.get("consent_given_on", "")) if raw.get("consent_given_on") else None
    year_id: uuid.UUID | None = None
    if given_on is None:
        problems.append(problem("consent_given_on", msg("import.consent-date-missing")))
    elif isinstance(given_on, str):
        problems.append(problem("consent_given_on", msg("import.not-a-date", value=given_on)))
        given_on = None
    elif given_on > local_today():
        problems.append(problem("consent_given_on", msg("date.not-future")))
    else:
        year_id = next((id for id, start, end in years if start <= given_on <= end), None)
        if year_id is None:
            problems.append(problem("consent_given_on", msg("import.no-school-year")))
    document = raw.get("consent_document", "")
    if not document:
        problems.append(problem("consent_document", msg("import.consent-document-missing")))
    elif len(document) > 100:
        problems.append(problem("consent_document", msg("import.too-long", max_length=100)))
    giver = students_service.normalize_name(raw.get("consent_given_by") or "aizbildnis")
    by_student = _CONSENT_GIVERS.get(giver)
    if by_student is None:
        problems.append(problem("consent_given_by", msg("import.consent-giver")))
    elif not by_student and not has_guardian:
        problems.append(problem("consent_given_by", msg("import.consent-needs-guardian")))
    elif (
        by_student
        and born
        and isinstance(given_on, date)
        and given_on < students_service.eighteenth_birthday(born)
    ):
        problems.append(problem("consent_given_by", msg("consent.student-not-adult")))
    if problems or year_id is None or not isinstance(given_on, date) or by_student is None:
        return None, problems
    return (
        students_service.NewConsent(
            given_on=given_on,
            school_year_id=year_id,
            document_reference=document,
            given_by_student=by_student,
        ),
        [],
    )


def _check_row(
    line: int,
    raw: dict[str, str],
    headers: dict[str, str],
    institution_id: uuid.UUID,
    classes: dict[str, uuid.UUID],
    years: list[tuple[uuid.UUID, date, date]] | None = None,
) -> tuple[NewStudent | None, list[ImportProblem]]:
    problems: list[ImportProblem] = []
    fields = _student_fields(raw, institution_id)
    label = raw.get("class_label", "")
    if label:
        fields["class_group_id"] = classes.get(_label_key(label))
        if fields["class_group_id"] is None:
            problems.append(
                ImportProblem(
                    row=line,
                    column=headers["class_label"],
                    message=_text(msg("import.no-class", label=label)),
                )
            )
    data: StudentCreate | None = None
    try:
        data = StudentCreate.model_validate(fields)
    except ValidationError as exc:
        problems += _problems_of(exc, line, headers)
    guardian: GuardianCreate | None = None
    guardian_fields = _guardian_fields(raw)
    if guardian_fields is not None:
        try:
            guardian = GuardianCreate.model_validate(guardian_fields)
        except ValidationError as exc:
            problems += _problems_of(exc, line, headers | _guardian_headers(headers), "guardian:")
    consent, consent_problems = _consent_of(
        line,
        raw,
        headers,
        years or [],
        data.date_of_birth if data else None,
        guardian_fields is not None,
    )
    problems += consent_problems
    if data is None:
        return None, problems
    code: personal_code.PersonalCode | None = None
    try:
        code = personal_code.parse(data.personal_code, date_of_birth=data.date_of_birth)
    except personal_code.InvalidPersonalCode as exc:
        problems.append(
            ImportProblem(row=line, column=headers["personal_code"], message=_text(exc.message))
        )
    try:
        students_service._check_birth_date(data.date_of_birth)
    except InvalidInput as exc:
        problems.append(
            ImportProblem(
                row=line,
                column=headers["date_of_birth"],
                message=_text(exc.detail or msg("validation.other")),
            )
        )
    if code is None or problems:
        return None, problems
    return (
        NewStudent(
            line=line,
            data=data,
            code=code.normalized,
            code_hash=personal_code_lookup_hash(code.normalized),
            guardian=guardian,
            consent=consent,
        ),
        problems,
    )


def _guardian_headers(headers: dict[str, str]) -> dict[str, str]:
    names = {
        "full_name": "guardian_name",
        "relation": "guardian_relation",
        "phone": "guardian_phone",
        "email": "guardian_email",
    }
    return {
        f"guardian:{schema_name}": headers.get(field_name, field_name)
        for schema_name, field_name in names.items()
    }


class FileRefused(InvalidInput):
    # Nothing is written before the refusal; the audit events of the code look-ups stay.
    keep_changes = True


def check(
    session: Session, principal: Principal, institution_id: uuid.UUID, parsed: ParsedFile
) -> Checked:
    """Every problem of every row; nothing is written."""
    classes = _class_groups(session, institution_id)
    years = [(y.id, y.starts_on, y.ends_on) for y, _ in schools_service.list_school_years(session)]
    result = Checked()
    first_line: dict[str, int] = {}
    for line, raw in parsed.rows:
        student, problems = _check_row(line, raw, parsed.headers, institution_id, classes, years)
        result.problems += problems
        if student is None:
            continue
        if student.code_hash in first_line:
            result.problems.append(
                ImportProblem(
                    row=line,
                    column=parsed.headers["personal_code"],
                    message=_text(msg("import.same-code", row=first_line[student.code_hash])),
                )
            )
            continue
        first_line[student.code_hash] = line
        result.students.append(student)
    hashes = list(first_line)
    found_elsewhere: list[uuid.UUID] = []
    for start in range(0, len(hashes), CHUNK):
        chunk = hashes[start : start + CHUNK]
        mine, elsewhere = students_service.registered_in_scope(session, principal, chunk)
        found_elsewhere += elsewhere.values()
        for student in result.students:
            if student.code_hash in mine or student.code_hash in elsewhere:
                result.problems.append(
                    ImportProblem(
                        row=student.line,
                        column=parsed.headers["personal_code"],
                        message=_text(
                            msg("import.already-registered")
                            if student.code_hash in mine
                            else students_service.REGISTERED_ELSEWHERE
                        ),
                    )
                )
    students_service.note_lookups_elsewhere(session, principal, found_elsewhere)
    result.problems.sort(key=lambda p: (p.row, p.column or ""))
    return result


# --- writing -------------------------------------------------------------------------------------

Progress = Callable[[int], None]


def write(
    session: Session,
    principal: Principal,
    institution: Institution,
    students: list[NewStudent],
    progress: Progress | None = None,
) -> int:
    """Add the students, their enrollments and guardians to the session's transaction, through
    the students domain's one write path."""
    records = [
        students_service.NewStudentRecord(
            data=s.data,
            code=s.code,
            code_hash=s.code_hash,
            guardian=s.guardian,
            consent=s.consent,
        )
        for s in students
    ]
    added = students_service.add_students(
        session, principal, institution.id, records, detail="import", progress=progress
    )
    return len(added)


# --- jobs ----------------------------------------------------------------------------------------


def job_read(job: ImportJob) -> ImportJobRead:
    return ImportJobRead.model_validate(job)


def read_job(session: Session, principal: Principal, id: uuid.UUID) -> ImportJobRead:
    """A job in the caller's scope as it stands now: a job whose process died is failed."""
    job = get_job(session, principal, id)
    read = job_read(job)
    if job.status is not ImportStatus.running:
        return read
    local = jobs.local_progress(job.id)
    if local is not None:
        read.processed_rows = local
        return read
    stale_seconds = get_settings().import_stale_seconds
    if jobs.is_silent(job, stale_seconds):
        failed = jobs.interrupt_silent(session.get_bind().engine, stale_seconds, job.id)
        if job.id in failed:
            # Failed in a transaction of its own: this one may not see it (a snapshot).
            read.status = ImportStatus.failed
            read.error = jobs.INTERRUPTED
            read.finished_at = failed[job.id]
    return read


def get_job(session: Session, principal: Principal, id: uuid.UUID) -> ImportJob:
    job = repository.job_in_scope(session, principal, id)
    if job is None:
        raise NotFound(msg("import.not-found"))
    return job


def dry_run(
    session: Session, principal: Principal, institution_id: uuid.UUID, data: bytes
) -> ImportResult:
    schools_service.get_institution_in_scope(session, principal, institution_id)
    parsed = parse_file(data)
    checked = check(session, principal, institution_id, parsed)
    return ImportResult(
        dry_run=True,
        total_rows=len(parsed.rows),
        valid=not checked.problems,
        problems=checked.problems,
    )


@dataclass
class Prepared:
    job: ImportJob
    students: list[NewStudent]


def start(
    session: Session,
    principal: Principal,
    institution_id: uuid.UUID,
    data: bytes,
    file_name: str | None,
) -> Prepared:
    """Check the file and record a running job; refuse a file with any problem."""
    schools_service.get_institution_in_scope(session, principal, institution_id)
    parsed = parse_file(data)
    checked = check(session, principal, institution_id, parsed)
    if checked.problems:
        raise FileRefused(
            msg("import.refused", count=len(checked.problems)),
            errors=[
                FieldIssue(
                    loc=["body", "file", p.row, *([p.column] if p.column else [])],
                    message=msg("import.row-problem", problem=p.message),
                )
                for p in checked.problems
            ],
        )
    job = ImportJob(
        kind="students",
        institution_id=institution_id,
        created_by_id=principal.user_id,
        file_name=file_name,
        status=ImportStatus.running,
        total_rows=len(checked.students),
        problems=[],
    )
    session.add(job)
    session.flush()
    return Prepared(job, checked.students)


class Interrupted(Exception):
    """The job was declared interrupted while it ran: its rows must not be committed."""


def run(
    session: Session,
    principal: Principal,
    job_id: uuid.UUID,
    students: list[NewStudent],
) -> None:
    """Write the rows of a job in the session's transaction and mark the job finished in it,
    reporting progress where every API process sees it."""
    job = repository.job_by_id(session, job_id)
    assert job is not None
    institution = schools_service.get_institution(session, principal, job.institution_id)
    engine = session.get_bind().engine
    with jobs.JobTracker(engine, job_id, get_settings().import_stale_seconds) as tracker:
        created = write(session, principal, institution, students, tracker.report)
    now = utcnow()
    if not repository.finish_running_job(session, job_id, created, now):
        raise Interrupted(f"import job {job_id} was declared interrupted while it ran")


def run_in_own_session(
    principal: Principal,
    job_id: uuid.UUID,
    students: list[NewStudent],
    session_factory: Callable[[], Session] = new_session,
) -> None:
    """Run a job in a transaction of its own (a background thread); all rows or none."""
    try:
        with transaction(session_factory) as session:
            run(session, principal, job_id, students)
    except Exception as exc:
        with transaction(session_factory) as session:
            _fail(session, job_id, exc)
        log.warning("import job %s failed: %s", job_id, type(exc).__name__)


def _fail(session: Session, job_id: uuid.UUID, exc: Exception) -> None:
    job = repository.job_by_id(session, job_id)
    if job is None or job.status is not ImportStatus.running:
        return  # already failed, as interrupted
    job.status = ImportStatus.failed
    job.error = "The import failed and nothing was written: " + (
        "a row conflicts with data stored meanwhile"
        if "IntegrityError" in type(exc).__name__
        else type(exc).__name__
    )
    job.finished_at = utcnow()


# --- the command line ----------------------------------------------------------------------------


def import_from_command_line(path: Path, institution: str, *, dry_run: bool = False) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    console = Console(stderr=True)
    # The command line speaks English, as its other output does.
    set_request_context(
        RequestContext(f"cli-{uuid.uuid4().hex[:12]}", client_address=None, language="en")
    )
    try:
        institution_id = uuid.UUID(institution)
    except ValueError:
        console.print(f"[red]Not an institution id: {institution}[/red]")
        return 2
    principal = Principal(
        role=Role.school_coordinator, scope_type=ScopeType.institution, scope_id=institution_id
    )
    data = path.read_bytes()
    with transaction(new_session) as session:
        try:
            inst = schools_service.get_institution_in_scope(session, principal, institution_id)
            parsed = parse_file(data)
        except AppError as exc:
            console.print(f"[red]{exc.detail}[/red]")
            return 1
        checked = check(session, principal, institution_id, parsed)
        for p in checked.problems:
            console.print(f"row {p.row}" + (f", {p.column}" if p.column else "") + f": {p.message}")
        if checked.problems:
            console.print(f"[red]{len(checked.problems)} problems; nothing was imported.[/red]")
            return 1
        if dry_run:
            console.print(f"{len(parsed.rows)} rows checked, no problems (dry run).")
            return 0
        columns = (BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=console) as bar:
            task = bar.add_task("import", total=len(checked.students))
            created = write(
                session,
                principal,
                inst,
                checked.students,
                lambda done: bar.update(task, completed=done),
            )
    console.print(f"{created} students imported into {inst.name}.")
    return 0
