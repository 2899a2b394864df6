"""Documents: recognised by content (PDF, JPEG, PNG), size-limited, encrypted at rest, readable
only in the plan's scope, restricted ones only by the roles that see restricted notes; every
upload, download and removal audited."""

import hashlib
import re
import unicodedata
import uuid
from dataclasses import dataclass

import filetype  # type: ignore[import-untyped]
from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.core.config import get_settings
from backend.core.db import utcnow
from backend.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.core.messages import msg
from backend.documents import repository, storage
from backend.documents.models import Document, DocumentKind
from backend.documents.schemas import DocumentRead
from backend.identity.principal import Principal
from backend.identity.roles import Permission
from backend.plans import service as plans_service
from backend.plans.models import PlanStatus, SupportPlan

ALLOWED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
RESOURCE = ResourceType.document


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str | None
    kind: DocumentKind
    restricted: bool
    consent_id: uuid.UUID | None
    delivery_id: uuid.UUID | None


@dataclass(frozen=True)
class Download:
    content: bytes
    content_type: str
    filename: str


def _safe_name(name: str | None, extension: str) -> str:
    base = unicodedata.normalize("NFC", (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    stem = re.sub(r"[^\w.\- ]", "_", base.rsplit(".", 1)[0]).strip(" ._")[:150] or "document"
    return f"{stem}.{extension}"


def sniff(data: bytes) -> str:
    """The content type the bytes themselves show; refuses anything but PDF, JPEG and PNG."""
    guess = filetype.guess(data[:8192])
    mime = guess.mime if guess is not None else None
    if mime not in ALLOWED_TYPES:
        raise InvalidInput.field(["body", "file"], msg("document.type-refused"))
    return str(mime)


def _visible(principal: Principal, plan: SupportPlan, doc: Document) -> bool:
    return not doc.restricted or plans_service.sees_restricted(principal, plan)


def _audit(
    session: Session, principal: Principal, action: AuditAction, doc: Document, detail: str
) -> None:
    audit_service.record(
        session,
        principal,
        action,
        RESOURCE,
        doc.id,
        student_id=doc.student_id,
        institution_id=doc.institution_id,
        detail=detail,
    )


def upload(
    session: Session, principal: Principal, plan_id: uuid.UUID, data: Upload
) -> DocumentRead:
    if not principal.can(Permission.plans_read):
        raise Forbidden(msg("document.role-reads-no-plans"))
    plan = plans_service.get_plan(session, principal, plan_id)
    if principal.user_id is None or not principal.can(Permission.notes_write):
        raise Forbidden(msg("document.role-attaches-none"))
    if plan.status is PlanStatus.closed:
        raise Conflict(msg("plan.closed"))
    if data.restricted and not plans_service.sees_restricted(principal, plan):
        raise Forbidden(msg("document.restrict-not-allowed"))
    limit = get_settings().document_max_bytes
    if len(data.data) > limit:
        raise InvalidInput.field(["body", "file"], msg("document.too-large", limit=limit))
    if not data.data:
        raise InvalidInput.field(["body", "file"], msg("document.empty"))
    content_type = sniff(data.data)
    if data.consent_id and data.delivery_id:
        raise InvalidInput.field(["body", "delivery_id"], msg("document.one-owner"))
    if data.delivery_id and not repository.delivery_of_plan(session, plan.id, data.delivery_id):
        raise InvalidInput.field(["body", "delivery_id"], msg("document.delivery-not-of-plan"))
    if data.consent_id and not repository.consent_of_student(
        session, plan.student_id, data.consent_id
    ):
        raise InvalidInput.field(["body", "consent_id"], msg("document.consent-not-of-student"))
    doc = Document(
        id=uuid.uuid4(),
        plan_id=plan.id,
        institution_id=plan.institution_id,
        student_id=plan.student_id,
        consent_id=data.consent_id,
        delivery_id=data.delivery_id,
        kind=data.kind,
        filename=_safe_name(data.filename, ALLOWED_TYPES[content_type]),
        content_type=content_type,
        size_bytes=len(data.data),
        sha256=hashlib.sha256(data.data).hexdigest(),
        restricted=data.restricted,
        uploaded_by_id=principal.user_id,
    )
    session.add(doc)
    session.flush()
    storage.write(doc.id, data.data)
    _audit(session, principal, AuditAction.create, doc, f"plan={plan.id} kind={doc.kind}")
    return DocumentRead.model_validate(doc)


def list_for_plan(
    session: Session, principal: Principal, plan_id: uuid.UUID, delivery_id: uuid.UUID | None
) -> list[DocumentRead]:
    if not principal.can(Permission.plans_read):
        raise Forbidden(msg("document.role-reads-no-plans"))
    plan = plans_service.get_plan(session, principal, plan_id)
    docs = [
        d
        for d in repository.documents_of_plan(session, principal, plan.id, delivery_id)
        if _visible(principal, plan, d)
    ]
    audit_service.record_reads(
        session, principal, RESOURCE, [(d.id, d.student_id, d.institution_id) for d in docs]
    )
    return [DocumentRead.model_validate(d) for d in docs]


def _document(
    session: Session, principal: Principal, id: uuid.UUID
) -> tuple[Document, SupportPlan]:
    doc = repository.get_document(session, principal, id)
    plan = repository.plan_of(session, doc.plan_id) if doc is not None else None
    if doc is None or plan is None or not principal.can(Permission.plans_read):
        raise NotFound(msg("document.not-found"))
    if not _visible(principal, plan, doc):
        raise NotFound(msg("document.not-found"))
    return doc, plan


def download(session: Session, principal: Principal, id: uuid.UUID) -> Download:
    doc, _ = _document(session, principal, id)
    if doc.removed_at is not None:
        raise NotFound(msg("document.removed"))
    content = storage.read(doc.id)
    _audit(session, principal, AuditAction.read, doc, "download")
    return Download(content=content, content_type=doc.content_type, filename=doc.filename)


def remove(session: Session, principal: Principal, id: uuid.UUID) -> None:
    doc, plan = _document(session, principal, id)
    if doc.removed_at is not None:
        raise NotFound(msg("document.removed"))
    if plan.status is PlanStatus.closed:
        raise Conflict(msg("plan.closed"))
    may = principal.user_id == doc.uploaded_by_id or principal.can(Permission.plans_approve_school)
    if principal.user_id is None or not may:
        raise Forbidden(msg("document.remove-not-allowed"))
    doc.removed_at = utcnow()
    doc.removed_by_id = principal.user_id
    session.flush()
    _audit(session, principal, AuditAction.delete, doc, f"plan={plan.id}")
    storage.remove(doc.id)
