"""Every domain's models, imported once so that the mapper and Alembic see one registry."""

from backend.accounts.models import AccountToken
from backend.audit.models import AuditEvent
from backend.core.db import Base
from backend.documents.models import Document
from backend.events.models import OutboxEvent
from backend.identity.models import RefreshToken
from backend.indicators.models import (
    AbsenceReport,
    FlagDismissal,
    IndicatorBatch,
    PlanFlagLink,
    RuleSet,
    StudentFlag,
    StudentIndicator,
)
from backend.integrations.models import ApiClient, ImportJob, WebhookDelivery, WebhookSubscription
from backend.ngo.models import (
    Activity,
    ActivityChange,
    ActivityClassGroup,
    ActivityMeasureLink,
    InitiativeCall,
    InitiativeProject,
    Ngo,
    ProjectInstitution,
)
from backend.notifications.models import MailMessage, Notification, NotificationPreference
from backend.plans.measures.models import Delivery, Measure, MeasureFactor, MeasureType
from backend.plans.models import (
    Approval,
    Evaluation,
    EvaluationLevel,
    PlanHistoryEntry,
    PlanNote,
    RatedFactor,
    ReportRefresh,
    RiskAssessment,
    SupportPlan,
)
from backend.risks.models import RiskFactor, RiskGroup
from backend.schools.models import ClassGroup, Institution, Municipality, SchoolYear, Semester
from backend.students.models import Consent, Enrollment, Guardian, Student, StudentGuardian
from backend.users.models import RoleAssignment, User

__all__ = [
    "AbsenceReport",
    "AccountToken",
    "Activity",
    "ActivityChange",
    "ActivityClassGroup",
    "ActivityMeasureLink",
    "ApiClient",
    "Approval",
    "AuditEvent",
    "Base",
    "ClassGroup",
    "Consent",
    "Delivery",
    "Document",
    "Enrollment",
    "Evaluation",
    "EvaluationLevel",
    "FlagDismissal",
    "Guardian",
    "ImportJob",
    "IndicatorBatch",
    "InitiativeCall",
    "InitiativeProject",
    "Institution",
    "MailMessage",
    "Measure",
    "MeasureFactor",
    "MeasureType",
    "Municipality",
    "Ngo",
    "Notification",
    "NotificationPreference",
    "OutboxEvent",
    "PlanFlagLink",
    "PlanHistoryEntry",
    "PlanNote",
    "ProjectInstitution",
    "RatedFactor",
    "RefreshToken",
    "ReportRefresh",
    "RiskAssessment",
    "RiskFactor",
    "RiskGroup",
    "RoleAssignment",
    "RuleSet",
    "SchoolYear",
    "Semester",
    "Student",
    "StudentFlag",
    "StudentGuardian",
    "StudentIndicator",
    "SupportPlan",
    "User",
    "WebhookDelivery",
    "WebhookSubscription",
]
