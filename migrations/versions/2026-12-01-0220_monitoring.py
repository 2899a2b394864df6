"""programme monitoring: pre-counted report cells per semester and institution

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 02:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# PostgreSQL only (SQLite counts live): the programme monitoring reports' counts per semester and
# institution, refreshed with report_plan_cells by ``backend.reports.repository.refresh_cells``.
VIEWS: dict[str, tuple[str, str]] = {
    "report_coverage_cells": (
        """
SELECT p.semester_id, p.institution_id,
       count(DISTINCT p.student_id) FILTER (WHERE p.status <> 'discontinued') AS with_plan,
       count(*) AS plans,
       count(DISTINCT p.student_id)
         FILTER (WHERE p.status IN ('active', 'evaluated', 'closed')) AS plan_active,
       count(DISTINCT p.student_id) FILTER (WHERE e.id IS NOT NULL) AS evaluated
FROM support_plans p LEFT JOIN evaluations e ON e.plan_id = p.id
GROUP BY p.semester_id, p.institution_id
""",
        "semester_id, institution_id",
    ),
    "report_flag_cells": (
        """
SELECT f.semester_id, f.institution_id,
       count(DISTINCT f.student_id) AS flagged,
       count(DISTINCT f.student_id) FILTER (WHERE NOT EXISTS (
         SELECT 1 FROM support_plans p WHERE p.student_id = f.student_id
           AND p.semester_id = f.semester_id AND p.status <> 'discontinued'))
         AS flagged_without_plan
FROM student_flags f
GROUP BY f.semester_id, f.institution_id
""",
        "semester_id, institution_id",
    ),
    "report_risk_cells": (
        """
WITH rated AS (
  SELECT p.semester_id, p.institution_id, p.id AS plan_id, k.id AS factor_id, k.group_id,
         CASE r.level WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 END AS rank
  FROM support_plans p
  JOIN rated_factors r ON r.plan_id = p.id
  JOIN risk_factors k ON k.id = r.risk_factor_id
  WHERE p.status <> 'discontinued'
)
SELECT semester_id, institution_id, 'group' AS kind, group_id AS key_id, rank, count(*) AS plans
FROM (SELECT semester_id, institution_id, plan_id, group_id, max(rank) AS rank
      FROM rated GROUP BY semester_id, institution_id, plan_id, group_id) g
GROUP BY semester_id, institution_id, group_id, rank
UNION ALL
SELECT semester_id, institution_id, 'factor', factor_id, rank, count(*)
FROM rated GROUP BY semester_id, institution_id, factor_id, rank
""",
        "semester_id, institution_id, kind, key_id, rank",
    ),
    "report_measure_cells": (
        """
SELECT p.semester_id, p.institution_id, m.measure_type_id,
       count(m.id) AS measures, count(DISTINCT p.student_id) AS students,
       coalesce(sum(m.planned_quantity), 0) AS planned_quantity,
       coalesce(sum(m.planned_amount_cents), 0) AS planned_cents,
       count(m.id) FILTER (WHERE m.responsible_user_id IS NOT NULL) AS by_staff
FROM support_plans p JOIN measures m ON m.plan_id = p.id
WHERE p.status <> 'discontinued' AND m.status <> 'cancelled'
GROUP BY p.semester_id, p.institution_id, m.measure_type_id
""",
        "semester_id, institution_id, measure_type_id",
    ),
    "report_delivery_cells": (
        """
WITH per_measure AS (
  SELECT p.semester_id, p.institution_id, p.student_id, m.id AS measure_id, m.measure_type_id,
         m.planned_amount_cents, count(d.id) AS sessions,
         coalesce(sum(d.quantity), 0) AS quantity,
         coalesce(sum(d.duration_minutes), 0) AS minutes,
         sum(d.amount_cents) AS cents,
         count(d.id) FILTER (WHERE d.amount_cents > 0) AS payments
  FROM support_plans p
  JOIN deliveries d ON d.plan_id = p.id
  JOIN measures m ON m.id = d.measure_id
  WHERE p.status <> 'discontinued'
  GROUP BY p.semester_id, p.institution_id, p.student_id, m.id, m.measure_type_id,
           m.planned_amount_cents
)
SELECT semester_id, institution_id, measure_type_id,
       sum(sessions) AS sessions, count(DISTINCT student_id) AS students_reached,
       sum(quantity) AS delivered_quantity, sum(minutes) AS minutes,
       coalesce(sum(cents), 0) AS delivered_cents, sum(payments) AS payments,
       count(*) FILTER (WHERE cents > coalesce(planned_amount_cents, 0)) AS over_plan
FROM per_measure
GROUP BY semester_id, institution_id, measure_type_id
""",
        "semester_id, institution_id, measure_type_id",
    ),
    "report_outcome_cells": (
        """
SELECT p.semester_id, p.institution_id, e.outcome, count(*) AS plans
FROM support_plans p JOIN evaluations e ON e.plan_id = p.id
GROUP BY p.semester_id, p.institution_id, e.outcome
""",
        "semester_id, institution_id, outcome",
    ),
    "report_level_change_cells": (
        """
WITH pairs AS (
  SELECT p.semester_id, p.institution_id, p.id AS plan_id, k.id AS factor_id, k.group_id,
         CASE r.level WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 END AS before,
         CASE l.level_after WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 END AS after
  FROM support_plans p
  JOIN rated_factors r ON r.plan_id = p.id
  JOIN risk_factors k ON k.id = r.risk_factor_id
  JOIN evaluations e ON e.plan_id = p.id
  JOIN evaluation_levels l ON l.evaluation_id = e.id AND l.risk_factor_id = r.risk_factor_id
  WHERE l.level_after IS NOT NULL
)
SELECT semester_id, institution_id, 'group' AS kind, group_id AS key_id, before, after,
       count(*) AS plans
FROM (SELECT semester_id, institution_id, plan_id, group_id,
             max(before) AS before, max(after) AS after
      FROM pairs GROUP BY semester_id, institution_id, plan_id, group_id) g
GROUP BY semester_id, institution_id, group_id, before, after
UNION ALL
SELECT semester_id, institution_id, 'factor', factor_id, before, after, count(*)
FROM pairs GROUP BY semester_id, institution_id, factor_id, before, after
""",
        "semester_id, institution_id, kind, key_id, before, after",
    ),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, (query, key) in VIEWS.items():
        op.execute(f"CREATE MATERIALIZED VIEW {name} AS {query}")
        op.execute(f"CREATE UNIQUE INDEX uq_{name} ON {name} ({key})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in reversed(VIEWS):
        op.execute(f"DROP MATERIALIZED VIEW IF EXISTS {name}")
