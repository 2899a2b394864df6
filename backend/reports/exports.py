"""The monitoring reports as XLSX and CSV: written from the same ``MonitoringReport`` the screen
shows, so the numbers are the same and the withheld cells are withheld - written as the word for
"withheld" of the reader's language, never as a number."""

import csv
import io
from decimal import Decimal
from enum import StrEnum

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from backend.core.spreadsheet import safe_cell
from backend.reports.schemas import CellKind, MonitoringReport, ReportTable, Row


class Language(StrEnum):
    lv = "lv"
    en = "en"


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


WITHHELD = {Language.lv: "slēpts", Language.en: "withheld"}
TOTAL = {Language.lv: "Kopā", Language.en: "Total"}
FIRST = {Language.lv: "Rinda", Language.en: "Row"}

# Column headings (Latvian, English); a key missing here is written as it is.
HEADINGS: dict[str, tuple[str, str]] = {
    "enrolled": ("Izglītojamie", "Enrolled"),
    "flagged": ("Ar riska signālu", "Flagged"),
    "flagged_without_plan": ("Ar signālu, bez plāna", "Flagged, no plan"),
    "absence_before": ("Kavējumi pirms, %", "Absence before, %"),
    "absence_after": ("Kavējumi pēc, %", "Absence after, %"),
    "failing_before": ("Nesekmīgi priekšmeti pirms", "Failing subjects before"),
    "failing_after": ("Nesekmīgi priekšmeti pēc", "Failing subjects after"),
    "received": ("Saņēma", "Received"),
    "not_received": ("Nesaņēma", "Did not receive"),
    "absence_change_received": ("Kavējumu izmaiņa, saņēma (pp)", "Absence change, received (pp)"),
    "absence_change_not_received": (
        "Kavējumu izmaiņa, nesaņēma (pp)",
        "Absence change, not received (pp)",
    ),
    "failing_change_received": ("Nesekmīgo izmaiņa, saņēma", "Failing change, received"),
    "failing_change_not_received": ("Nesekmīgo izmaiņa, nesaņēma", "Failing change, not received"),
    "with_plan": ("Ar plānu", "With a plan"),
    "plan_active": ("Plāns īstenots", "Plan active"),
    "evaluated": ("Izvērtēts", "Evaluated"),
    "plans": ("Plāni", "Plans"),
    "students": ("Izglītojamie", "Students"),
    "low": ("Zems", "Low"),
    "medium": ("Vidējs", "Medium"),
    "high": ("Augsts", "High"),
    "unrated": ("Nav novērtēts", "Not rated"),
    "measures": ("Pasākumi", "Measures"),
    "by_staff": ("Skolas personāls", "School staff"),
    "by_provider": ("Ārējs pakalpojumu sniedzējs", "External provider"),
    "planned_quantity": ("Plānotais daudzums", "Planned quantity"),
    "students_reached": ("Saņēma atbalstu", "Students reached"),
    "sessions": ("Reizes", "Sessions"),
    "delivered_quantity": ("Sniegtais daudzums", "Delivered quantity"),
    "hours": ("Stundas", "Hours"),
    "planned_eur": ("Plānots, EUR", "Planned, EUR"),
    "payments": ("Maksājumi", "Payments"),
    "delivered_eur": ("Izmaksāts, EUR", "Paid, EUR"),
    "over_plan": ("Virs plāna", "Over plan"),
    "improved": ("Uzlabojās", "Improved"),
    "unchanged": ("Nemainījās", "Unchanged"),
    "worse": ("Pasliktinājās", "Worse"),
    "enrolled_next": ("Turpina mācības", "Still enrolled"),
}
SHEETS: dict[str, tuple[str, str]] = {
    "funnel": ("Aptvērums", "Coverage"),
    "levels": ("Riska līmeņi", "Risk levels"),
    "groups": ("Riska grupas", "Risk groups"),
    "factors": ("Riska faktori", "Risk factors"),
    "measure_types": ("Pasākumu veidi", "Measure types"),
    "money_by_type": ("Finansējums", "Money"),
    "evaluation": ("Izvērtējums", "Evaluation"),
    "level_change_groups": ("Izmaiņas pa grupām", "Change by group"),
    "level_change_factors": ("Izmaiņas pa faktoriem", "Change by factor"),
    "next_semester": ("Nākamais semestris", "Next semester"),
    "indicator_change": ("Rādītāju izmaiņa", "Indicator change"),
    "by_measure_type": ("Vai tas palīdz", "Does it work"),
}
_LEVELS = {"low": ("zems", "low"), "medium": ("vidējs", "medium"), "high": ("augsts", "high")}


def heading(key: str, lang: Language) -> str:
    pick = 0 if lang is Language.lv else 1
    if key in HEADINGS:
        return HEADINGS[key][pick]
    for when in ("before_", "after_"):
        if key.startswith(when) and key[len(when) :] in _LEVELS:
            word = ("Pirms", "Before") if when == "before_" else ("Pēc", "After")
            return f"{word[pick]}: {_LEVELS[key[len(when) :]][pick]}"
    return key


def _label(row: Row, lang: Language) -> str:
    if row.kind == "total":
        return TOTAL[lang]
    if lang is Language.en and row.label_en:
        return row.label_en
    return row.label


def _rows(table: ReportTable) -> list[Row]:
    return [*table.rows, *([table.total] if table.total is not None else [])]


def file_name(report: MonitoringReport, fmt: ExportFormat) -> str:
    return f"pumpurs-{report.report.value}.{fmt.value}"


_FORMATS = {
    CellKind.counted: "#,##0",
    CellKind.quantity: "#,##0",
    CellKind.hours: "#,##0.0",
    CellKind.eur: '#,##0.00" €"',
    CellKind.percent: "0.00",
    CellKind.average: "0.00",
}


def to_xlsx(report: MonitoringReport, lang: Language) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    head_font = Font(bold=True, color="FFFFFF")
    head_fill = PatternFill("solid", fgColor="1F4E79")
    for table in report.tables:
        title = SHEETS.get(table.key, (table.key, table.key))[0 if lang is Language.lv else 1]
        sheet = book.create_sheet(title[:31])
        sheet.append([FIRST[lang], *[heading(c.key, lang) for c in table.columns]])
        for cell in sheet[1]:
            cell.font = head_font
            cell.fill = head_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in _rows(table):
            line: list[object] = [_label(row, lang)]
            for col in table.columns:
                value = row.cells.get(col.key, "")
                line.append(WITHHELD[lang] if value is None and col.key in row.cells else value)
            sheet.append(line)
            if row.kind == "total":
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
        for index, col in enumerate(table.columns, start=2):
            letter = get_column_letter(index)
            for cell in sheet[letter][1:]:
                if isinstance(cell.value, int | float | Decimal):
                    cell.number_format = _FORMATS[col.kind]
                else:
                    cell.alignment = Alignment(horizontal="right")
            sheet.column_dimensions[letter].width = 16
        sheet.column_dimensions["A"].width = 40
        sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(report: MonitoringReport, lang: Language) -> str:
    """Every table one after the other, each with its name and its header line; ';' separated,
    decimal point as in the API."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for table in report.tables:
        title = SHEETS.get(table.key, (table.key, table.key))[0 if lang is Language.lv else 1]
        writer.writerow([title])
        writer.writerow([FIRST[lang], *[heading(c.key, lang) for c in table.columns]])
        for row in _rows(table):
            line = [safe_cell(_label(row, lang))]
            for col in table.columns:
                if col.key not in row.cells:
                    line.append("")
                    continue
                value = row.cells[col.key]
                line.append(WITHHELD[lang] if value is None else str(value))
            writer.writerow(line)
        writer.writerow([])
    return out.getvalue()
