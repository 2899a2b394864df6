"""A national data set at the programme's real size, into PostgreSQL, in a few minutes.

    python -m bench.national [--scale 1.0] [--database pumpurs_national] [--admin-url URL]

Builds a fresh database (dropped first if it exists), migrates it, loads the demo data (so the demo
accounts and the demo API client exist) and then adds a deterministic Latvian world beside it: 43
municipalities, 600 institutions (state vocational schools among them), 150,000 students of grades
5–12 and vocational courses 1–4 with guardians, consents and enrollments over four school years, and
100,000 support plans over seven semesters in every status, with risk assessments, measures, a
million deliveries, approvals, evaluations, notes, history, audit and outbox events. ``--scale``
shrinks every count proportionally (institutions and municipalities keep a sensible minimum).

Rows are made by set-based SQL inside PostgreSQL (``INSERT … SELECT generate_series``); only the
students, whose personal codes are encrypted with the application's key, are streamed from Python
with ``COPY``. Every pseudo-random choice is a hash of the row's number, so the same scale gives the
same world on every machine.
"""

import argparse
import os
import random
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import psycopg
import sqlalchemy as sa
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

DEFAULT_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEFAULT_DATABASE = "pumpurs_national"

# The programme at full size (issue "National scale"; DESIGN §1).
MUNICIPALITIES = 43
INSTITUTIONS = 600
STUDENTS = 150_000
PLANS = 100_000
SEMESTERS = 7  # 2023/2024 autumn … 2026/2027 autumn (the current one)
# The first of the four school years: three before the current one.
FIRST_YEAR = (date.today().year if date.today().month >= 9 else date.today().year - 1) - 3


@dataclass(frozen=True)
class Size:
    municipalities: int
    institutions: int
    students: int
    plans: int

    @classmethod
    def of(cls, scale: float) -> "Size":
        return cls(
            municipalities=max(4, round(MUNICIPALITIES * min(scale * 4, 1.0))),
            institutions=max(12, round(INSTITUTIONS * scale)),
            students=max(400, round(STUDENTS * scale)),
            plans=max(70, round(PLANS * scale)),
        )


def libpq_url(url: str) -> str:
    """The SQLAlchemy URL as psycopg and the PostgreSQL tools take it."""
    return sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def database_url(admin_url: str, database: str) -> str:
    return sa.make_url(admin_url).set(database=database).render_as_string(hide_password=False)


def is_built(url: str) -> bool:
    """Whether the database exists and holds a finished national data set."""
    try:
        with psycopg.connect(libpq_url(url), connect_timeout=5) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'outbox_events' "
                "AND (last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL)"
            ).fetchone()
            students = conn.execute("SELECT count(*) FROM students").fetchone()
    except psycopg.Error:
        return False
    return bool(row and row[0]) and bool(students and students[0] > 1000)


def recreate_database(admin_url: str, database: str) -> str:
    with psycopg.connect(libpq_url(admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')
    return database_url(admin_url, database)


def migrate_and_load_demo(url: str) -> None:
    """The schema by the real migrations and the demo world, as ``make run`` makes them."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("PUMPURS_DEMO_MODE", "true")
    from alembic import command

    from backend.cli import alembic_config
    from backend.core.config import get_settings
    from backend.core.db import get_engine, new_session
    from backend.demo import data as demo

    get_settings.cache_clear()
    get_engine.cache_clear()
    config = alembic_config(url)
    config.attributes["configure_logger"] = False
    command.upgrade(config, "heads")
    with new_session() as session:
        demo.load(session)
        session.commit()
    get_engine().dispose()


# --- SQL helpers -------------------------------------------------------------------------------

# A deterministic number in [0, 1) from a text key, and a deterministic uuid from a text key.
_FUNCTIONS = """
CREATE OR REPLACE FUNCTION pg_temp.rnd(key text) RETURNS double precision
  LANGUAGE sql IMMUTABLE AS
  $$ SELECT ('x' || substr(md5(key), 1, 12))::bit(48)::bigint / 281474976710656.0 $$;
CREATE OR REPLACE FUNCTION pg_temp.uid(key text) RETURNS uuid
  LANGUAGE sql IMMUTABLE AS $$ SELECT md5(key)::uuid $$;
"""


def _steps(size: Size) -> list[tuple[str, str]]:
    """(label, SQL) in order; each step is set-based and may use the rows of the ones before."""
    s = size
    per_semester = s.plans // SEMESTERS
    return [
        (
            "school years",
            f"""
            INSERT INTO school_years (id, name, starts_on, ends_on, created_at, updated_at)
            SELECT pg_temp.uid('year-' || y), y || '/' || (y + 1), make_date(y, 9, 1),
                   make_date(y + 1, 8, 31), now(), now()
            FROM generate_series({FIRST_YEAR}, {FIRST_YEAR + 3}) AS y
            ON CONFLICT (name) DO NOTHING;
            INSERT INTO semesters (id, school_year_id, number, starts_on, ends_on,
                                   created_at, updated_at)
            SELECT pg_temp.uid('sem-' || y.name || '-' || n), y.id, n,
                   CASE n WHEN 1 THEN y.starts_on ELSE make_date(extract(year FROM y.ends_on)::int,
                        1, 5) END,
                   CASE n WHEN 1 THEN make_date(extract(year FROM y.starts_on)::int, 12, 31)
                        ELSE make_date(extract(year FROM y.ends_on)::int, 6, 30) END,
                   now(), now()
            FROM school_years y CROSS JOIN generate_series(1, 2) AS n
            ON CONFLICT (school_year_id, number) DO NOTHING;
            CREATE TEMP TABLE n_semesters AS
              SELECT row_number() OVER (ORDER BY s.starts_on) - 1 AS k, s.id, s.starts_on,
                     s.ends_on, y.id AS year_id, extract(year FROM y.starts_on)::int AS year,
                     s.number
              FROM semesters s JOIN school_years y ON y.id = s.school_year_id
              WHERE s.starts_on >= make_date({FIRST_YEAR}, 9, 1)
              ORDER BY s.starts_on LIMIT {SEMESTERS};
            """,
        ),
        (
            "municipalities",
            f"""
            CREATE TEMP TABLE n_municipalities AS
              SELECT i, pg_temp.uid('mun-' || i) AS id FROM generate_series(1, {s.municipalities}) i;
            INSERT INTO municipalities (id, name, atvk_code, created_at, updated_at)
            SELECT id, 'Novads Nr. ' || i, lpad((9000000 + i)::text, 7, '0'), now(), now()
            FROM n_municipalities;
            """,
        ),
        (
            "institutions",
            f"""
            -- One in 15 is a state vocational school (their own approval route), one in 50 a
            -- state gymnasium; the rest are municipal schools spread over the municipalities.
            CREATE TEMP TABLE n_institutions AS
              SELECT i, pg_temp.uid('inst-' || i) AS id,
                     CASE WHEN i % 15 = 0 THEN 'vocational_state'
                          WHEN i % 50 = 1 THEN 'general_state'
                          ELSE 'general_municipal' END AS type,
                     (SELECT id FROM n_municipalities
                       WHERE n_municipalities.i = 1 + (i * 7) % {s.municipalities}) AS mun
              FROM generate_series(1, {s.institutions}) i;
            INSERT INTO institutions (id, name, registration_number, type, municipality_id,
                                      approval_route, active, created_at, updated_at)
            SELECT id,
                   CASE type WHEN 'vocational_state' THEN 'Valsts tehnikums Nr. ' || i
                             WHEN 'general_state' THEN 'Valsts ģimnāzija Nr. ' || i
                             ELSE 'Vidusskola Nr. ' || i END,
                   (4300000000 + i)::text, type,
                   CASE WHEN type = 'general_municipal' THEN mun END,
                   CASE WHEN type = 'general_municipal' THEN 'municipal' ELSE 'state' END,
                   true, now(), now()
            FROM n_institutions;
            """,
        ),
        (
            "classes",
            """
            -- Grades 5–12 (general) or courses 1–4 (vocational), one class each, every year.
            CREATE TEMP TABLE n_classes AS
              SELECT pg_temp.uid('class-' || ni.i || '-' || y.year || '-' || g) AS id, ni.i,
                     ni.id AS institution_id, y.year_id, y.year, g AS level,
                     ni.type = 'vocational_state' AS vocational
              FROM n_institutions ni
              CROSS JOIN (SELECT DISTINCT year_id, year FROM n_semesters) y
              CROSS JOIN generate_series(1, 8) g
              WHERE ni.type <> 'vocational_state' OR g <= 4;
            INSERT INTO class_groups (id, institution_id, school_year_id, grade, course, label,
                                      created_at, updated_at)
            SELECT id, institution_id, year_id,
                   CASE WHEN vocational THEN NULL ELSE level + 4 END,
                   CASE WHEN vocational THEN level END,
                   CASE WHEN vocational THEN level || '. kurss' ELSE (level + 4) || '.a' END,
                   now(), now()
            FROM n_classes;
            CREATE INDEX ON n_classes (i, year, level);
            """,
        ),
        (
            "staff",
            f"""
            CREATE TEMP TABLE n_staff AS
              SELECT ni.i, ni.id AS institution_id, r.k, r.role,
                     pg_temp.uid('user-' || ni.i || '-' || r.k) AS id
              FROM n_institutions ni
              CROSS JOIN (VALUES (1, 'school_director'), (2, 'school_coordinator'),
                                 (3, 'teacher'), (4, 'teacher'), (5, 'teacher'),
                                 (6, 'support_specialist')) AS r(k, role);
            INSERT INTO users (id, email, full_name, password_hash, active, created_at, updated_at)
            SELECT id, 'u' || i || '.' || k || '@skola.lv', 'Darbinieks ' || i || '-' || k,
                   (SELECT password_hash FROM users WHERE email = 'ikvd@demo.pumpurs.lv'),
                   true, now(), now()
            FROM n_staff;
            INSERT INTO role_assignments (id, user_id, role, scope_type, institution_id,
                                          valid_from, created_at, updated_at)
            SELECT pg_temp.uid('ra-' || id), id, role, 'institution', institution_id,
                   make_date({FIRST_YEAR}, 9, 1), now(), now()
            FROM n_staff;
            INSERT INTO users (id, email, full_name, password_hash, active, created_at, updated_at)
            SELECT pg_temp.uid('coord-' || i), 'koordinators' || i || '@novads.lv',
                   'Koordinators ' || i,
                   (SELECT password_hash FROM users WHERE email = 'ikvd@demo.pumpurs.lv'),
                   true, now(), now()
            FROM n_municipalities;
            INSERT INTO role_assignments (id, user_id, role, scope_type, municipality_id,
                                          valid_from, created_at, updated_at)
            SELECT pg_temp.uid('ra-coord-' || i), pg_temp.uid('coord-' || i),
                   'municipal_coordinator', 'municipality', id, make_date({FIRST_YEAR}, 9, 1),
                   now(), now()
            FROM n_municipalities;
            """,
        ),
        ("students", "COPY"),
        (
            "guardians",
            f"""
            INSERT INTO guardians (id, full_name, phone, email, created_at, updated_at)
            SELECT pg_temp.uid('guardian-' || i), 'Aizbildnis ' || i,
                   '+371 2' || lpad((i % 10000000)::text, 7, '0'), NULL, now(), now()
            FROM generate_series(1, {s.students}) i;
            INSERT INTO student_guardians (student_id, guardian_id, relation,
                                           is_legal_representative, created_at, updated_at)
            SELECT pg_temp.uid('student-' || i), pg_temp.uid('guardian-' || i),
                   CASE WHEN i % 3 = 0 THEN 'father' ELSE 'mother' END, true, now(), now()
            FROM generate_series(1, {s.students}) i;
            """,
        ),
        (
            "enrollments",
            f"""
            -- Every student is enrolled in their school since the first year; one in 20 came
            -- from another school, whose enrollment ended with a transfer.
            INSERT INTO enrollments (id, student_id, institution_id, class_group_id, from_date,
                                     to_date, exit_reason, created_at, updated_at)
            SELECT pg_temp.uid('enr-' || st.n), st.id, st.institution_id, st.class_group_id,
                   make_date({FIRST_YEAR}, 9, 1), NULL, NULL, now(), now()
            FROM n_students st;
            INSERT INTO enrollments (id, student_id, institution_id, class_group_id, from_date,
                                     to_date, exit_reason, created_at, updated_at)
            SELECT pg_temp.uid('enr-old-' || st.n), st.id,
                   (SELECT id FROM n_institutions WHERE i = 1 + (st.inst_i % {s.institutions})),
                   NULL, make_date({FIRST_YEAR - 2}, 9, 1), make_date({FIRST_YEAR}, 8, 31),
                   'transferred', now(), now()
            FROM n_students st WHERE st.n % 20 = 0;
            """,
        ),
        (
            "plans",
            f"""
            -- {per_semester} plans a semester, each for a distinct student of that semester.
            CREATE TEMP TABLE n_plans AS
              SELECT p.k * {per_semester} + p.j AS n, p.k, p.j, sem.id AS semester_id,
                     sem.starts_on, sem.ends_on, sem.year, sem.number,
                     st.id AS student_id, st.n AS student_n, st.institution_id, st.inst_i,
                     pg_temp.uid('plan-' || p.k || '-' || p.j) AS id,
                     pg_temp.rnd('status-' || p.k || '-' || p.j) AS r
              FROM (SELECT k, j FROM generate_series(0, {SEMESTERS - 1}) k
                    CROSS JOIN generate_series(1, {per_semester}) j) p
              JOIN n_semesters sem ON sem.k = p.k
              JOIN n_students st
                ON st.n = 1 + ((p.j * 7919 + p.k * 104729) % {s.students});
            ALTER TABLE n_plans ADD COLUMN status text, ADD COLUMN route text,
                                ADD COLUMN risk text, ADD COLUMN changed timestamptz;
            UPDATE n_plans SET route = CASE WHEN ni.type = 'general_municipal' THEN 'municipal'
                                            ELSE 'state' END
            FROM n_institutions ni WHERE ni.id = n_plans.institution_id;
            -- The current semester holds plans at every step; earlier ones are mostly closed.
            UPDATE n_plans SET status = CASE
                WHEN k = {SEMESTERS - 1} THEN CASE
                    WHEN r < 0.10 THEN 'draft'
                    WHEN r < 0.18 THEN 'submitted'
                    WHEN r < 0.24 THEN 'approved_school'
                    WHEN r < 0.28 THEN CASE route WHEN 'municipal' THEN 'approved_municipality'
                                       ELSE 'approved_school' END
                    WHEN r < 0.31 THEN 'returned'
                    WHEN r < 0.93 THEN 'active'
                    WHEN r < 0.96 THEN 'evaluated'
                    ELSE 'discontinued' END
                WHEN k = {SEMESTERS - 2} THEN CASE
                    WHEN r < 0.70 THEN 'closed' WHEN r < 0.92 THEN 'evaluated'
                    WHEN r < 0.96 THEN 'active' ELSE 'discontinued' END
                ELSE CASE WHEN r < 0.93 THEN 'closed' ELSE 'discontinued' END END,
              risk = CASE WHEN pg_temp.rnd('risk-' || n) < 0.3 THEN 'high'
                          WHEN pg_temp.rnd('risk-' || n) < 0.75 THEN 'medium' ELSE 'low' END,
              changed = starts_on + make_interval(days => (r * 60)::int + 5);
            UPDATE n_plans SET risk = NULL WHERE status = 'draft' AND pg_temp.rnd('unrated-' || n) < 0.3;
            CREATE INDEX ON n_plans (id);
            INSERT INTO support_plans (id, code, student_id, institution_id, semester_id,
                author_id, status, status_changed_at, previous_plan_id, goals, student_agreed_on,
                risk_level, discontinue_reason, version, created_at, updated_at)
            SELECT id, 'IAP-' || year || '-' || number || '-' || lpad((500000 + j)::text, 6, '0'),
                   student_id, institution_id, semester_id,
                   pg_temp.uid('user-' || inst_i || '-' || (3 + j % 4)), status, changed,
                   NULL,
                   'Uzlabot sekmes un apmeklējumu; regulāras konsultācijas.',
                   starts_on + 7, risk,
                   CASE WHEN status = 'discontinued' THEN 'Skolēns mainīja skolu' END,
                   4 + (r * 10)::int, starts_on + 3 + (r * 10)::int * interval '1 day',
                   changed + interval '3 days'
            FROM n_plans;
            """,
        ),
        (
            "consents",
            """
            -- A guardian's signed consent for every school year in which the student has a plan.
            INSERT INTO consents (id, student_id, guardian_id, given_by_student, given_on,
                                  school_year_id, document_reference, withdrawn_at, created_at,
                                  updated_at)
            SELECT pg_temp.uid('consent-' || c.student_n || '-' || c.year), c.student_id,
                   pg_temp.uid('guardian-' || c.student_n), false, make_date(c.year, 9, 10),
                   c.year_id, 'Iesniegums ' || c.student_n || '/' || c.year, NULL, now(), now()
            FROM (SELECT DISTINCT p.student_id, p.student_n, p.year, sem.year_id
                  FROM n_plans p JOIN n_semesters sem ON sem.id = p.semester_id) c;
            """,
        ),
        (
            "risk assessments",
            """
            INSERT INTO risk_assessments (id, plan_id, protective_factors, override_level,
                                          override_reason, created_at, updated_at)
            SELECT pg_temp.uid('ra-plan-' || n), id, 'Interese par sportu; uzticama klases
                   audzinātāja', NULL, NULL, changed, changed
            FROM n_plans WHERE risk IS NOT NULL;
            CREATE TEMP TABLE n_factors AS
              SELECT row_number() OVER (ORDER BY position, code) - 1 AS f, id
              FROM risk_factors WHERE active;
            INSERT INTO rated_factors (id, plan_id, risk_factor_id, level, note, created_at,
                                       updated_at)
            SELECT pg_temp.uid('rf-' || p.n || '-' || q), p.id, f.id,
                   CASE WHEN q = 1 THEN p.risk
                        WHEN pg_temp.rnd('lvl-' || p.n || '-' || q) < 0.5 THEN 'low'
                        ELSE 'medium' END,
                   NULL, p.changed, p.changed
            FROM n_plans p CROSS JOIN generate_series(1, 3) q
            JOIN n_factors f ON f.f = (p.n * 3 + q * 11) % (SELECT count(*) FROM n_factors)
            WHERE p.risk IS NOT NULL;
            """,
        ),
        (
            "measures",
            """
            CREATE TEMP TABLE n_types AS
              SELECT row_number() OVER (ORDER BY position) - 1 AS t, id, category, unit
              FROM measure_types WHERE active AND category <> 'activity';
            -- Three measures a plan (none yet on one in three drafts); learning support first.
            CREATE TEMP TABLE n_measures AS
              SELECT pg_temp.uid('m-' || p.n || '-' || q) AS id, p.n, q, p.id AS plan_id,
                     p.status AS plan_status, p.starts_on, p.ends_on, p.inst_i,
                     p.changed::date AS activated_on,
                     t.id AS type_id, t.category, t.unit
              FROM n_plans p CROSS JOIN generate_series(1, 3) q
              JOIN n_types t ON t.t = CASE WHEN q = 1 THEN p.n % 2
                                           ELSE (p.n * 5 + q * 3) % (SELECT count(*) FROM n_types)
                                      END
              WHERE p.risk IS NOT NULL;
            INSERT INTO measures (id, plan_id, measure_type_id, subject, responsible_user_id,
                provider_name, planned_quantity, unit, planned_amount_cents, starts_on, ends_on,
                status, continued_from_id, created_at, updated_at)
            SELECT id, plan_id, type_id, CASE WHEN q = 1 THEN 'Matemātika' END,
                   CASE WHEN category = 'consultation'
                        THEN pg_temp.uid('user-' || inst_i || '-' || (3 + (n + q) % 4)) END,
                   CASE WHEN category = 'compensation' THEN 'Pašvaldība' END,
                   8 + (n + q) % 9, unit,
                   CASE WHEN category = 'compensation' THEN 7000 + ((n * q) % 20) * 500 END,
                   starts_on + 10, ends_on - 5,
                   CASE WHEN plan_status IN ('closed', 'evaluated') THEN 'done'
                        WHEN plan_status = 'active' THEN 'in_progress'
                        WHEN plan_status = 'discontinued' THEN 'cancelled'
                        ELSE 'planned' END,
                   NULL, starts_on + 3, starts_on + 20
            FROM n_measures;
            INSERT INTO measure_factors (measure_id, risk_factor_id)
            SELECT m.id, rf.risk_factor_id
            FROM n_measures m
            JOIN rated_factors rf
              ON rf.id = pg_temp.uid('rf-' || m.n || '-' || (1 + (m.q + m.n) % 3));
            """,
        ),
        (
            "deliveries",
            """
            -- Logged sessions and compensations on running and finished plans: about a million
            -- at full size; from the week the plan became active, within the planned money.
            INSERT INTO deliveries (id, measure_id, plan_id, delivered_on, duration_minutes,
                quantity, amount_cents, evidence_reference, provider_name, remote, confirmation,
                confirmed_on, note, recorded_by_id, created_at, updated_at)
            SELECT pg_temp.uid('d-' || m.n || '-' || m.q || '-' || d), m.id, m.plan_id,
                   m.activated_on + d * 7,
                   CASE WHEN m.category = 'consultation' THEN 40 END,
                   CASE WHEN m.category = 'compensation' THEN 1 END,
                   CASE WHEN m.category = 'compensation' THEN 500 + (m.n % 7) * 100 END,
                   CASE WHEN m.category = 'compensation' THEN 'Čeks ' || m.n || '-' || d END,
                   NULL, d % 9 = 0,
                   CASE WHEN d % 9 = 0 THEN 'email' ELSE 'signature' END,
                   m.activated_on + d * 7, NULL,
                   pg_temp.uid('user-' || m.inst_i || '-' || (3 + (m.n + m.q) % 4)),
                   now(), now()
            FROM n_measures m
            CROSS JOIN generate_series(1, 6) d
            WHERE m.plan_status IN ('active', 'evaluated', 'closed')
              AND d <= 2 + (m.n + m.q) % 5;
            """,
        ),
        (
            "approvals",
            """
            -- The steps each plan has passed, by its institution's route.
            INSERT INTO approvals (id, plan_id, step, decision, approver_id, comment, at,
                                   created_at, updated_at)
            SELECT pg_temp.uid('ap-' || p.n || '-' || s.step), p.id, s.step, 'approved',
                   CASE s.step WHEN 'school' THEN pg_temp.uid('user-' || p.inst_i || '-1')
                        WHEN 'municipality' THEN (SELECT id FROM users
                                                  WHERE email = 'koordinators@demo.pumpurs.lv')
                        ELSE (SELECT id FROM users WHERE email = 'ikvd@demo.pumpurs.lv') END,
                   NULL, p.changed - (4 - s.o) * interval '1 day', now(), now()
            FROM n_plans p
            JOIN (VALUES ('school', 1), ('municipality', 2), ('national', 3)) AS s(step, o)
              ON (s.step = 'school' AND p.status NOT IN ('draft', 'submitted', 'returned'))
              OR (s.step = 'municipality' AND p.route = 'municipal'
                  AND p.status NOT IN ('draft', 'submitted', 'returned', 'approved_school'))
              OR (s.step = 'national' AND p.status IN ('active', 'evaluated', 'closed'));
            """,
        ),
        (
            "evaluations",
            """
            INSERT INTO evaluations (id, plan_id, outcome, continue_next, narrative,
                                     evaluated_by_id, at, created_at, updated_at)
            SELECT pg_temp.uid('ev-' || n), id,
                   CASE WHEN pg_temp.rnd('out-' || n) < 0.45 THEN 'goals_met'
                        WHEN pg_temp.rnd('out-' || n) < 0.8 THEN 'partly_met' ELSE 'not_met' END,
                   pg_temp.rnd('cont-' || n) < 0.3, 'Mērķi daļēji sasniegti.',
                   pg_temp.uid('user-' || inst_i || '-2'), ends_on - 10, now(), now()
            FROM n_plans WHERE status IN ('evaluated', 'closed');
            INSERT INTO evaluation_levels (id, evaluation_id, risk_factor_id, level_after,
                                           created_at, updated_at)
            SELECT pg_temp.uid('el-' || rf.id), pg_temp.uid('ev-' || p.n), rf.risk_factor_id,
                   CASE WHEN rf.level = 'high' THEN 'medium' ELSE 'low' END, now(), now()
            FROM n_plans p JOIN rated_factors rf ON rf.plan_id = p.id
            WHERE p.status IN ('evaluated', 'closed');
            """,
        ),
        (
            "notes and history",
            """
            INSERT INTO plan_notes (id, plan_id, author_id, text, restricted, created_at,
                                    updated_at)
            SELECT pg_temp.uid('note-' || n), id,
                   pg_temp.uid('user-' || inst_i || '-6'),
                   'Saruna ar vecākiem notika.', n % 3 = 0, changed, changed
            FROM n_plans WHERE n % 2 = 0;
            INSERT INTO plan_history (id, plan_id, at, actor_user_id, actor_role, kind,
                                      from_status, to_status, approval_step, changes, comment,
                                      created_at, updated_at)
            SELECT pg_temp.uid('h-' || p.n || '-' || h.k), p.id,
                   p.changed - (6 - h.k) * interval '1 day',
                   pg_temp.uid('user-' || p.inst_i || '-3'), 'teacher', h.kind,
                   CASE WHEN h.kind = 'status_changed' THEN 'draft' END,
                   CASE WHEN h.kind = 'status_changed' THEN p.status END, NULL,
                   '{}'::json, NULL, now(), now()
            FROM n_plans p
            CROSS JOIN (VALUES (1, 'created'), (2, 'risk_assessment'), (3, 'measure_added'),
                               (4, 'measure_added'), (5, 'status_changed')) AS h(k, kind)
            WHERE h.kind <> 'status_changed' OR p.status <> 'draft';
            """,
        ),
        (
            "audit events",
            """
            -- Reads and writes of plans by school staff: ten a plan.
            INSERT INTO audit_events (id, at, actor_user_id, actor_client_id, actor_role,
                action, resource_type, resource_id, student_id, institution_id, request_id,
                client_address, detail, created_at, updated_at)
            SELECT pg_temp.uid('au-' || p.n || '-' || a), p.changed + a * interval '3 hours',
                   pg_temp.uid('user-' || p.inst_i || '-' || (1 + a % 6)), NULL,
                   CASE 1 + a % 6 WHEN 1 THEN 'school_director' WHEN 2 THEN 'school_coordinator'
                        WHEN 6 THEN 'support_specialist' ELSE 'teacher' END,
                   CASE WHEN a % 4 = 0 THEN 'update' ELSE 'read' END, 'support_plan',
                   p.id::text, p.student_id, p.institution_id, md5('rq' || p.n || a),
                   '10.0.0.1', NULL, now(), now()
            FROM n_plans p CROSS JOIN generate_series(1, 10) a;
            """,
        ),
        (
            "outbox events",
            """
            -- The change feed: created, then one event per later status change, in time order.
            INSERT INTO outbox_events (event_id, type, resource_type, resource_id, natural_key,
                payload, institution_id, municipality_id, occurred_at, created_at, updated_at)
            SELECT pg_temp.uid('ev-out-' || p.n || '-' || e.k), e.type, 'support_plan', p.id,
                   'IAP-' || p.year || '-' || p.number || '-' || lpad((500000 + p.j)::text, 6, '0'),
                   json_build_object('plan_id', p.id, 'status', CASE WHEN e.k = 1 THEN 'draft'
                                     ELSE p.status END, 'change', e.type),
                   p.institution_id, i.municipality_id,
                   p.changed - (3 - e.k) * interval '1 day', now(), now()
            FROM n_plans p
            JOIN institutions i ON i.id = p.institution_id
            CROSS JOIN (VALUES (1, 'plan.created'), (2, 'plan.updated'),
                               (3, 'plan.status_changed')) AS e(k, type)
            WHERE e.k < 3 OR p.status <> 'draft'
            ORDER BY p.changed - (3 - e.k) * interval '1 day', p.n, e.k;
            """,
        ),
        (
            "indexes and statistics",
            "ANALYZE;",
        ),
    ]


# --- students ----------------------------------------------------------------------------------


def _copy_students(conn: psycopg.Connection, size: Size, advance: Callable[[int], None]) -> None:
    """Students with encrypted personal codes, streamed with COPY; then their index table."""
    from backend.core.security import (
        decrypt_personal_code,
        encrypt_personal_code,
        personal_code_lookup_hash,
    )
    from backend.demo.names import FAMILY, GIVEN_FEMALE, GIVEN_MALE
    from backend.students.service import normalize_name

    rng = random.Random(20170301 + size.students)
    institutions = conn.execute("SELECT i, id, type FROM n_institutions ORDER BY i").fetchall()
    current_year = FIRST_YEAR + 3
    conn.execute(
        "CREATE TEMP TABLE n_students (n int PRIMARY KEY, id uuid, institution_id uuid, "
        "inst_i int, class_group_id uuid)"
    )
    classes = {
        (i, level): cid
        for i, level, cid in conn.execute(
            "SELECT i, level, id FROM n_classes WHERE year = %s", [current_year]
        )
    }
    # The demo students' codes are taken already.
    used: set[str] = {
        decrypt_personal_code(stored)
        for (stored,) in conn.execute("SELECT personal_code_encrypted FROM students")
    }
    per_batch = 5000
    with conn.cursor() as cur:
        done = 0
        with (
            cur.copy(
                "COPY students (id, given_name, family_name, search_name, date_of_birth, "
                "personal_code_encrypted, personal_code_hash, gender, language, institution_id, "
                "class_group_id, version, created_at, updated_at) FROM STDIN"
            ) as copy,
        ):
            side: list[tuple[int, str, str, int, str]] = []

            for n in range(1, size.students + 1):
                inst_i, inst_id, kind = institutions[(n * 31) % len(institutions)]
                vocational = kind == "vocational_state"
                level = 1 + n % (4 if vocational else 8)
                grade = 15 + level if vocational else 4 + level
                age = grade + 6
                born = date(current_year - age, 1, 1) + timedelta(days=rng.randint(0, 364))
                female = rng.random() < 0.5
                given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
                masculine, feminine = rng.choice(FAMILY)
                family = feminine if female else masculine
                code = _legacy_code(born, n, used)
                sid = _uid(f"student-{n}")
                cid = classes[(inst_i, level)]
                copy.write_row(
                    (
                        sid,
                        given,
                        family,
                        normalize_name(family, given),
                        born,
                        encrypt_personal_code(code),
                        personal_code_lookup_hash(code),
                        "female" if female else "male",
                        "lv",
                        inst_id,
                        cid,
                        1,
                        "now",
                        "now",
                    )
                )
                side.append((n, sid, inst_id, inst_i, cid))
                done += 1
                if done % per_batch == 0:
                    advance(per_batch)
        with cur.copy(
            "COPY n_students (n, id, institution_id, inst_i, class_group_id) FROM STDIN"
        ) as copy:
            for row in side:
                copy.write_row(row)
    advance(size.students % per_batch)


def _legacy_code(born: date, n: int, used: set[str]) -> str:
    """A valid legacy personal code (``DDMMYY-CNNNX``) not given to anyone before."""
    from backend.students.personal_code import check_digit

    first = f"{born:%d%m%y}" + str(2 if born.year >= 2000 else 1)
    for serial in range(n % 1000, n % 1000 + 1000):
        digits = first + f"{serial % 1000:03d}"
        digit = check_digit(digits)
        code = f"{digits[:6]}-{digits[6:]}{digit}"
        if digit is not None and code not in used:
            used.add(code)
            return code
    raise RuntimeError(f"no personal code left for {born}")


def _uid(key: str) -> str:
    import hashlib

    return str(__import__("uuid").UUID(hashlib.md5(key.encode()).hexdigest()))  # noqa: S324


# The big tables: their secondary indexes are dropped for the load and built again after it,
# which is several times faster than keeping them up to date row by row.
_BULK_TABLES = (
    "students",
    "enrollments",
    "support_plans",
    "rated_factors",
    "measures",
    "deliveries",
    "approvals",
    "plan_history",
    "audit_events",
    "outbox_events",
)


def _secondary_indexes(conn: psycopg.Connection) -> list[tuple[str, str]]:
    """(name, definition) of the indexes of the big tables that back no constraint."""
    rows = conn.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        """,
        [list(_BULK_TABLES)],
    ).fetchall()
    return [(name, definition) for name, definition in rows]


def build(size: Size, url: str, progress: Progress) -> tuple[dict[str, int], dict[str, float]]:
    steps = _steps(size)
    task = progress.add_task("national data", total=len(steps) + size.students / 5000)
    timings: dict[str, float] = {}
    with psycopg.connect(libpq_url(url)) as conn:
        conn.execute(_FUNCTIONS)
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET work_mem = '256MB'")
        conn.execute("SET maintenance_work_mem = '1GB'")
        # Rows are consistent by construction: foreign keys are not re-checked row by row (the
        # triggers that check them are off for this connection only).
        conn.execute("SET session_replication_role = replica")
        indexes = _secondary_indexes(conn)
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        conn.commit()
        for label, sql in steps:
            started = time.monotonic()
            progress.update(task, description=f"national data: {label}")
            if sql == "COPY":
                _copy_students(conn, size, lambda k: progress.advance(task, k / 5000))
                conn.commit()
            elif sql.strip() == "ANALYZE;":
                progress.update(task, description="national data: indexes")
                for _, definition in indexes:
                    conn.execute(definition)
                conn.commit()
                conn.autocommit = True
                conn.execute("VACUUM ANALYZE")
                conn.autocommit = False
                progress.advance(task, 1)
            else:
                conn.execute(sql)
                conn.commit()
                progress.advance(task, 1)
            timings[label] = time.monotonic() - started
        counts = {}
        for table in (
            "municipalities",
            "institutions",
            "class_groups",
            "users",
            "students",
            "guardians",
            "consents",
            "enrollments",
            "support_plans",
            "rated_factors",
            "measures",
            "deliveries",
            "approvals",
            "evaluations",
            "plan_notes",
            "plan_history",
            "audit_events",
            "outbox_events",
        ):
            counts[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
    return counts, timings


# --- early identification ------------------------------------------------------------------------

# A semester of indicators (and the one before it, for the change of the average) per student:
# three students in four are fine, one in six drifts, one in twelve is in trouble. Marks of four
# subjects; a hash of the student's id makes every value, so the same world has the same data.
_INDICATORS = """
INSERT INTO indicator_batches (id, kind, source_key, external_id, label, institution_id,
                               municipality_id, created_by_id, client_id, rows, content_hash,
                               created_at, updated_at)
VALUES (pg_temp.uid('ind-batch-' || %(sem)s), 'csv', 'bench', 'national-' || %(sem)s,
        'National data set', NULL, NULL, NULL, NULL, 0, md5(%(sem)s) || md5(%(sem)s), now(), now())
ON CONFLICT DO NOTHING;
INSERT INTO student_indicators (id, student_id, semester_id, institution_id, as_of, batch_id,
    lessons, absences_excused, absences_unexcused, unexcused_last_4w, unexcused_prev_4w,
    behaviour_incidents, repeating_year, extended_year, grades, failing_subjects, failing_core,
    grade_average, created_at, updated_at)
SELECT pg_temp.uid('ind-' || x.id || '-' || %(sem)s), x.id, %(sem)s::uuid, x.institution_id,
       %(as_of)s::date, pg_temp.uid('ind-batch-' || %(sem)s), 300,
       floor(x.b * 13)::int, floor(x.a * x.trouble * 36)::int,
       floor(x.a * x.trouble * 14)::int, floor(x.a * x.trouble * 8)::int,
       floor(x.c * x.trouble * 7)::int, x.trouble > 0.9 AND x.c < 0.15, false,
       json_build_object('Latviešu valoda', x.m1::text, 'Matemātika', x.m2::text,
                         'Vēsture', x.m3::text, 'Angļu valoda', x.m4::text),
       (x.m1 < 4)::int + (x.m2 < 4)::int + (x.m3 < 4)::int + (x.m4 < 4)::int,
       x.m1 < 4 OR x.m2 < 4, round((x.m1 + x.m2 + x.m3 + x.m4) / 4.0, 2), now(), now()
FROM (
  SELECT y.*,
         greatest(1, least(10, round(y.ability - 3.5 * y.trouble + pg_temp.rnd('m1' || y.k) - 0.5)))::int AS m1,
         greatest(1, least(10, round(y.ability - 3.5 * y.trouble + pg_temp.rnd('m2' || y.k) - 0.5)))::int AS m2,
         greatest(1, least(10, round(y.ability - 3.5 * y.trouble + pg_temp.rnd('m3' || y.k) - 0.5)))::int AS m3,
         greatest(1, least(10, round(y.ability - 3.5 * y.trouble + pg_temp.rnd('m4' || y.k) - 0.5)))::int AS m4
  FROM (
    SELECT s.id, s.institution_id, s.id || %(key)s AS k,
           greatest(0, CASE WHEN pg_temp.rnd('t-' || s.id) < 0.75 THEN 0.05
                            WHEN pg_temp.rnd('t-' || s.id) < 0.92 THEN 0.4 ELSE 0.95 END
                       - %(easier)s) AS trouble,
           5 + 4 * pg_temp.rnd('ability-' || s.id) AS ability,
           pg_temp.rnd('a-' || s.id || %(key)s) AS a, pg_temp.rnd('b-' || s.id || %(key)s) AS b,
           pg_temp.rnd('c-' || s.id || %(key)s) AS c
    FROM students s WHERE s.institution_id IS NOT NULL
    OFFSET 0  -- each student's draws made once, not again in every expression that uses them
  ) y
  OFFSET 0
) x
ON CONFLICT (student_id, semester_id, institution_id, as_of) DO NOTHING;
"""


def indicator_semesters(conn: psycopg.Connection) -> tuple[tuple[str, date], tuple[str, date]]:
    """The current semester (the latest begun) with the as-of date of its data, and the one
    before it (its data as of its last day)."""
    rows = conn.execute(
        "SELECT id::text, starts_on, ends_on FROM semesters WHERE starts_on <= current_date "
        "ORDER BY starts_on DESC LIMIT 2"
    ).fetchall()
    (cur_id, cur_start, cur_end), (prev_id, _, prev_end) = rows[0], rows[1]
    as_of = min(cur_end, max(cur_start + timedelta(days=28), date.today()))
    return (cur_id, as_of), (prev_id, prev_end)


def add_indicators(url: str, progress: Progress) -> dict[str, float]:
    """Indicators for every student in two semesters (set-based), then every flag computed by
    the application's own recompute."""
    from sqlalchemy.orm import Session

    from backend.core.db import make_engine
    from backend.indicators import service as indicators_service

    task = progress.add_task("indicators", total=3)
    timings: dict[str, float] = {}
    with psycopg.connect(libpq_url(url)) as conn:
        conn.execute(_FUNCTIONS)
        conn.execute("SET synchronous_commit = off")
        # Consistent by construction, as the main load: no foreign key re-checked row by row.
        conn.execute("SET session_replication_role = replica")
        current, previous = indicator_semesters(conn)
        for label, (sem, as_of), easier in (("previous", previous, 0.3), ("current", current, 0)):
            started = time.monotonic()
            # The draws are keyed by the semester's first day, not its id (made anew by every
            # build): the same day gives the same world.
            found = conn.execute("SELECT starts_on FROM semesters WHERE id = %s", (sem,)).fetchone()
            key = found[0].isoformat() if found else sem
            params = {"sem": sem, "key": key, "as_of": as_of, "easier": easier}
            for statement in _INDICATORS.split(";\n")[:2]:
                conn.execute(statement, params)
            conn.commit()
            timings[f"indicators {label}"] = time.monotonic() - started
            progress.advance(task, 1)
        conn.execute("ANALYZE student_indicators")
        conn.commit()
    started = time.monotonic()
    engine = make_engine(url)
    with Session(engine) as session:
        indicators_service.recompute(session, semester_ids=[uuid.UUID(current[0])])
        session.commit()
    engine.dispose()
    with psycopg.connect(libpq_url(url)) as conn:
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE student_flags")
    timings["flags"] = time.monotonic() - started
    progress.advance(task, 1)
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = the national size")
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="name of the database made")
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("PG_ADMIN_URL", DEFAULT_ADMIN),
        help="a PostgreSQL URL with the right to create databases",
    )
    parser.add_argument(
        "--only-indicators",
        action="store_true",
        help="add the semester of indicators (and flags) to a database built before",
    )
    args = parser.parse_args(argv)
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    if args.only_indicators:
        url = database_url(args.admin_url, args.database)
        with Progress(*columns) as progress:
            timings = add_indicators(url, progress)
        print("seconds per step: " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
        return 0
    if not 0 < args.scale <= 2:
        parser.error("--scale must be above 0 and at most 2")
    size = Size.of(args.scale)
    started = time.monotonic()
    url = recreate_database(args.admin_url, args.database)
    migrate_and_load_demo(url)
    schema_seconds = time.monotonic() - started
    with Progress(*columns) as progress:
        counts, timings = build(size, url, progress)
        timings |= add_indicators(url, progress)
    seconds = time.monotonic() - started
    print(
        f"database {args.database}: scale {args.scale}, built in {seconds:.0f} s "
        f"(schema and demo data {schema_seconds:.0f} s)"
    )
    for table, n in counts.items():
        print(f"  {table:<16} {n:>10,}")
    print("seconds per step: " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
