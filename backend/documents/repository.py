"""All SQL of documents; every read goes through ``readable_documents`` (the plan's scope)."""

import uuid

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from backend.documents.models import Document
from backend.identity.principal import Principal
from backend.plans.measures.models import Delivery
from backend.plans.models import SupportPlan
from backend.schools.scope import institution_scope
from backend.students.models import Consent


def readable_documents(principal: Principal) -> Select[Document]:
    return select(Document).where(institution_scope(principal, Document.institution_id))


def get_document(session: Session, principal: Principal, id: uuid.UUID) -> Document | None:
    return session.scalar(readable_documents(principal).where(Document.id == id))


def documents_of_plan(
    session: Session, principal: Principal, plan_id: uuid.UUID, delivery_id: uuid.UUID | None
) -> list[Document]:
    stmt = readable_documents(principal).where(Document.plan_id == plan_id)
    if delivery_id is not None:
        stmt = stmt.where(Document.delivery_id == delivery_id)
    return list(session.scalars(stmt.order_by(Document.created_at, Document.id)))


def delivery_of_plan(
    session: Session, plan_id: uuid.UUID, delivery_id: uuid.UUID
) -> Delivery | None:
    return session.scalar(
        select(Delivery).where(Delivery.id == delivery_id, Delivery.plan_id == plan_id)
    )


def consent_of_student(
    session: Session, student_id: uuid.UUID, consent_id: uuid.UUID
) -> Consent | None:
    return session.scalar(
        select(Consent).where(Consent.id == consent_id, Consent.student_id == student_id)
    )


def plan_of(session: Session, plan_id: uuid.UUID) -> SupportPlan | None:
    return session.get(SupportPlan, plan_id)
