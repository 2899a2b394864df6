"""national scale: indexes for lists, search and the change feed; report cells

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 21:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.db

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Per semester, institution, status and risk level: plans, measures and deliveries, counted once
# and refreshed by ``backend.plans.reports`` (PostgreSQL only; SQLite counts live).
REPORT_PLAN_CELLS = """
CREATE MATERIALIZED VIEW report_plan_cells AS
SELECT p.semester_id, p.institution_id, p.status, coalesce(p.risk_level, 'unrated') AS risk_level,
       count(*) AS plans,
       coalesce(sum(m.measures), 0)::bigint AS measures_planned,
       coalesce(sum(m.planned_cents), 0)::bigint AS planned_cents,
       coalesce(sum(d.measures_delivered), 0)::bigint AS measures_delivered,
       coalesce(sum(d.deliveries), 0)::bigint AS deliveries,
       coalesce(sum(d.delivered_cents), 0)::bigint AS delivered_cents
FROM support_plans p
LEFT JOIN (SELECT plan_id, count(*) AS measures, sum(planned_amount_cents) AS planned_cents
           FROM measures WHERE status <> 'cancelled' GROUP BY plan_id) m ON m.plan_id = p.id
LEFT JOIN (SELECT plan_id, count(DISTINCT measure_id) AS measures_delivered,
                  count(*) AS deliveries, sum(amount_cents) AS delivered_cents
           FROM deliveries GROUP BY plan_id) d ON d.plan_id = p.id
GROUP BY p.semester_id, p.institution_id, p.status, coalesce(p.risk_level, 'unrated')
"""

REPORT_ENROLLED = """
CREATE MATERIALIZED VIEW report_enrolled AS
SELECT s.id AS semester_id, e.institution_id, count(DISTINCT e.student_id) AS students
FROM semesters s
JOIN enrollments e ON e.from_date <= s.ends_on AND (e.to_date IS NULL OR e.to_date >= s.starts_on)
GROUP BY s.id, e.institution_id
"""


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    with op.batch_alter_table("students", schema=None) as batch_op:
        batch_op.create_index(
            "ix_students_name_order", ["family_name", "given_name", "id"], unique=False
        )
        batch_op.create_index(
            "ix_students_institution_name_order",
            ["institution_id", "family_name", "given_name", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_students_search_name_trgm",
            ["search_name"],
            unique=False,
            postgresql_using="gin",
            postgresql_ops={"search_name": "gin_trgm_ops"},
        )
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_events_institution_id")
        batch_op.drop_index("ix_outbox_events_municipality_id")
        batch_op.create_index(
            "ix_outbox_events_institution_sequence", ["institution_id", "sequence"], unique=False
        )
        batch_op.create_index(
            "ix_outbox_events_municipality_sequence", ["municipality_id", "sequence"], unique=False
        )
    if postgres:
        op.execute(REPORT_PLAN_CELLS)
        op.execute(
            "CREATE UNIQUE INDEX uq_report_plan_cells ON report_plan_cells "
            "(semester_id, institution_id, status, risk_level)"
        )
        op.execute(REPORT_ENROLLED)
        op.execute(
            "CREATE UNIQUE INDEX uq_report_enrolled ON report_enrolled (semester_id, institution_id)"
        )
    op.create_table(
        "report_refreshes",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("refreshed_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_report_refreshes")),
    )


def downgrade() -> None:
    op.drop_table("report_refreshes")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP MATERIALIZED VIEW IF EXISTS report_enrolled")
        op.execute("DROP MATERIALIZED VIEW IF EXISTS report_plan_cells")
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_events_municipality_sequence")
        batch_op.drop_index("ix_outbox_events_institution_sequence")
        batch_op.create_index("ix_outbox_events_municipality_id", ["municipality_id"], unique=False)
        batch_op.create_index("ix_outbox_events_institution_id", ["institution_id"], unique=False)
    with op.batch_alter_table("students", schema=None) as batch_op:
        batch_op.drop_index("ix_students_search_name_trgm")
        batch_op.drop_index("ix_students_institution_name_order")
        batch_op.drop_index("ix_students_name_order")
