"""plan rules: planned hours and hourly rates, over-plan reasons, voided and corrected
deliveries, early evaluations; the delivery report cells leave voided deliveries out and count
over-plan overrides

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-01 06:02:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.db

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DELIVERY_CELLS = """
WITH per_measure AS (
  SELECT p.semester_id, p.institution_id, p.student_id, m.id AS measure_id, m.measure_type_id,
         m.planned_amount_cents, count(d.id) AS sessions,
         coalesce(sum(d.quantity), 0) AS quantity,
         coalesce(sum(d.duration_minutes), 0) AS minutes,
         sum(d.amount_cents) AS cents,
         count(d.id) FILTER (WHERE d.amount_cents > 0) AS payments,
         count(d.id) FILTER (WHERE d.over_plan_reason IS NOT NULL) AS overrides
  FROM support_plans p
  JOIN deliveries d ON d.plan_id = p.id
  JOIN measures m ON m.id = d.measure_id
  WHERE p.status <> 'discontinued'{voided}
  GROUP BY p.semester_id, p.institution_id, p.student_id, m.id, m.measure_type_id,
           m.planned_amount_cents
)
SELECT semester_id, institution_id, measure_type_id,
       sum(sessions) AS sessions, count(DISTINCT student_id) AS students_reached,
       sum(quantity) AS delivered_quantity, sum(minutes) AS minutes,
       coalesce(sum(cents), 0) AS delivered_cents, sum(payments) AS payments,
       count(*) FILTER (WHERE cents > coalesce(planned_amount_cents, 0)) AS over_plan,
       coalesce(sum(greatest(cents - coalesce(planned_amount_cents, 0), 0)), 0)
         AS over_plan_cents,
       sum(overrides) AS overrides
FROM per_measure
GROUP BY semester_id, institution_id, measure_type_id
"""
_KEY = "semester_id, institution_id, measure_type_id"

# The plan report's cells (made by 0007): deliveries voided left out, and the money paid over
# the measures' plans and the payments let over it with a reason.
_PLAN_CELLS = """
SELECT p.semester_id, p.institution_id, p.status, coalesce(p.risk_level, 'unrated') AS risk_level,
       count(*) AS plans,
       coalesce(sum(m.measures), 0)::bigint AS measures_planned,
       coalesce(sum(m.planned_cents), 0)::bigint AS planned_cents,
       coalesce(sum(d.measures_delivered), 0)::bigint AS measures_delivered,
       coalesce(sum(d.deliveries), 0)::bigint AS deliveries,
       coalesce(sum(d.delivered_cents), 0)::bigint AS delivered_cents,
       coalesce(sum(d.overrides), 0)::bigint AS over_plan_overrides,
       coalesce(sum(o.over_plan_cents), 0)::bigint AS over_plan_cents
FROM support_plans p
LEFT JOIN (SELECT plan_id, count(*) AS measures, sum(planned_amount_cents) AS planned_cents
           FROM measures WHERE status <> 'cancelled' GROUP BY plan_id) m ON m.plan_id = p.id
LEFT JOIN (SELECT plan_id, count(DISTINCT measure_id) AS measures_delivered,
                  count(*) AS deliveries, sum(amount_cents) AS delivered_cents,
                  count(over_plan_reason) AS overrides
           FROM deliveries WHERE voided_at IS NULL GROUP BY plan_id) d ON d.plan_id = p.id
LEFT JOIN (SELECT x.plan_id,
                  sum(greatest(x.cents - coalesce(pm.planned_amount_cents, 0), 0))
                    AS over_plan_cents
           FROM (SELECT plan_id, measure_id, sum(amount_cents) AS cents FROM deliveries
                 WHERE voided_at IS NULL AND amount_cents IS NOT NULL
                 GROUP BY plan_id, measure_id) x
           JOIN measures pm ON pm.id = x.measure_id
           GROUP BY x.plan_id) o ON o.plan_id = p.id
GROUP BY p.semester_id, p.institution_id, p.status, coalesce(p.risk_level, 'unrated')
"""
_OLD_PLAN_CELLS = """
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


def _replace_plan_cells(query: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP MATERIALIZED VIEW IF EXISTS report_plan_cells")
    op.execute(f"CREATE MATERIALIZED VIEW report_plan_cells AS {query}")
    op.execute(
        "CREATE UNIQUE INDEX uq_report_plan_cells ON report_plan_cells "
        "(semester_id, institution_id, status, risk_level)"
    )


def _cells(voided: str, overrides: bool) -> str:
    query = _DELIVERY_CELLS.format(voided=voided)
    if not overrides:
        query = query.replace(
            ",\n         count(d.id) FILTER (WHERE d.over_plan_reason IS NOT NULL) AS overrides", ""
        ).replace(
            ",\n       coalesce(sum(greatest(cents - coalesce(planned_amount_cents, 0), 0)), 0)"
            "\n         AS over_plan_cents,\n       sum(overrides) AS overrides",
            "",
        )
    return query


def _replace_cells(query: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP MATERIALIZED VIEW IF EXISTS report_delivery_cells")
    op.execute(f"CREATE MATERIALIZED VIEW report_delivery_cells AS {query}")
    op.execute(f"CREATE UNIQUE INDEX uq_report_delivery_cells ON report_delivery_cells ({_KEY})")


def upgrade() -> None:
    op.add_column("measure_types", sa.Column("hourly_rate_cents", sa.Integer(), nullable=True))
    op.add_column("measures", sa.Column("planned_hours", sa.Integer(), nullable=True))
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("over_plan_reason", sa.String(1000), nullable=True))
        batch.add_column(
            sa.Column("voided_at", backend.core.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch.add_column(sa.Column("voided_by_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("void_reason", sa.String(1000), nullable=True))
        batch.add_column(
            sa.Column("corrected_at", backend.core.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch.create_foreign_key(
            "fk_deliveries_voided_by_id_users", "users", ["voided_by_id"], ["id"]
        )
    op.add_column("evaluations", sa.Column("early_reason", sa.String(1000), nullable=True))
    _replace_cells(_cells("\n    AND d.voided_at IS NULL", overrides=True))
    _replace_plan_cells(_PLAN_CELLS)


def downgrade() -> None:
    _replace_plan_cells(_OLD_PLAN_CELLS)
    _replace_cells(_cells("", overrides=False))
    op.drop_column("evaluations", "early_reason")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint("fk_deliveries_voided_by_id_users", type_="foreignkey")
        batch.drop_column("corrected_at")
        batch.drop_column("void_reason")
        batch.drop_column("voided_by_id")
        batch.drop_column("voided_at")
        batch.drop_column("over_plan_reason")
    op.drop_column("measures", "planned_hours")
    op.drop_column("measure_types", "hourly_rate_cents")
