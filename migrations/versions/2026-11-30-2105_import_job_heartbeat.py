"""Import jobs: a heartbeat of the process running them

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 21:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.db

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("heartbeat_at", backend.core.db.UTCDateTime(timezone=True), nullable=True)
        )
    # A job's last known sign of life is its last change.
    op.execute("UPDATE import_jobs SET heartbeat_at = updated_at")
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.alter_column(
            "heartbeat_at",
            existing_type=backend.core.db.UTCDateTime(timezone=True),
            nullable=False,
        )
        batch_op.create_index(
            "ix_import_jobs_status_heartbeat_at", ["status", "heartbeat_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_import_jobs_status_heartbeat_at")
        batch_op.drop_column("heartbeat_at")
