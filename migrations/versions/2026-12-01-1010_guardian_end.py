"""guardians: a student's guardian is ended (with a date and a reason), not deleted

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-01 10:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("student_guardians") as batch:
        batch.add_column(sa.Column("ended_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("end_reason", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("student_guardians") as batch:
        batch.drop_column("end_reason")
        batch.drop_column("ended_on")
