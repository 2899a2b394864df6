"""early identification: indicator data, versioned rules, flags, dismissals, reports, plan links

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 02:10:00
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import backend.core.db

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The national defaults set by IKVD (the indicator table of the early identification issue).
NATIONAL_DEFAULTS = {
    "A1": {"watch": 95, "alert": 90},
    "A2": {"watch": 10, "alert": 20},
    "A3": {"watch": 50, "alert": 100},
    "C1": {"watch": 1, "alert": 2},
    "C2": {"watch": -0.5, "alert": -1.0},
    "B1": {"watch": 2, "alert": 5},
}


def upgrade() -> None:
    op.create_table(
        "indicator_rule_sets",
        sa.Column("municipality_id", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("thresholds", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_indicator_rule_sets_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_indicator_rule_sets_municipality_id_municipalities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_rule_sets")),
        sa.UniqueConstraint(
            "municipality_id",
            "version",
            name=op.f("uq_indicator_rule_sets_municipality_id_version"),
        ),
    )
    with op.batch_alter_table("indicator_rule_sets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_rule_sets_municipality_id"), ["municipality_id"], unique=False
        )

    op.create_table(
        "indicator_batches",
        sa.Column(
            "kind",
            sa.Enum("csv", "push", "demo", name="sourcekind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("source_key", sa.String(length=64), nullable=False),
        sa.Column("external_id", sa.String(length=100), nullable=False),
        sa.Column("label", sa.String(length=255), nullable=True),
        sa.Column("institution_id", sa.Uuid(), nullable=True),
        sa.Column("municipality_id", sa.Uuid(), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["api_clients.id"],
            name=op.f("fk_indicator_batches_client_id_api_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_indicator_batches_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_indicator_batches_institution_id_institutions"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_indicator_batches_municipality_id_municipalities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_batches")),
        sa.UniqueConstraint(
            "source_key", "external_id", name=op.f("uq_indicator_batches_source_key_external_id")
        ),
    )
    op.create_table(
        "absence_reports",
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("semester_id", sa.Uuid(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("reported_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reported_by_id"], ["users.id"], name=op.f("fk_absence_reports_reported_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["semester_id"], ["semesters.id"], name=op.f("fk_absence_reports_semester_id_semesters")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["students.id"], name=op.f("fk_absence_reports_student_id_students")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absence_reports")),
        sa.UniqueConstraint(
            "student_id", "semester_id", name=op.f("uq_absence_reports_student_id_semester_id")
        ),
    )
    op.create_table(
        "flag_dismissals",
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("semester_id", sa.Uuid(), nullable=False),
        sa.Column(
            "indicator",
            sa.Enum(
                "A1",
                "A2",
                "A3",
                "C1",
                "C2",
                "C3",
                "B1",
                name="indicator",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("dismissed_by_id", sa.Uuid(), nullable=True),
        sa.Column("dismissed_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dismissed_by_id"], ["users.id"], name=op.f("fk_flag_dismissals_dismissed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["semester_id"], ["semesters.id"], name=op.f("fk_flag_dismissals_semester_id_semesters")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["students.id"], name=op.f("fk_flag_dismissals_student_id_students")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flag_dismissals")),
        sa.UniqueConstraint(
            "student_id",
            "semester_id",
            "indicator",
            name=op.f("uq_flag_dismissals_student_id_semester_id_indicator"),
        ),
    )
    op.create_table(
        "student_flags",
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("semester_id", sa.Uuid(), nullable=False),
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.Column("municipality_id", sa.Uuid(), nullable=True),
        sa.Column(
            "indicator",
            sa.Enum(
                "A1",
                "A2",
                "A3",
                "C1",
                "C2",
                "C3",
                "B1",
                name="indicator",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "level",
            sa.Enum("watch", "alert", name="flaglevel", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("value", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("threshold", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("rule_set_id", sa.Uuid(), nullable=False),
        sa.Column("raised_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["indicator_batches.id"],
            name=op.f("fk_student_flags_batch_id_indicator_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_student_flags_institution_id_institutions"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_student_flags_municipality_id_municipalities"),
        ),
        sa.ForeignKeyConstraint(
            ["rule_set_id"],
            ["indicator_rule_sets.id"],
            name=op.f("fk_student_flags_rule_set_id_indicator_rule_sets"),
        ),
        sa.ForeignKeyConstraint(
            ["semester_id"], ["semesters.id"], name=op.f("fk_student_flags_semester_id_semesters")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["students.id"], name=op.f("fk_student_flags_student_id_students")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_student_flags")),
        sa.UniqueConstraint(
            "student_id",
            "semester_id",
            "indicator",
            name=op.f("uq_student_flags_student_id_semester_id_indicator"),
        ),
    )
    with op.batch_alter_table("student_flags", schema=None) as batch_op:
        batch_op.create_index(
            "ix_student_flags_institution_semester", ["institution_id", "semester_id"], unique=False
        )
        batch_op.create_index(
            "ix_student_flags_semester_indicator_level",
            ["semester_id", "indicator", "level"],
            unique=False,
        )

    op.create_table(
        "student_indicators",
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("semester_id", sa.Uuid(), nullable=False),
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("lessons", sa.Integer(), nullable=False),
        sa.Column("absences_excused", sa.Integer(), nullable=False),
        sa.Column("absences_unexcused", sa.Integer(), nullable=False),
        sa.Column("unexcused_last_4w", sa.Integer(), nullable=True),
        sa.Column("unexcused_prev_4w", sa.Integer(), nullable=True),
        sa.Column("behaviour_incidents", sa.Integer(), nullable=False),
        sa.Column("repeating_year", sa.Boolean(), nullable=False),
        sa.Column("extended_year", sa.Boolean(), nullable=False),
        sa.Column("grades", sa.JSON(), nullable=False),
        sa.Column("failing_subjects", sa.Integer(), nullable=False),
        sa.Column("failing_core", sa.Boolean(), nullable=False),
        sa.Column("grade_average", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["indicator_batches.id"],
            name=op.f("fk_student_indicators_batch_id_indicator_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_student_indicators_institution_id_institutions"),
        ),
        sa.ForeignKeyConstraint(
            ["semester_id"],
            ["semesters.id"],
            name=op.f("fk_student_indicators_semester_id_semesters"),
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["students.id"], name=op.f("fk_student_indicators_student_id_students")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_student_indicators")),
        sa.UniqueConstraint(
            "student_id",
            "semester_id",
            "institution_id",
            "as_of",
            name=op.f("uq_student_indicators_student_id_semester_id_institution_id_as_of"),
        ),
    )
    with op.batch_alter_table("student_indicators", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_student_indicators_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_student_indicators_institution_id"), ["institution_id"], unique=False
        )
        batch_op.create_index(
            "ix_student_indicators_semester_student", ["semester_id", "student_id"], unique=False
        )

    op.create_table(
        "plan_flag_links",
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("semester_id", sa.Uuid(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_plan_flag_links_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["support_plans.id"],
            name=op.f("fk_plan_flag_links_plan_id_support_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["semester_id"], ["semesters.id"], name=op.f("fk_plan_flag_links_semester_id_semesters")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["students.id"], name=op.f("fk_plan_flag_links_student_id_students")
        ),
        sa.PrimaryKeyConstraint("plan_id", name=op.f("pk_plan_flag_links")),
    )
    with op.batch_alter_table("plan_flag_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_flag_links_student_id"), ["student_id"], unique=False
        )

    rule_sets = sa.table(
        "indicator_rule_sets",
        sa.column("id", sa.Uuid()),
        sa.column("municipality_id", sa.Uuid()),
        sa.column("version", sa.Integer()),
        sa.column("current", sa.Boolean()),
        sa.column("thresholds", sa.JSON()),
        sa.column("reason", sa.String()),
        sa.column("created_at", backend.core.db.UTCDateTime(timezone=True)),
        sa.column("updated_at", backend.core.db.UTCDateTime(timezone=True)),
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        rule_sets,
        [
            {
                "id": uuid.uuid4(),
                "municipality_id": None,
                "version": 1,
                "current": True,
                "thresholds": NATIONAL_DEFAULTS,
                "reason": "National defaults",
                "created_at": now,
                "updated_at": now,
            }
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("plan_flag_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_flag_links_student_id"))

    op.drop_table("plan_flag_links")
    with op.batch_alter_table("student_indicators", schema=None) as batch_op:
        batch_op.drop_index("ix_student_indicators_semester_student")
        batch_op.drop_index(batch_op.f("ix_student_indicators_institution_id"))
        batch_op.drop_index(batch_op.f("ix_student_indicators_batch_id"))

    op.drop_table("student_indicators")
    with op.batch_alter_table("student_flags", schema=None) as batch_op:
        batch_op.drop_index("ix_student_flags_semester_indicator_level")
        batch_op.drop_index("ix_student_flags_institution_semester")

    op.drop_table("student_flags")
    op.drop_table("flag_dismissals")
    op.drop_table("absence_reports")
    op.drop_table("indicator_batches")
    with op.batch_alter_table("indicator_rule_sets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_rule_sets_municipality_id"))

    op.drop_table("indicator_rule_sets")
