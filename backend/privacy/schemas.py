from datetime import datetime
from typing import Any

from pydantic import Field

from backend.auditlog.schemas import AuditEventRead
from backend.core.schemas import Schema

Record = dict[str, Any]


class PlanRecords(Schema):
    """One support plan and every row that hangs on it."""

    plan: Record
    risk_assessment: Record | None
    rated_factors: list[Record]
    measures: list[Record] = Field(description="Each with the ids of the factors it addresses")
    deliveries: list[Record]
    approvals: list[Record]
    evaluation: Record | None
    evaluation_levels: list[Record]
    notes: list[Record] = Field(description="Restricted notes included")
    history: list[Record]
    activity_links: list[Record] = Field(description="NGO activities linked to the plan's measures")


class SubjectAccessExport(Schema):
    """Everything held about one student (GDPR Art. 15), columns as stored; the personal code
    decrypted."""

    generated_at: datetime
    student: Record
    enrollments: list[Record]
    guardians: list[Record]
    consents: list[Record]
    plans: list[PlanRecords]
    audit_events: list[AuditEventRead] = Field(
        description="Who read or changed the student's data, oldest first"
    )
