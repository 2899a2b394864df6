"""In-app notifications, each user's e-mail preference, and the queue of e-mails to send."""

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, IdMixin, TimestampMixin, enum_type, utcnow


class NotificationKind(StrEnum):
    plan_awaits_approval = "plan_awaits_approval"
    plan_returned = "plan_returned"
    plan_approved = "plan_approved"
    plan_active = "plan_active"
    evaluation_due = "evaluation_due"
    sessions_not_logged = "sessions_not_logged"
    consent_missing = "consent_missing"
    consent_ending = "consent_ending"
    student_flagged = "student_flagged"


class EmailMode(StrEnum):
    immediately = "immediately"
    daily_digest = "daily_digest"
    off = "off"


class Language(StrEnum):
    lv = "lv"
    en = "en"


class MailKind(StrEnum):
    notification = "notification"
    digest = "digest"
    password_reset = "password_reset"  # noqa: S105
    invitation = "invitation"


class MailStatus(StrEnum):
    pending = "pending"
    sent = "sent"


class Notification(IdMixin, TimestampMixin, Base):
    """One thing that waits for one user. Carries the plan code and ids, never a name."""

    __tablename__ = "notifications"
    __table_args__ = (
        # A reminder is made once per subject (its key); event notifications have no key.
        UniqueConstraint("user_id", "dedupe_key"),
        Index("ix_notifications_user_created", "user_id", "created_at"),
        Index("ix_notifications_digest", "digest_pending", "user_id"),
        Index("ix_notifications_mail", "mail_pending"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(enum_type(NotificationKind))
    plan_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("support_plans.id", ondelete="CASCADE"), index=True
    )
    plan_code: Mapped[str | None] = mapped_column(String(24))
    student_id: Mapped[uuid.UUID | None]
    institution_id: Mapped[uuid.UUID | None]
    # The approver's comment of a returned plan (shown in the app, never e-mailed).
    comment: Mapped[str | None] = mapped_column(String(2000))
    due_on: Mapped[date | None]
    dedupe_key: Mapped[str | None] = mapped_column(String(120))
    read_at: Mapped[datetime | None]
    # Waits for the user's next daily digest.
    digest_pending: Mapped[bool] = mapped_column(default=False)
    # Waits for its own e-mail (the user's preference is "immediately"): the worker writes it.
    mail_pending: Mapped[bool] = mapped_column(default=False)


class NotificationPreference(TimestampMixin, Base):
    __tablename__ = "notification_preferences"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    email_mode: Mapped[EmailMode] = mapped_column(
        enum_type(EmailMode), default=EmailMode.immediately
    )
    language: Mapped[Language] = mapped_column(enum_type(Language), default=Language.lv)
    last_digest_on: Mapped[date | None]


class MailMessage(IdMixin, TimestampMixin, Base):
    """An e-mail waiting to be sent (or sent): written in the transaction that causes it, sent by
    the worker, retried with backoff until the server takes it."""

    __tablename__ = "mail_messages"
    __table_args__ = (Index("ix_mail_messages_status_next", "status", "next_attempt_at"),)

    kind: Mapped[MailKind] = mapped_column(enum_type(MailKind))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    # Emptied once sent for mails that carry a one-time link.
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[MailStatus] = mapped_column(enum_type(MailStatus), default=MailStatus.pending)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[datetime | None]
