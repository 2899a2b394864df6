"""The subject-access export as a readable PDF (fpdf2, with DejaVu Sans for Latvian letters)."""

from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from fpdf import FPDF

from backend.privacy.schemas import Record, SubjectAccessExport

FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVu"


def _text(value: Any) -> str:
    match value:
        case None:
            return "—"
        case bool():
            return "jā / yes" if value else "nē / no"
        case Enum():
            return str(value.value)
        case datetime():
            return value.strftime("%Y-%m-%d %H:%M:%S UTC")
        case date():
            return value.isoformat()
        case list():
            return ", ".join(_text(v) for v in value) or "—"
        case dict():
            return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
        case _:
            return str(value)


class _Document(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.title_text = title
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(title)
        self.set_creator("Pumpurs")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7)
        self.cell(0, 5, f"{self.title_text} — {self.page_no()}/{{nb}}", align="C")

    def heading(self, text: str, size: int = 12) -> None:
        self.ln(2)
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.6, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def fields(self, record: Record) -> None:
        for key, value in record.items():
            self.set_font(FONT, "B", 8)
            self.set_text_color(80)
            self.cell(48, 4.5, key)
            self.set_text_color(0)
            self.set_font(FONT, "", 8)
            self.multi_cell(0, 4.5, _text(value), new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def records(self, title: str, records: list[Record]) -> None:
        self.heading(f"{title} ({len(records)})", size=10)
        for number, record in enumerate(records):
            if number:
                # A rule between records of one section.
                self.set_draw_color(200)
                self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
                self.ln(1.5)
            self.fields(record)


def render(export: SubjectAccessExport) -> bytes:
    student = export.student
    name = f"{student['given_name']} {student['family_name']}"
    doc = _Document(f"Datu izraksts / Subject access export: {name}")
    doc.alias_nb_pages()
    doc.add_page()
    doc.heading(f"Datu subjekta piekļuves izraksts — {name}", size=15)
    doc.set_font(FONT, "", 9)
    doc.multi_cell(
        0,
        5,
        "Subject access export (GDPR Art. 15): every record Pumpurs holds about the student, "
        f"as stored. Sagatavots / generated {_text(export.generated_at)}.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.heading("Skolēns / Student")
    doc.fields(student)
    doc.records("Mācību gaitas / Enrollments", export.enrollments)
    doc.records("Likumiskie pārstāvji / Guardians", export.guardians)
    doc.records("Piekrišanas / Consents", export.consents)
    for plan in export.plans:
        doc.add_page()
        doc.heading(f"Atbalsta plāns / Support plan {plan.plan['code']}")
        doc.fields(plan.plan)
        doc.records(
            "Risku izvērtējums / Risk assessment",
            [plan.risk_assessment] if plan.risk_assessment else [],
        )
        doc.records("Riska faktori / Rated factors", plan.rated_factors)
        doc.records("Pasākumi / Measures", plan.measures)
        doc.records("Sniegtais atbalsts / Deliveries", plan.deliveries)
        doc.records("Apstiprinājumi / Approvals", plan.approvals)
        doc.records("Izvērtējums / Evaluation", [plan.evaluation] if plan.evaluation else [])
        doc.records("Līmeņi pēc / Levels after", plan.evaluation_levels)
        doc.records("Piezīmes / Notes", plan.notes)
        doc.records("Vēsture / History", plan.history)
        doc.records("NVO aktivitātes / NGO activities", plan.activity_links)
    doc.add_page()
    doc.records(
        "Piekļuves žurnāls / Audit of reads and changes",
        [event.model_dump() for event in export.audit_events],
    )
    return bytes(doc.output())
