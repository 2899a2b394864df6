"""The bulk JSON endpoint for municipal IT: rows for students in the client's scope, stored
idempotently by the client's batch id."""

import uuid

from sqlalchemy.orm import Session

from backend.core.errors import FieldIssue, InvalidInput
from backend.core.messages import msg
from backend.core.security import personal_code_lookup_hash
from backend.identity.principal import Principal
from backend.identity.roles import ScopeType
from backend.indicators import repository
from backend.indicators import service as indicators_service
from backend.indicators.models import SourceKind
from backend.indicators.schemas import BatchRead, IndicatorBatchIn
from backend.students import personal_code


def push_batch(session: Session, principal: Principal, body: IndicatorBatchIn) -> BatchRead:
    indicators_service.require_permission(principal, indicators_service.PUSH, "push indicators")
    problems: list[FieldIssue] = []
    hashes: dict[int, str] = {}
    for i, row in enumerate(body.rows):
        if (row.student_id is None) == (row.personal_code is None):
            problems.append(
                FieldIssue(
                    loc=["body", "rows", i, "student_id"], message=msg("indicators.student-or-code")
                )
            )
        elif row.personal_code is not None:
            try:
                code = personal_code.parse(row.personal_code).normalized
                hashes[i] = personal_code_lookup_hash(code)
            except personal_code.InvalidPersonalCode as exc:
                problems.append(
                    FieldIssue(loc=["body", "rows", i, "personal_code"], message=exc.message)
                )
    by_hash = repository.students_by_code_hash(session, hashes.values())
    by_id = repository.students_by_id(
        session, [r.student_id for r in body.rows if r.student_id is not None]
    )
    municipalities = repository.institution_municipalities(session)
    find_semester = indicators_service.semester_finder(session)
    rows: list[indicators_service.IndicatorRow] = []
    for i, row in enumerate(body.rows):
        if i in hashes:
            found = by_hash.get(hashes[i])
            student_id, school = (found[0], found[1]) if found else (None, None)
            column = "personal_code"
        elif row.student_id is not None:
            student_id, school = (row.student_id, by_id.get(row.student_id))
            column = "student_id"
        else:
            continue
        in_scope = school is not None and (
            principal.scope_type is ScopeType.national
            or (
                principal.scope_type is ScopeType.municipality
                and municipalities.get(school) == principal.scope_id
            )
        )
        if student_id is None or school is None or not in_scope:
            problems.append(
                FieldIssue(
                    loc=["body", "rows", i, column], message=msg("indicators.no-such-student")
                )
            )
            continue
        semester = find_semester(row.as_of)
        if semester is None:
            problems.append(
                FieldIssue(
                    loc=["body", "rows", i, "as_of"], message=msg("indicators.no-semester-for-date")
                )
            )
            continue
        if row.absences_excused + row.absences_unexcused > row.lessons:
            problems.append(
                FieldIssue(
                    loc=["body", "rows", i, "absences_unexcused"],
                    message=msg("indicators.absences-exceed-lessons"),
                )
            )
            continue
        rows.append(
            indicators_service.IndicatorRow(
                student_id=student_id,
                institution_id=school,
                semester_id=semester.id,
                as_of=row.as_of,
                lessons=row.lessons,
                absences_excused=row.absences_excused,
                absences_unexcused=row.absences_unexcused,
                unexcused_last_4w=row.unexcused_last_4w,
                unexcused_prev_4w=row.unexcused_prev_4w,
                behaviour_incidents=row.behaviour_incidents,
                repeating_year=row.repeating_year,
                extended_year=row.extended_year,
                grades=dict(row.grades),
            )
        )
    keys = [(r.student_id, r.institution_id, r.as_of) for r in rows]
    if len(set(keys)) != len(keys):
        problems.append(FieldIssue(loc=["body", "rows"], message=msg("indicators.student-twice")))
    if problems:
        raise InvalidInput(msg("indicators.batch-refused", count=len(problems)), errors=problems)
    return indicators_service.store_batch(
        session,
        principal,
        kind=SourceKind.push,
        source_key=str(principal.client_id or principal.user_id or uuid.UUID(int=0)),
        external_id=body.batch_id,
        label=None,
        rows=rows,
        municipality_id=principal.municipality_id,
        client_id=principal.client_id,
    )
