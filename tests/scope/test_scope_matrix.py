"""The scope matrix, generated from the route table: every route with an id in its path (or an
``*_id`` query parameter) is tried by a school director, a municipal coordinator, an NGO manager
and an API client, with the id of an object of another school, municipality, NGO and API client.
Any 2xx that carries data is a leak; so is any 2xx to a write."""

import re
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.integrations.models import ImportJob, ImportStatus, WebhookSubscription
from backend.students.models import Consent, Enrollment, StudentGuardian
from tests import factories as f
from tests.factories import World
from tests.integrations.helpers import api_client
from tests.ngo import factories as ngo_f
from tests.plans import helpers as plans

API = "/api/v1"
_PARAM = re.compile(r"{([^}:]+)(?::[^}]+)?}")
# Public directories, readable across scopes by design: the registers of municipalities,
# institutions and NGOs (names and registration numbers, public in Latvia's registers), and the
# initiative calls municipalities publish for NGOs to answer. Reads only; no personal data.
DIRECTORY = {
    f"{API}/municipalities",
    f"{API}/municipalities/{{municipality_id}}",
    f"{API}/institutions",
    f"{API}/institutions/{{institution_id}}",
    f"{API}/ngos",
    f"{API}/ngos/{{ngo_id}}",
    f"{API}/initiative-calls",
    f"{API}/initiative-calls/{{call_id}}",
}


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    query_ids: tuple[str, ...]


def routes(app: FastAPI) -> list[Route]:
    found = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or not (context.path or "").startswith(f"{API}/"):
            continue
        query_ids = tuple(
            p.alias for p in route.dependant.query_params if p.alias.endswith("_id")
        ) + tuple(
            p.alias
            for dep in route.dependant.dependencies
            for p in dep.query_params
            if p.alias.endswith("_id")
        )
        for method in sorted((context.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append(Route(method, context.path or "", query_ids))
    return found


def foreign_ids(client: TestClient, db: Session, world: World) -> dict[str, str]:
    """Objects outside scope A: school B1 of municipality B, another NGO, another API client."""
    draft = plans.ready_draft(client, db, world, "b1")
    measures = client.get(f"{API}/plans/{draft.id}/measures", headers=world.h("teacher_b1"))
    student_id = draft.student.id
    other_ngo = f.ngo(db, "Biedrība Cita")
    call_b = ngo_f.call(db, world, world.muni_b)
    project_b = ngo_f.project(db, world, call_b, ngo=other_ngo, institutions=[world.b1])
    activity_b = ngo_f.activity(db, project_b, world.b1, [world.class_b1])
    client_b = api_client(db, world.muni_b.id)
    webhook_b = WebhookSubscription(
        client_id=client_b.row.id,
        url="https://example.lv/hook",
        event_types=["plan.created"],
        secret="webhook-secret-for-the-tests",
    )
    job_b = ImportJob(
        kind="students",
        institution_id=world.b1.id,
        created_by_id=world.actors["school_coord_b1"].user.id,
        status=ImportStatus.succeeded,
        total_rows=0,
    )
    db.add_all([webhook_b, job_b])
    db.flush()
    teacher_b1 = world.actors["teacher_b1"]

    def one(stmt: Any) -> str:
        return str(db.scalars(stmt).first())

    return {
        "plan_id": draft.id,
        "measure_id": measures.json()[0]["id"]
        if isinstance(measures.json(), list)
        else measures.json()["items"][0]["id"],
        "student_id": str(student_id),
        "guardian_id": one(
            select(StudentGuardian.guardian_id).where(StudentGuardian.student_id == student_id)
        ),
        "consent_id": one(select(Consent.id).where(Consent.student_id == student_id)),
        "enrollment_id": one(select(Enrollment.id).where(Enrollment.student_id == student_id)),
        "class_group_id": str(world.class_b1.id),
        "institution_id": str(world.b1.id),
        "municipality_id": str(world.muni_b.id),
        "user_id": str(teacher_b1.user.id),
        "assignment_id": str(teacher_b1.assignment.id),
        "ngo_id": str(other_ngo.id),
        "call_id": str(call_b.id),
        "project_id": str(project_b.id),
        "activity_id": str(activity_b.id),
        # ``{id}`` names the object of its collection.
        "api-clients": str(client_b.row.id),
        "webhooks": str(webhook_b.id),
        "imports": str(job_b.id),
    }


def _fill(path: str, ids: dict[str, str]) -> str | None:
    """The path with every id of another scope, or None when a parameter has no such object."""
    collection = path.removeprefix(f"{API}/").split("/", 1)[0]

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        return ids[collection if name == "id" else name]

    try:
        return _PARAM.sub(value, path)
    except KeyError:
        return None


def _carries_data(response: Any) -> bool:
    if response.status_code == 204 or not response.content:
        return False
    if response.headers["content-type"].startswith("text/csv"):
        return len([line for line in response.text.splitlines() if line.strip()]) > 1
    try:
        body = response.json()
    except ValueError:
        return True  # a document: data
    if isinstance(body, dict) and "items" in body:
        return bool(body["items"])
    return bool(body)


@pytest.fixture
def identities(db: Session, world: World) -> dict[str, dict[str, str]]:
    return {
        "school_director_a1": world.h("director_a1"),
        "municipal_coordinator_a": world.h("coord_a"),
        "ngo_manager": world.h("ngo"),
        "api_client_a": api_client(db, world.muni_a.id).headers,
    }


def test_no_route_answers_with_data_of_another_scope(
    app: FastAPI,
    client: TestClient,
    db: Session,
    world: World,
    identities: dict[str, dict[str, str]],
) -> None:
    ids = foreign_ids(client, db, world)
    leaks: list[str] = []
    tried = 0
    route_count = 0
    for route in routes(app):
        path = _fill(route.path, ids)
        params = {name: ids[name] for name in route.query_ids if name in ids}
        if path is None or (path == route.path and not params):
            continue  # nothing scoped to name: a national catalogue, or no id at all
        if route.method == "GET" and route.path in DIRECTORY:
            continue
        route_count += 1
        for who, headers in identities.items():
            r = client.request(
                route.method,
                path,
                params=params,
                headers=headers | {"If-Match": '"1"'},
                json={} if route.method in {"POST", "PUT", "PATCH"} else None,
            )
            tried += 1
            write = route.method != "GET"
            if 200 <= r.status_code < 300 and (write or _carries_data(r)):
                leaks.append(
                    f"{who}: {route.method} {path} {params} -> {r.status_code} {r.text[:600]}"
                )
    print(f"\nscope matrix: {len(identities)} identities x {route_count} routes = {tried} requests")
    assert route_count > 60
    assert leaks == [], "\n".join(leaks)


def test_the_ids_of_the_matrix_are_real(
    app: FastAPI, client: TestClient, db: Session, world: World
) -> None:
    """The control: IKVD reads the same objects, so the 404s above come from scope, not from
    ids that name nothing."""
    ids = foreign_ids(client, db, world)
    seen = 0
    for route in routes(app):
        path = _fill(route.path, ids)
        if route.method != "GET" or path is None or path == route.path:
            continue
        r = client.get(path, headers=world.h("ikvd"))
        seen += 200 <= r.status_code < 300 and _carries_data(r)
    # Every GET by id that IKVD may read (webhooks and the deliveries of measures are not its).
    assert seen >= 20
