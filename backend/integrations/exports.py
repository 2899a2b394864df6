"""CSV exports of data in the caller's scope; each exported student is audited as ``export``."""

import csv
import io
import uuid

from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.core.clock import utcnow
from backend.core.security import decrypt_personal_code
from backend.core.spreadsheet import safe_cell
from backend.identity.principal import Principal
from backend.identity.roles import Permission
from backend.integrations import repository
from backend.plans import service as plans_service
from backend.schools import service as schools_service
from backend.students import personal_code
from backend.students import service as students_service

STUDENT_COLUMNS = (
    "vards",
    "uzvards",
    "personas_kods",
    "dzimsanas_datums",
    "klase",
    "iestade",
    "iestades_id",
    "skolena_id",
)


def _csv(header: tuple[str, ...], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def file_name(kind: str) -> str:
    return f"pumpurs-{kind}-{utcnow():%Y%m%d-%H%M%S}.csv"


def students_csv(
    session: Session, principal: Principal, institution_id: uuid.UUID | None = None
) -> str:
    """Students in scope, with the same column names the import reads."""
    students = students_service.students_by_name(session, principal, institution_id)
    classes = schools_service.class_labels_of(
        session, {s.class_group_id for s in students if s.class_group_id}
    )
    names = schools_service.organisation_names(
        session,
        municipality_ids=set(),
        institution_ids={s.institution_id for s in students if s.institution_id},
        ngo_ids=set(),
    )
    show_code = principal.can(Permission.personal_codes_read)
    rows = []
    for s in students:
        code = decrypt_personal_code(s.personal_code_encrypted)
        rows.append(
            [
                s.given_name,
                s.family_name,
                code if show_code else personal_code.mask(code),
                s.date_of_birth.isoformat(),
                classes.get(s.class_group_id, "") if s.class_group_id else "",
                names.get(s.institution_id, "") if s.institution_id else "",
                str(s.institution_id or ""),
                str(s.id),
            ]
        )
    _audit_export(session, principal, [(s.id, s.institution_id) for s in students])
    return _csv(STUDENT_COLUMNS, rows)


def _audit_export(
    session: Session,
    principal: Principal,
    rows: list[tuple[uuid.UUID, uuid.UUID | None]],
) -> None:
    audit_service.record_many(
        session,
        principal,
        AuditAction.export,
        ResourceType.student,
        [(student_id, student_id, institution_id) for student_id, institution_id in rows],
        detail="csv",
    )


PLAN_STATUS_COLUMNS = (
    "plan_id",
    "plan_code",
    "status",
    "status_changed_at",
    "school_year",
    "semester",
    "institution_id",
    "risk_level",
    "measures_planned",
    "deliveries_count",
    "version",
    "updated_at",
)


def plan_statuses_csv(
    session: Session,
    principal: Principal,
    *,
    institution_id: uuid.UUID | None = None,
    semester_id: uuid.UUID | None = None,
) -> str:
    """Plan statuses in scope: codes and counts only, never names or notes."""
    plans = repository.plans_by_code(
        session, plans_service.readable_plans(principal), institution_id, semester_id
    )
    rows = [
        [
            str(s.plan_id),
            s.plan_code,
            s.status.value,
            s.status_changed_at.isoformat(),
            s.semester.school_year,
            str(s.semester.number),
            str(s.institution_id),
            s.risk_level.value if s.risk_level else "",
            str(s.measures_planned),
            str(s.deliveries_count),
            str(s.version),
            s.updated_at.isoformat(),
        ]
        for s in plans_service.status_reads(session, plans)
    ]
    audit_service.record_many(
        session,
        principal,
        AuditAction.export,
        ResourceType.plan_status,
        [(plan.id, plan.student_id, plan.institution_id) for plan in plans],
        detail="csv",
    )
    return _csv(PLAN_STATUS_COLUMNS, rows)
