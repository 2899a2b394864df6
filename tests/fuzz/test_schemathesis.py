"""Fuzzing every operation of the schema with schemathesis, as a school director and as IKVD.

Fails on any 5xx, a body that does not match its schema, a status code or content type the
schema does not declare, with valid and with invalid input. Bounded (``PUMPURS_FUZZ_EXAMPLES``
per operation, role and kind of input, default 6) to fit the suite's time budget; the runs are
derandomised so a failure repeats. Every failure of every operation is listed, not just the first.
"""

import os
from dataclasses import dataclass, field

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import World

EXAMPLES = int(os.environ.get("PUMPURS_FUZZ_EXAMPLES", "6"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the report names the input
    suppress_health_check=list(HealthCheck),
)


@dataclass
class Tally:
    operations: int = 0
    requests: int = 0
    failures: list[str] = field(default_factory=list)


def fuzz(app: FastAPI, headers: dict[str, str]) -> Tally:
    tally = Tally()
    api = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    for result in api.get_all_operations():
        operation = result.ok()
        tally.operations += 1
        # Valid input, then input that breaks the schema (which must be refused with a 4xx).
        for mode in schemathesis.GenerationMode:

            @FUZZ
            @given(case=operation.as_strategy(mode))
            def run(case: schemathesis.Case) -> None:
                tally.requests += 1
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                run()
            except Unsatisfiable:
                # An operation without parameters or body (GET /health) has no invalid input.
                if mode is not schemathesis.GenerationMode.NEGATIVE:
                    raise
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:  # failure groups too: each one is reported
                first = str(exc).strip().splitlines()[:12]
                tally.failures.append(f"{operation.label} ({mode.value}): " + "\n  ".join(first))
    return tally


@pytest.mark.parametrize("actor", ["director_a1", "ikvd"])
def test_every_operation(app: FastAPI, client: TestClient, world: World, actor: str) -> None:
    # ``client`` routes the app's sessions into the test's transaction (rolled back after).
    del client
    tally = fuzz(app, world.h(actor))
    print(f"\nfuzzed as {actor}: {tally.operations} operations, {tally.requests} requests")
    assert tally.operations > 100
    assert tally.failures == [], "\n".join(tally.failures)


def test_the_harness_reports_what_it_must() -> None:
    """A small app with one fault of each kind: the fuzzing above can fail."""
    faulty = FastAPI(openapi_url="/api/v1/openapi.json")

    @faulty.get("/api/v1/crash", responses={200: {"description": "OK"}})
    def crash(n: int) -> dict[str, int]:
        return {"n": 1 // (n - n)}

    @faulty.get("/api/v1/undeclared-status")
    def undeclared_status() -> JSONResponse:
        return JSONResponse({}, status_code=418)

    @faulty.get("/api/v1/wrong-type")
    def wrong_type() -> PlainTextResponse:
        return PlainTextResponse("text")

    @faulty.get("/api/v1/wrong-body", response_model=dict[str, int])
    def wrong_body() -> JSONResponse:
        return JSONResponse({"n": "not a number"})

    tally = fuzz(faulty, {})
    failed = sorted({line.split(" (", 1)[0] for line in tally.failures})
    assert failed == [
        "GET /api/v1/crash",
        "GET /api/v1/undeclared-status",
        "GET /api/v1/wrong-body",
        "GET /api/v1/wrong-type",
    ]
