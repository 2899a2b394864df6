import uuid
from typing import Any

from fastapi import APIRouter, Response

from backend.core.db import DbSession
from backend.core.errors import problem_responses
from backend.plans.dependencies import PlansRead
from backend.reports import exports, service
from backend.reports.exports import ExportFormat, Language
from backend.reports.schemas import (
    GradeBand,
    MonitoringReport,
    PlanReport,
    ReportName,
    Track,
    TrendReport,
)

# The plan report keeps its tag and operation id from before the reports had a package of their own.
router = APIRouter()

READ_ERRORS = problem_responses(401, 403, 404, 422)
_FILES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
            "text/csv": {},
        },
        "description": "The report as XLSX (one sheet per table) or CSV (';' separated)",
    }
}
_MEDIA = {
    ExportFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.csv: "text/csv; charset=utf-8",
}
_FILTERS = (
    "Filters: `semester_id` or `school_year_id` (neither: the current semester), "
    "`municipality_id`, `institution_id` (outside the caller's scope: 404), `grade_band` "
    "(the class of the student's enrolment in the period) and `track` (general or vocational "
    "institutions). Outside a school counts from 1 to 4 are withheld as null with "
    "`suppressed: true` on their row, and complementary cells so that none can be recovered "
    "from a total (DESIGN §4)."
)


@router.get(
    "/reports/plans",
    response_model=PlanReport,
    summary="Plans per institution in scope: counts by status and risk level, measures, money",
    description=(
        "Counted by the database inside the caller's scope (school staff: their institution; "
        "a municipal coordinator: the municipality's institutions; IKVD: all). Without "
        "`semester_id` the current semester is counted. Outside a school counts from 1 "
        "to 4 are withheld: the count is null and its row has `suppressed: true`, and so is "
        "every cell withheld so that a withheld one cannot be computed from a total (money is "
        "withheld with the plans). Risk factors are not reported. Integration clients read "
        "plan statuses instead and get 403 here, as does every role without `plans:read`."
    ),
    operation_id="plans_report",
    tags=["plans"],
    responses=READ_ERRORS,
)
def plan_report(
    session: DbSession, principal: PlansRead, semester_id: uuid.UUID | None = None
) -> PlanReport:
    return service.plan_report(session, principal, semester_id)


@router.get(
    "/reports/monitoring/{report}",
    response_model=MonitoringReport,
    summary="A programme monitoring report: coverage, risks, measures, money or outcomes",
    description=(
        "`coverage`: enrolled, with a plan, plan active, evaluated (students) and plans, per "
        "municipality (IKVD without a municipality) or institution, with a total. `risks`: plans "
        "and students by risk group and factor, by level at assessment. `measures`: per measure "
        "type, planned and delivered. `money`: compensations and paid services per type, planned "
        "and paid, measures paid above their plan. `outcomes`: evaluation results, risk level "
        "before and after, where students with a plan are the next semester. " + _FILTERS
    ),
    operation_id="reports_monitoring",
    tags=["reports"],
    responses=READ_ERRORS,
)
def monitoring(
    session: DbSession,
    principal: PlansRead,
    report: ReportName,
    school_year_id: uuid.UUID | None = None,
    semester_id: uuid.UUID | None = None,
    municipality_id: uuid.UUID | None = None,
    institution_id: uuid.UUID | None = None,
    grade_band: GradeBand | None = None,
    track: Track | None = None,
) -> MonitoringReport:
    q = service.Query(
        school_year_id, semester_id, municipality_id, institution_id, grade_band, track
    )
    return service.build(session, principal, report, q)


@router.get(
    "/reports/monitoring/{report}/export",
    summary="A programme monitoring report as XLSX or CSV",
    description="The same numbers as the report, withheld cells written as withheld. " + _FILTERS,
    operation_id="reports_export",
    tags=["reports"],
    responses={**READ_ERRORS, **_FILES},
    response_class=Response,
)
def export(
    session: DbSession,
    principal: PlansRead,
    report: ReportName,
    format: ExportFormat = ExportFormat.xlsx,
    lang: Language = Language.lv,
    school_year_id: uuid.UUID | None = None,
    semester_id: uuid.UUID | None = None,
    municipality_id: uuid.UUID | None = None,
    institution_id: uuid.UUID | None = None,
    grade_band: GradeBand | None = None,
    track: Track | None = None,
) -> Response:
    q = service.Query(
        school_year_id, semester_id, municipality_id, institution_id, grade_band, track
    )
    built = service.build(session, principal, report, q)
    body = (
        exports.to_xlsx(built, lang)
        if format is ExportFormat.xlsx
        else exports.to_csv(built, lang).encode("utf-8")
    )
    return Response(
        content=body,
        media_type=_MEDIA[format],
        headers={
            "Content-Disposition": f'attachment; filename="{exports.file_name(built, format)}"',
            "Cache-Control": "no-store",
        },
    )


@router.get(
    "/reports/monitoring/{report}/trend",
    response_model=TrendReport,
    summary="The totals of one table of a report, semester by semester",
    description="Each semester that has begun (of `school_year_id` when given) is one row: the "
    "totals of the table `table` (the report's first by default). " + _FILTERS,
    operation_id="reports_trend",
    tags=["reports"],
    responses=READ_ERRORS,
)
def trend(
    session: DbSession,
    principal: PlansRead,
    report: ReportName,
    table: str | None = None,
    school_year_id: uuid.UUID | None = None,
    municipality_id: uuid.UUID | None = None,
    institution_id: uuid.UUID | None = None,
    grade_band: GradeBand | None = None,
    track: Track | None = None,
) -> TrendReport:
    q = service.Query(school_year_id, None, municipality_id, institution_id, grade_band, track)
    return service.trends(session, principal, report, table, q)
