"""Exit 0 when the PostgreSQL server named on the command line answers."""

import sys

import sqlalchemy as sa

try:
    engine = sa.create_engine(sys.argv[1], connect_args={"connect_timeout": 3})
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT 1"))
except Exception:
    sys.exit(1)
