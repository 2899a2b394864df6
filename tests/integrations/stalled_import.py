"""A student import in a process of its own that stalls after its first batch, its transaction
still open, so that a test can kill it there:
``python -m tests.integrations.stalled_import <institution id> < file.csv``.

It prints ``job <id>`` once the job is recorded and ``written <rows>`` when it stalls."""

import sys
import time
import uuid
from typing import Any

import backend.models  # noqa: F401  (every mapper, as the API process has them)
from backend.core.db import new_session
from backend.identity.principal import Principal
from backend.identity.roles import Role, ScopeType
from backend.integrations import imports


def main(institution: str) -> None:
    institution_id = uuid.UUID(institution)
    principal = Principal(
        role=Role.school_coordinator, scope_type=ScopeType.institution, scope_id=institution_id
    )
    data = sys.stdin.buffer.read()
    with new_session() as session:
        prepared = imports.start(session, principal, institution_id, data, "skoleni.csv")
        session.commit()
    print(f"job {prepared.job.id}", flush=True)

    write = imports.write

    def write_and_stall(*args: Any) -> int:
        *rows, progress = args

        def stall_after_first_batch(done: int) -> None:
            progress(done)
            print(f"written {done}", flush=True)
            time.sleep(3600)

        return write(*rows, stall_after_first_batch)

    imports.write = write_and_stall  # type: ignore[assignment]
    imports.run_in_own_session(principal, prepared.job.id, prepared.students)


if __name__ == "__main__":
    main(sys.argv[1])
