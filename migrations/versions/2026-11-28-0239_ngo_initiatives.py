"""Youth NGO initiatives: calls, projects, activities, links to plan measures

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 02:39:37.671315
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.db

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "initiative_calls",
        sa.Column("municipality_id", sa.Uuid(), nullable=False),
        sa.Column("school_year_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("budget_cents", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("created_by_user_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("budget_cents > 0", name=op.f("ck_initiative_calls_budget_positive")),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_initiative_calls_created_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_initiative_calls_municipality_id_municipalities"),
        ),
        sa.ForeignKeyConstraint(
            ["school_year_id"],
            ["school_years.id"],
            name=op.f("fk_initiative_calls_school_year_id_school_years"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative_calls")),
    )
    with op.batch_alter_table("initiative_calls", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_initiative_calls_municipality_id"), ["municipality_id"], unique=False
        )

    op.create_table(
        "initiative_projects",
        sa.Column("call_id", sa.Uuid(), nullable=False),
        sa.Column("ngo_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "submitted",
                "approved",
                "rejected",
                "completed",
                name="projectstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("submitted_by_user_id", sa.Uuid(), nullable=True),
        sa.Column("decision_comment", sa.Text(), nullable=True),
        sa.Column("decided_at", backend.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by_user_id", sa.Uuid(), nullable=True),
        sa.Column("report", sa.Text(), nullable=True),
        sa.Column("used_cents", sa.Integer(), nullable=True),
        sa.Column("completed_at", backend.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_initiative_projects_amount_positive")),
        sa.CheckConstraint(
            "starts_on <= ends_on", name=op.f("ck_initiative_projects_period_ordered")
        ),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["initiative_calls.id"],
            name=op.f("fk_initiative_projects_call_id_initiative_calls"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_user_id"],
            ["users.id"],
            name=op.f("fk_initiative_projects_decided_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["ngo_id"], ["ngos.id"], name=op.f("fk_initiative_projects_ngo_id_ngos")
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_user_id"],
            ["users.id"],
            name=op.f("fk_initiative_projects_submitted_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative_projects")),
    )
    with op.batch_alter_table("initiative_projects", schema=None) as batch_op:
        batch_op.create_index(
            "ix_initiative_projects_call_status", ["call_id", "status"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_initiative_projects_ngo_id"), ["ngo_id"], unique=False)

    op.create_table(
        "activities",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "team_building",
                "peer_mentoring",
                "workshop",
                "other",
                name="activitytype",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.Column("planned_participants", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("planned", "held", name="activitystatus", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("actual_participants", sa.Integer(), nullable=True),
        sa.Column("at_risk_participants", sa.Integer(), nullable=True),
        sa.Column("feedback", sa.Text(), nullable=True),
        sa.Column("recorded_at", backend.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "at_risk_participants IS NULL OR at_risk_participants <= actual_participants",
            name=op.f("ck_activities_at_risk_within_actual"),
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_activities_institution_id_institutions"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["initiative_projects.id"],
            name=op.f("fk_activities_project_id_initiative_projects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(
            "ix_activities_institution_date", ["institution_id", "held_on"], unique=False
        )
        batch_op.create_index("ix_activities_project_date", ["project_id", "held_on"], unique=False)

    op.create_table(
        "initiative_project_institutions",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_initiative_project_institutions_institution_id_institutions"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["initiative_projects.id"],
            name=op.f("fk_initiative_project_institutions_project_id_initiative_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "project_id", "institution_id", name=op.f("pk_initiative_project_institutions")
        ),
    )
    with op.batch_alter_table("initiative_project_institutions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_initiative_project_institutions_institution_id"),
            ["institution_id"],
            unique=False,
        )

    op.create_table(
        "activity_class_groups",
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("class_group_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_class_groups_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["class_group_id"],
            ["class_groups.id"],
            name=op.f("fk_activity_class_groups_class_group_id_class_groups"),
        ),
        sa.PrimaryKeyConstraint(
            "activity_id", "class_group_id", name=op.f("pk_activity_class_groups")
        ),
    )
    with op.batch_alter_table("activity_class_groups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_class_groups_class_group_id"), ["class_group_id"], unique=False
        )

    op.create_table(
        "activity_measure_links",
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("measure_id", sa.Uuid(), nullable=False),
        sa.Column("linked_by_user_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", backend.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_measure_links_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["linked_by_user_id"],
            ["users.id"],
            name=op.f("fk_activity_measure_links_linked_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["measures.id"],
            name=op.f("fk_activity_measure_links_measure_id_measures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "activity_id", "measure_id", name=op.f("pk_activity_measure_links")
        ),
    )
    with op.batch_alter_table("activity_measure_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_measure_links_measure_id"), ["measure_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("activity_measure_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_measure_links_measure_id"))

    op.drop_table("activity_measure_links")
    with op.batch_alter_table("activity_class_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_class_groups_class_group_id"))

    op.drop_table("activity_class_groups")
    with op.batch_alter_table("initiative_project_institutions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_project_institutions_institution_id"))

    op.drop_table("initiative_project_institutions")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index("ix_activities_project_date")
        batch_op.drop_index("ix_activities_institution_date")

    op.drop_table("activities")
    with op.batch_alter_table("initiative_projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_projects_ngo_id"))
        batch_op.drop_index("ix_initiative_projects_call_status")

    op.drop_table("initiative_projects")
    with op.batch_alter_table("initiative_calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_calls_municipality_id"))

    op.drop_table("initiative_calls")
