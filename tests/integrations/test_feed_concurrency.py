"""The change feed under concurrent writers: a reader following ``after`` sees every committed
event exactly once and in order, while transactions commit in any order and some roll back."""

import random
import threading
import time
import uuid

from backend.events import service as outbox
from backend.identity.principal import Principal
from backend.identity.roles import Role, ScopeType
from backend.integrations import feed
from tests.integrations.conftest import Committed

WRITERS = 4
COMMITS_EACH = 25


def test_reader_sees_every_event_once_in_order(committed: Committed) -> None:
    principal = Principal(
        role=Role.integration_client,
        scope_type=ScopeType.municipality,
        scope_id=committed.municipality.id,
    )
    committed_sequences: list[int] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def write(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for i in range(COMMITS_EACH):
                with committed.factory() as session:
                    event = outbox.emit(
                        session,
                        "plan.updated",
                        "plan",
                        uuid.uuid4(),
                        f"IAP-W{seed}-{i}",
                        {"writer": seed, "n": i},
                        institution_id=None,
                        municipality_id=committed.municipality.id,
                    )
                    time.sleep(rng.random() * 0.004)  # commit later than others sometimes
                    if i % 7 == 6:
                        session.rollback()  # a gap in the numbers, never an event
                        continue
                    sequence = event.sequence
                    session.commit()
                with lock:
                    committed_sequences.append(sequence)
        except BaseException as exc:
            errors.append(exc)

    writers = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for w in writers:
        w.start()
    seen: list[int] = []
    after = 0
    while True:
        done = not any(w.is_alive() for w in writers)
        with committed.factory() as session:
            page = feed.changes(session, principal, after=after, limit=7)
        seen += [e.sequence for e in page.items]
        after = page.next_after
        if done and not page.items:
            break
        if not page.items:
            time.sleep(0.001)
    assert not errors
    expected = WRITERS * (COMMITS_EACH - COMMITS_EACH // 7)
    assert len(committed_sequences) == expected
    assert seen == sorted(committed_sequences)
