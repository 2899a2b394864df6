import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.clock import utcnow
from backend.core.db import Base, IdMixin, TimestampMixin, enum_type


class AuditAction(StrEnum):
    read = "read"
    create = "create"
    update = "update"
    delete = "delete"
    login = "login"
    export = "export"


class ResourceType(StrEnum):
    """What an audit event is about: every write of the trail names one of these."""

    absence_report = "absence_report"
    activity = "activity"
    activity_measure_link = "activity_measure_link"
    api_client = "api_client"
    audit_events = "audit_events"
    class_group = "class_group"
    consent = "consent"
    delivery = "delivery"
    document = "document"
    enrollment = "enrollment"
    flag_dismissal = "flag_dismissal"
    guardian = "guardian"
    indicator_rules = "indicator_rules"
    initiative_call = "initiative_call"
    initiative_project = "initiative_project"
    institution = "institution"
    measure = "measure"
    measure_types = "measure_types"
    municipality = "municipality"
    ngo = "ngo"
    personal_code_lookup = "personal_code_lookup"
    plan_history = "plan_history"
    plan_note = "plan_note"
    plan_report = "plan_report"
    report_coverage = "report_coverage"
    report_coverage_trend = "report_coverage_trend"
    report_risks = "report_risks"
    report_risks_trend = "report_risks_trend"
    report_measures = "report_measures"
    report_measures_trend = "report_measures_trend"
    report_money = "report_money"
    report_money_trend = "report_money_trend"
    report_outcomes = "report_outcomes"
    report_outcomes_trend = "report_outcomes_trend"
    report_effect = "report_effect"
    report_effect_trend = "report_effect_trend"
    plan_status = "plan_status"
    risk_assessment = "risk_assessment"
    risk_factors = "risk_factors"
    role_assignment = "role_assignment"
    school_year = "school_year"
    student = "student"
    student_flags = "student_flags"
    student_indicator = "student_indicator"
    student_indicators = "student_indicators"
    support_plan = "support_plan"
    user = "user"
    webhook = "webhook"


class AuditEvent(IdMixin, TimestampMixin, Base):
    """Append-only record of who touched which personal data. No foreign keys on purpose:
    the trail outlives anonymised or deleted rows."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_at_id", "at", "id"),
        Index("ix_audit_events_institution_at", "institution_id", "at"),
    )

    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    actor_client_id: Mapped[uuid.UUID | None]
    actor_role: Mapped[str | None] = mapped_column(String(40))
    action: Mapped[AuditAction] = mapped_column(enum_type(AuditAction))
    resource_type: Mapped[str] = mapped_column(String(40))
    resource_id: Mapped[str | None] = mapped_column(String(64))
    student_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    institution_id: Mapped[uuid.UUID | None]
    request_id: Mapped[str | None] = mapped_column(String(64))
    client_address: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(String(500))
