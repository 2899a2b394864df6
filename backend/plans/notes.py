"""A plan's notes and its history of changes."""

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from backend.audit.models import AuditAction, ResourceType
from backend.core.errors import Forbidden
from backend.core.messages import msg
from backend.identity.principal import Principal
from backend.plans import repository, rules, trail
from backend.plans.models import PlanNote
from backend.plans.schemas import (
    SENSITIVE_LABEL,
    FieldChange,
    HistoryEntryRead,
    NoteCreate,
    NoteRead,
)


def _note_reads(session: Session, notes: Sequence[PlanNote]) -> list[NoteRead]:
    names = repository.user_names(session, {n.author_id for n in notes})
    return [
        NoteRead(
            id=n.id,
            plan_id=n.plan_id,
            author_id=n.author_id,
            author_name=names.get(n.author_id, ""),
            text=n.text,
            restricted=n.restricted,
            created_at=n.created_at,
        )
        for n in notes
    ]


def list_notes(session: Session, principal: Principal, id: uuid.UUID) -> list[NoteRead]:
    plan = repository.get_plan(session, principal, id)
    full = rules.sees_restricted(principal, plan)
    trail.audit(
        session,
        principal,
        AuditAction.read,
        plan,
        resource_type=ResourceType.plan_note,
        detail="with restricted" if full else None,
    )
    return _note_reads(session, repository.notes_of(session, plan.id, restricted=full))


def add_note(session: Session, principal: Principal, id: uuid.UUID, data: NoteCreate) -> NoteRead:
    plan = repository.get_plan(session, principal, id)
    rules.ensure_writable(plan)
    if data.restricted and not rules.sees_restricted(principal, plan):
        raise Forbidden(msg("note.restricted-not-allowed"))
    if principal.user_id is None:
        raise Forbidden(msg("note.by-people"))
    note = PlanNote(
        plan_id=plan.id, author_id=principal.user_id, text=data.text, restricted=data.restricted
    )
    repository.add(session, note)
    trail.audit(
        session,
        principal,
        AuditAction.create,
        plan,
        resource_type=ResourceType.plan_note,
        resource_id=note.id,
    )
    return _note_reads(session, [note])[0]


def history(session: Session, principal: Principal, id: uuid.UUID) -> list[HistoryEntryRead]:
    plan = repository.get_plan(session, principal, id)
    full = rules.sees_restricted(principal, plan)
    trail.audit(session, principal, AuditAction.read, plan, resource_type=ResourceType.plan_history)
    entries = repository.history_of(session, plan.id)
    names = repository.user_names(session, {e.actor_user_id for e in entries if e.actor_user_id})
    reads = []
    for e in entries:
        changes = [
            FieldChange(field=c["field"], old=c.get("old"), new=c.get("new"))
            if full or not c.get("sensitive")
            else FieldChange(field=SENSITIVE_LABEL)
            for c in e.changes
        ]
        reads.append(
            HistoryEntryRead(
                at=e.at,
                actor_user_id=e.actor_user_id,
                actor_name=names.get(e.actor_user_id) if e.actor_user_id else None,
                actor_role=e.actor_role,
                kind=e.kind,
                from_status=e.from_status,
                to_status=e.to_status,
                approval_step=e.approval_step,
                changes=changes,
                comment=e.comment,
            )
        )
    return reads
