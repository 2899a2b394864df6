"""What the reports answer: the plan report of each institution, and the programme monitoring
reports as tables of cells that the disclosure control has been applied to."""

import uuid
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from backend.core import money
from backend.core.schemas import Schema

# --- plan report ----------------------------------------------------------------------------

# Disclosure control (DESIGN §4, backend/core/disclosure.py): outside a school a count from 1 to 4
# is withheld and reported as null, with ``suppressed: true`` on its row, and so is every cell
# withheld so that it cannot be recovered from a total; 0 and 5 or more are shown otherwise.
Count = Annotated[
    int | None,
    Field(description="A count; null when withheld (1 to 4, or a complementary cell)"),
]
Money = Annotated[
    money.Euros | None,
    Field(description="Euros; null when withheld with the row's plans"),
]


class PlansByStatus(Schema):
    draft: Count
    submitted: Count
    approved_school: Count
    approved_municipality: Count
    returned: Count
    active: Count
    evaluated: Count
    closed: Count
    discontinued: Count


class PlansByRiskLevel(Schema):
    low: Count
    medium: Count
    high: Count
    unrated: Count


class ReportCounts(Schema):
    """Counts of one institution or of all in scope; risk factors are not reported at all."""

    suppressed: bool = Field(description="True when a count of this row is withheld (null)")
    students_enrolled: Count = Field(description="Students enrolled during the semester")
    students_with_plan: Count = Field(description="Students with a plan that is not discontinued")
    plans: Count
    plans_by_status: PlansByStatus
    plans_by_risk_level: PlansByRiskLevel
    measures_planned: Count = Field(description="Measures of the plans, cancelled ones left out")
    measures_delivered: Count = Field(description="Measures with at least one delivery logged")
    deliveries: Count
    planned_amount_eur: Money
    delivered_amount_eur: Money
    over_plan_amount_eur: Money = Field(
        description="Money paid beyond the measures' planned amounts"
    )
    over_plan_overrides: Count = Field(
        description="Payments let over the planned amount with a recorded reason"
    )


class InstitutionReport(ReportCounts):
    institution_id: uuid.UUID
    institution_name: str
    municipality_id: uuid.UUID | None


class PlanReport(Schema):
    semester_id: uuid.UUID | None = Field(
        description="The semester counted (the current one unless asked); null: every semester"
    )
    small_cell_suppression: bool = Field(
        description="Whether counts from 1 to 4 are withheld for this caller (outside a school)"
    )
    institutions: list[InstitutionReport]
    totals: ReportCounts


# --- programme monitoring -------------------------------------------------------------------------


class ReportName(StrEnum):
    coverage = "coverage"
    risks = "risks"
    measures = "measures"
    money = "money"
    outcomes = "outcomes"
    effect = "effect"


class GradeBand(StrEnum):
    grades_1_6 = "1-6"
    grades_7_9 = "7-9"
    grades_10_12 = "10-12"


class Track(StrEnum):
    general = "general"
    vocational = "vocational"


class Level(StrEnum):
    nation = "nation"
    municipality = "municipality"
    institution = "institution"


class CellKind(StrEnum):
    counted = "count"
    eur = "eur"
    hours = "hours"
    quantity = "quantity"
    percent = "percent"
    average = "average"


class ColumnInfo(Schema):
    key: str
    kind: CellKind


Cell = Annotated[
    int | Decimal | None,
    Field(
        description="A count (integer), or euros, hours, a percentage or an average (decimal "
        "string); null: withheld "
        "(a count from 1 to 4, or a cell withheld so that one cannot be recovered)"
    ),
]


class Row(Schema):
    key: str = Field(description="The row's id or code")
    label: str
    label_en: str | None = None
    kind: str = Field(description="What the row counts: municipality, institution, group, ...")
    suppressed: bool = Field(description="True when a cell of this row is withheld (null)")
    cells: dict[str, Cell]


class ReportTable(Schema):
    key: str
    columns: list[ColumnInfo]
    rows: list[Row]
    total: Row | None = Field(description="The sum of the rows, where the rows add up")


class Period(Schema):
    school_year_id: uuid.UUID | None
    semester_id: uuid.UUID | None
    semester_ids: list[uuid.UUID] = Field(description="Every semester counted")


class ReportScope(Schema):
    level: Level = Field(description="The level the rows are of")
    municipality_id: uuid.UUID | None
    institution_id: uuid.UUID | None
    grade_band: GradeBand | None
    track: Track | None


class MonitoringReport(Schema):
    report: ReportName
    period: Period
    scope: ReportScope
    small_cell_suppression: bool = Field(
        description="Whether counts from 1 to 4 are withheld, with complementary cells"
    )
    notes: list[str] = Field(description="Codes of caveats the reader is shown, e.g. 'descriptive'")
    tables: list[ReportTable]


class TrendReport(Schema):
    report: ReportName
    table: str
    small_cell_suppression: bool
    columns: list[ColumnInfo]
    rows: list[Row] = Field(description="One row per semester: the report's totals")
