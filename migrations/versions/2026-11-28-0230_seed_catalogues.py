"""seed the risk and measure catalogues (DESIGN §2)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 02:30:00
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A fixed namespace gives every catalogue row the same id on every installation.
_NS = uuid.UUID("6f3a4c52-1d7e-4b7a-9a51-5c0f0e2a9d11")

RISK_GROUPS = [
    ("learning_school", "Mācību darba un izglītības iestādes riski", "Learning and school risks"),
    ("economic", "Ekonomiskie riski", "Economic risks"),
    ("family", "Ar ģimeni saistītie riski", "Family-related risks"),
    ("social_health", "Sociālās vides un veselības riski", "Social environment and health risks"),
]

# code, group, Latvian, English, sensitive
RISK_FACTORS = [
    (
        "LS01",
        "learning_school",
        "Zemi mācību sasniegumi, nepietiekami vērtējumi",
        "Low achievement / failing grades",
        False,
    ),
    (
        "LS02",
        "learning_school",
        "Grūtības apgūt mācību saturu",
        "Difficulty mastering the curriculum",
        False,
    ),
    ("LS03", "learning_school", "Iepriekš neapgūts mācību saturs", "Content missed earlier", False),
    ("LS04", "learning_school", "Neattaisnoti kavējumi", "Unexcused absences", False),
    ("LS05", "learning_school", "Mācīšanās traucējumi", "Learning disorder", False),
    ("LS06", "learning_school", "Uzvedības problēmas", "Behaviour problems", False),
    ("LS07", "learning_school", "Valodas barjera", "Language barrier", False),
    (
        "LS08",
        "learning_school",
        "Konflikti ar vienaudžiem vai skolotājiem",
        "Conflicts with peers or teachers",
        False,
    ),
    ("LS09", "learning_school", "Motivācijas trūkums", "Lack of motivation", False),
    (
        "LS10",
        "learning_school",
        "Atstāšana uz otru gadu / pagarināts mācību gads",
        "Grade repetition / extended year",
        False,
    ),
    ("LS11", "learning_school", "Skolas maiņa", "School change", False),
    ("LS12", "learning_school", "Vardarbība skolā (mobings)", "Bullying", False),
    (
        "EC01",
        "economic",
        "Zemi ienākumi, materiālie apstākļi",
        "Low income / material conditions",
        False,
    ),
    ("EC02", "economic", "Transporta izmaksas, attālums", "Transport cost / distance", False),
    ("EC03", "economic", "Nav nodrošināta ēdināšana", "Meals not ensured", False),
    ("EC04", "economic", "Dienesta viesnīcas vai mājokļa izmaksas", "Accommodation cost", False),
    (
        "EC05",
        "economic",
        "Trūkst mācību līdzekļu, apģērba, higiēnas preču",
        "Lacks learning materials, clothing, hygiene items",
        False,
    ),
    ("EC06", "economic", "Nepieciešamība strādāt", "Needs to work", False),
    ("FA01", "family", "Zema vecāku iesaiste", "Low parental involvement", False),
    ("FA02", "family", "Sarežģītas attiecības ģimenē", "Difficult family relations", False),
    (
        "FA03",
        "family",
        "Vecāki ārzemēs, bērns bez uzraudzības",
        "Parents abroad / unsupervised",
        False,
    ),
    ("FA04", "family", "Ārpusģimenes aprūpe", "Out-of-family care", False),
    ("FA05", "family", "Vardarbība ģimenē", "Domestic violence", True),
    ("FA06", "family", "Agrīna laulība vai vecāku statuss", "Early marriage or parenthood", False),
    ("SH01", "social_health", "Veselības problēmas", "Health problems", True),
    ("SH02", "social_health", "Psihoemocionālas grūtības", "Psycho-emotional difficulties", True),
    ("SH03", "social_health", "Grūtniecība", "Pregnancy", True),
    ("SH04", "social_health", "Atkarības", "Addictions", True),
    ("SH05", "social_health", "Negatīva vienaudžu ietekme", "Negative peer influence", False),
    ("SH06", "social_health", "Likumpārkāpumi", "Offending", True),
    (
        "SH07",
        "social_health",
        "Temperamenta vai uzvedības īpatnības",
        "Temperament or behavioural traits",
        False,
    ),
]

# code, category, Latvian, English, unit, minimum age
MEASURE_TYPES = [
    (
        "subject_consultation",
        "consultation",
        "Pedagoga konsultācija mācību priekšmetā",
        "Subject consultation",
        "session",
        None,
    ),
    ("psychologist", "consultation", "Psihologa konsultācija", "Psychologist", "session", None),
    (
        "social_pedagogue",
        "consultation",
        "Sociālā pedagoga konsultācija",
        "Social pedagogue",
        "session",
        None,
    ),
    (
        "special_education_teacher",
        "consultation",
        "Speciālā pedagoga konsultācija",
        "Special-education teacher",
        "session",
        None,
    ),
    ("teacher_assistant", "consultation", "Pedagoga palīgs", "Teacher's assistant", "hour", None),
    ("assistant", "consultation", "Asistents", "Assistant", "hour", None),
    (
        "sign_language_interpreter",
        "consultation",
        "Surdotulks",
        "Sign-language interpreter",
        "hour",
        None,
    ),
    (
        "occupational_therapist",
        "consultation",
        "Ergoterapeits",
        "Occupational therapist",
        "session",
        None,
    ),
    ("speech_therapist", "consultation", "Logopēds", "Speech therapist", "session", None),
    ("mentor", "consultation", "Mentors", "Mentor", "session", 13),
    (
        "public_transport_compensation",
        "compensation",
        "Sabiedriskā transporta izdevumu kompensācija",
        "Public transport compensation",
        "ticket",
        None,
    ),
    (
        "special_transport_compensation",
        "compensation",
        "Specializētā transporta izdevumu kompensācija",
        "Special transport compensation",
        "eur",
        None,
    ),
    (
        "meals_compensation",
        "compensation",
        "Ēdināšanas izdevumu kompensācija",
        "Meals compensation",
        "day",
        None,
    ),
    (
        "accommodation_compensation",
        "compensation",
        "Dienesta viesnīcas vai īres izdevumu kompensācija",
        "Accommodation / dormitory compensation",
        "month",
        None,
    ),
    (
        "learning_materials_compensation",
        "compensation",
        "Mācību līdzekļu iegāde",
        "Learning materials",
        "item",
        None,
    ),
    (
        "personal_items_compensation",
        "compensation",
        "Individuālās lietošanas priekšmeti (apģērbs, apavi, higiēnas preces)",
        "Personal-use items (clothing, shoes, hygiene)",
        "item",
        None,
    ),
    (
        "ngo_activity_participation",
        "activity",
        "Dalība jauniešu NVO iniciatīvas aktivitātē",
        "NGO activity participation",
        "session",
        None,
    ),
]


def _id(kind: str, code: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"{kind}:{code}")


def upgrade() -> None:
    now = datetime.now(UTC)
    groups = sa.table(
        "risk_groups",
        sa.column("id", sa.Uuid()),
        sa.column("code", sa.String()),
        sa.column("label_lv", sa.String()),
        sa.column("label_en", sa.String()),
        sa.column("position", sa.Integer()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    factors = sa.table(
        "risk_factors",
        sa.column("id", sa.Uuid()),
        sa.column("code", sa.String()),
        sa.column("group_id", sa.Uuid()),
        sa.column("label_lv", sa.String()),
        sa.column("label_en", sa.String()),
        sa.column("sensitive", sa.Boolean()),
        sa.column("active", sa.Boolean()),
        sa.column("position", sa.Integer()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    measures = sa.table(
        "measure_types",
        sa.column("id", sa.Uuid()),
        sa.column("code", sa.String()),
        sa.column("category", sa.String()),
        sa.column("label_lv", sa.String()),
        sa.column("label_en", sa.String()),
        sa.column("unit", sa.String()),
        sa.column("min_age", sa.Integer()),
        sa.column("active", sa.Boolean()),
        sa.column("position", sa.Integer()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    stamp = {"created_at": now, "updated_at": now}
    op.bulk_insert(
        groups,
        [
            {
                "id": _id("risk_group", code),
                "code": code,
                "label_lv": lv,
                "label_en": en,
                "position": i,
                **stamp,
            }
            for i, (code, lv, en) in enumerate(RISK_GROUPS)
        ],
    )
    op.bulk_insert(
        factors,
        [
            {
                "id": _id("risk_factor", code),
                "code": code,
                "group_id": _id("risk_group", group),
                "label_lv": lv,
                "label_en": en,
                "sensitive": sensitive,
                "active": True,
                "position": i,
                **stamp,
            }
            for i, (code, group, lv, en, sensitive) in enumerate(RISK_FACTORS)
        ],
    )
    op.bulk_insert(
        measures,
        [
            {
                "id": _id("measure_type", code),
                "code": code,
                "category": category,
                "label_lv": lv,
                "label_en": en,
                "unit": unit,
                "min_age": min_age,
                "active": True,
                "position": i,
                **stamp,
            }
            for i, (code, category, lv, en, unit, min_age) in enumerate(MEASURE_TYPES)
        ],
    )


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM measure_types"))
    op.execute(sa.text("DELETE FROM risk_factors"))
    op.execute(sa.text("DELETE FROM risk_groups"))
