"""support plans, measures, deliveries, approvals, evaluations, notes, history, outbox

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 02:36:52.388006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.db

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox_events",
        sa.Column(
            "sequence",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=60), nullable=False),
        sa.Column("resource_type", sa.String(length=40), nullable=False),
        sa.Column("resource_id", sa.Uuid(), nullable=False),
        sa.Column("natural_key", sa.String(length=100), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("institution_id", sa.Uuid(), nullable=True),
        sa.Column("municipality_id", sa.Uuid(), nullable=True),
        sa.Column("occurred_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sequence", name=op.f("pk_outbox_events")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outbox_events_event_id")),
    )
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_events_institution_id"), ["institution_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_outbox_events_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index(
            "ix_outbox_events_resource", ["resource_type", "resource_id"], unique=False
        )

    op.create_table(
        "support_plans",
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.Column("semester_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "approved_school",
                "approved_municipality",
                "returned",
                "active",
                "evaluated",
                "closed",
                "discontinued",
                name="planstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("status_changed_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("previous_plan_id", sa.Uuid(), nullable=True),
        sa.Column("goals", sa.Text(), nullable=True),
        sa.Column("student_agreed_on", sa.Date(), nullable=True),
        sa.Column(
            "risk_level",
            sa.Enum("low", "medium", "high", name="risklevel", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column("discontinue_reason", sa.String(length=1000), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_support_plans_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_support_plans_institution_id_institutions"),
        ),
        sa.ForeignKeyConstraint(
            ["previous_plan_id"],
            ["support_plans.id"],
            name=op.f("fk_support_plans_previous_plan_id_support_plans"),
        ),
        sa.ForeignKeyConstraint(
            ["semester_id"], ["semesters.id"], name=op.f("fk_support_plans_semester_id_semesters")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["students.id"], name=op.f("fk_support_plans_student_id_students")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_plans")),
        sa.UniqueConstraint("code", name=op.f("uq_support_plans_code")),
    )
    with op.batch_alter_table("support_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_support_plans_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            "ix_support_plans_institution_status", ["institution_id", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_support_plans_previous_plan_id"), ["previous_plan_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_support_plans_semester_id"), ["semester_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_support_plans_student_id"), ["student_id"], unique=False
        )
        batch_op.create_index("ix_support_plans_updated_at_id", ["updated_at", "id"], unique=False)
        batch_op.create_index(
            "uq_support_plans_student_semester",
            ["student_id", "semester_id"],
            unique=True,
            sqlite_where=sa.text("status <> 'discontinued'"),
            postgresql_where=sa.text("status <> 'discontinued'"),
        )

    op.create_table(
        "approvals",
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column(
            "step",
            sa.Enum(
                "school",
                "municipality",
                "national",
                name="approvalstep",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "decision",
            sa.Enum("approved", "returned", name="approvaldecision", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("approver_id", sa.Uuid(), nullable=False),
        sa.Column("comment", sa.String(length=2000), nullable=True),
        sa.Column("at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["approver_id"], ["users.id"], name=op.f("fk_approvals_approver_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["support_plans.id"],
            name=op.f("fk_approvals_plan_id_support_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approvals")),
    )
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_approvals_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "evaluations",
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "goals_met",
                "partly_met",
                "not_met",
                "left_education",
                "transferred",
                name="outcome",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("continue_next", sa.Boolean(), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=True),
        sa.Column("evaluated_by_id", sa.Uuid(), nullable=False),
        sa.Column("at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["evaluated_by_id"], ["users.id"], name=op.f("fk_evaluations_evaluated_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["support_plans.id"],
            name=op.f("fk_evaluations_plan_id_support_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluations")),
        sa.UniqueConstraint("plan_id", name=op.f("uq_evaluations_plan_id")),
    )
    op.create_table(
        "measures",
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("measure_type_id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=True),
        sa.Column("responsible_user_id", sa.Uuid(), nullable=True),
        sa.Column("provider_name", sa.String(length=200), nullable=True),
        sa.Column("planned_quantity", sa.Integer(), nullable=True),
        sa.Column(
            "unit",
            sa.Enum(
                "session",
                "hour",
                "ticket",
                "day",
                "month",
                "item",
                "eur",
                name="measureunit",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("planned_amount_cents", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "in_progress",
                "done",
                "cancelled",
                name="measurestatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("continued_from_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["continued_from_id"],
            ["measures.id"],
            name=op.f("fk_measures_continued_from_id_measures"),
        ),
        sa.ForeignKeyConstraint(
            ["measure_type_id"],
            ["measure_types.id"],
            name=op.f("fk_measures_measure_type_id_measure_types"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["support_plans.id"],
            name=op.f("fk_measures_plan_id_support_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["responsible_user_id"],
            ["users.id"],
            name=op.f("fk_measures_responsible_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measures")),
    )
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_measures_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_measures_responsible_user_id"), ["responsible_user_id"], unique=False
        )

    op.create_table(
        "plan_history",
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_user_id", sa.Uuid(), nullable=True),
        sa.Column("actor_role", sa.String(length=40), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "created",
                "updated",
                "risk_assessment",
                "measure_added",
                "measure_changed",
                "measure_cancelled",
                "delivery_logged",
                "status_changed",
                name="historykind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "from_status",
            sa.Enum(
                "draft",
                "submitted",
                "approved_school",
                "approved_municipality",
                "returned",
                "active",
                "evaluated",
                "closed",
                "discontinued",
                name="planstatus",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "draft",
                "submitted",
                "approved_school",
                "approved_municipality",
                "returned",
                "active",
                "evaluated",
                "closed",
                "discontinued",
                name="planstatus",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column(
            "approval_step",
            sa.Enum(
                "school",
                "municipality",
                "national",
                name="approvalstep",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("comment", sa.String(length=2000), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_user_id"], ["users.id"], name=op.f("fk_plan_history_actor_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["support_plans.id"],
            name=op.f("fk_plan_history_plan_id_support_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_history")),
    )
    with op.batch_alter_table("plan_history", schema=None) as batch_op:
        batch_op.create_index("ix_plan_history_plan_at", ["plan_id", "at"], unique=False)

    op.create_table(
        "plan_notes",
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_plan_notes_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["support_plans.id"],
            name=op.f("fk_plan_notes_plan_id_support_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_notes")),
    )
    with op.batch_alter_table("plan_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_notes_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "rated_factors",
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("risk_factor_id", sa.Uuid(), nullable=False),
        sa.Column(
            "level",
            sa.Enum("low", "medium", "high", name="risklevel", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["support_plans.id"],
            name=op.f("fk_rated_factors_plan_id_support_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["risk_factor_id"],
            ["risk_factors.id"],
            name=op.f("fk_rated_factors_risk_factor_id_risk_factors"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rated_factors")),
        sa.UniqueConstraint(
            "plan_id", "risk_factor_id", name=op.f("uq_rated_factors_plan_id_risk_factor_id")
        ),
    )
    with op.batch_alter_table("rated_factors", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rated_factors_risk_factor_id"), ["risk_factor_id"], unique=False
        )

    op.create_table(
        "risk_assessments",
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("protective_factors", sa.Text(), nullable=True),
        sa.Column(
            "override_level",
            sa.Enum("low", "medium", "high", name="risklevel", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column("override_reason", sa.String(length=1000), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["support_plans.id"],
            name=op.f("fk_risk_assessments_plan_id_support_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_assessments")),
        sa.UniqueConstraint("plan_id", name=op.f("uq_risk_assessments_plan_id")),
    )
    op.create_table(
        "deliveries",
        sa.Column("measure_id", sa.Uuid(), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("amount_cents", sa.Integer(), nullable=True),
        sa.Column("evidence_reference", sa.String(length=200), nullable=True),
        sa.Column("provider_name", sa.String(length=200), nullable=True),
        sa.Column("remote", sa.Boolean(), nullable=False),
        sa.Column(
            "confirmation",
            sa.Enum(
                "signature", "email", "e_journal", name="confirmation", native_enum=False, length=40
            ),
            nullable=True,
        ),
        sa.Column("confirmed_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.Column("recorded_by_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["measures.id"],
            name=op.f("fk_deliveries_measure_id_measures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["support_plans.id"],
            name=op.f("fk_deliveries_plan_id_support_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_deliveries_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
    )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_deliveries_measure_date", ["measure_id", "delivered_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_deliveries_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "evaluation_levels",
        sa.Column("evaluation_id", sa.Uuid(), nullable=False),
        sa.Column("risk_factor_id", sa.Uuid(), nullable=False),
        sa.Column(
            "level_after",
            sa.Enum("low", "medium", "high", name="risklevel", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["evaluations.id"],
            name=op.f("fk_evaluation_levels_evaluation_id_evaluations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["risk_factor_id"],
            ["risk_factors.id"],
            name=op.f("fk_evaluation_levels_risk_factor_id_risk_factors"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_levels")),
        sa.UniqueConstraint(
            "evaluation_id",
            "risk_factor_id",
            name=op.f("uq_evaluation_levels_evaluation_id_risk_factor_id"),
        ),
    )
    op.create_table(
        "measure_factors",
        sa.Column("measure_id", sa.Uuid(), nullable=False),
        sa.Column("risk_factor_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["measures.id"],
            name=op.f("fk_measure_factors_measure_id_measures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["risk_factor_id"],
            ["risk_factors.id"],
            name=op.f("fk_measure_factors_risk_factor_id_risk_factors"),
        ),
        sa.PrimaryKeyConstraint("measure_id", "risk_factor_id", name=op.f("pk_measure_factors")),
    )


def downgrade() -> None:
    op.drop_table("measure_factors")
    op.drop_table("evaluation_levels")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deliveries_plan_id"))
        batch_op.drop_index("ix_deliveries_measure_date")

    op.drop_table("deliveries")
    op.drop_table("risk_assessments")
    with op.batch_alter_table("rated_factors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rated_factors_risk_factor_id"))

    op.drop_table("rated_factors")
    with op.batch_alter_table("plan_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_notes_plan_id"))

    op.drop_table("plan_notes")
    with op.batch_alter_table("plan_history", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_history_plan_at")

    op.drop_table("plan_history")
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measures_responsible_user_id"))
        batch_op.drop_index(batch_op.f("ix_measures_plan_id"))

    op.drop_table("measures")
    op.drop_table("evaluations")
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_approvals_plan_id"))

    op.drop_table("approvals")
    with op.batch_alter_table("support_plans", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_support_plans_student_semester",
            sqlite_where=sa.text("status <> 'discontinued'"),
            postgresql_where=sa.text("status <> 'discontinued'"),
        )
        batch_op.drop_index("ix_support_plans_updated_at_id")
        batch_op.drop_index(batch_op.f("ix_support_plans_student_id"))
        batch_op.drop_index(batch_op.f("ix_support_plans_semester_id"))
        batch_op.drop_index(batch_op.f("ix_support_plans_previous_plan_id"))
        batch_op.drop_index("ix_support_plans_institution_status")
        batch_op.drop_index(batch_op.f("ix_support_plans_author_id"))

    op.drop_table("support_plans")
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_events_resource")
        batch_op.drop_index(batch_op.f("ix_outbox_events_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_events_institution_id"))

    op.drop_table("outbox_events")
