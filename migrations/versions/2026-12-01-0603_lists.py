"""NGO activities: cancellation with a reason, and the trail of edits, new dates and cancellations

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-01 06:03:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.db

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancel_reason", sa.String(length=1000), nullable=True))
        batch_op.add_column(
            sa.Column("cancelled_at", backend.core.db.UTCDateTime(timezone=True), nullable=True)
        )
    op.create_table(
        "activity_changes",
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "edited",
                "rescheduled",
                "cancelled",
                name="activitychangekind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_changes_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_activity_changes_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_changes")),
    )
    with op.batch_alter_table("activity_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_activity_changes_activity_at", ["activity_id", "at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("activity_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_activity_changes_activity_at")
    op.drop_table("activity_changes")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_column("cancelled_at")
        batch_op.drop_column("cancel_reason")
