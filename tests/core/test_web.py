"""Web delivery: hashed assets precompressed and kept for a year, the app shell revalidated, API
JSON gzipped when large enough, without breaking ETags, 304s or CSV exports."""

import csv
import gzip
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.core.config import get_settings
from backend.main import create_app
from tests import factories
from tests.factories import World
from tests.plans.helpers import activate

ASSET = "/assets/index-Bx7Qa9Zk.js"
SCRIPT = b"export const greeting = 'Sveiki';\n" * 400
BROTLI_COPY = b"stands for the Brotli copy the build writes"
SHELL = b'<!doctype html><html lang="lv"><script type="module" src="/assets/index-Bx7Qa9Zk.js">'
STYLES = b"body { margin: 0; }\n" * 200
IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The app serving a build laid out as the web app's build leaves it."""
    assets = tmp_path / "assets"
    assets.mkdir()
    (tmp_path / "index.html").write_bytes(SHELL)
    (assets / "index-Bx7Qa9Zk.js").write_bytes(SCRIPT)
    (assets / "index-Bx7Qa9Zk.js.gz").write_bytes(gzip.compress(SCRIPT))
    (assets / "index-Bx7Qa9Zk.js.br").write_bytes(BROTLI_COPY)
    (assets / "tiny-C1d2E3f4.js").write_bytes(b"export{};")
    (assets / "styles-D5e6F7g8.css").write_bytes(STYLES)
    monkeypatch.setenv("PUMPURS_WEB_DIST", str(tmp_path))
    get_settings.cache_clear()
    try:
        yield TestClient(create_app())
    finally:
        get_settings.cache_clear()


def _raw(client: TestClient, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and the body as sent, not decoded."""
    with client.stream("GET", path, headers=headers) as r:
        return r.status_code, dict(r.headers), b"".join(r.iter_raw())


class TestHashedAssets:
    def test_gzip_copy_when_gzip_is_accepted(self, web: TestClient) -> None:
        status, headers, body = _raw(web, ASSET, **{"Accept-Encoding": "gzip, deflate"})
        assert status == 200
        assert headers["content-encoding"] == "gzip"
        assert headers["cache-control"] == IMMUTABLE
        assert headers["vary"] == "Accept-Encoding"
        assert headers["content-type"].startswith("text/javascript")
        assert gzip.decompress(body) == SCRIPT

    def test_brotli_copy_preferred_when_accepted(self, web: TestClient) -> None:
        status, headers, body = _raw(web, ASSET, **{"Accept-Encoding": "gzip, deflate, br, zstd"})
        assert status == 200
        assert headers["content-encoding"] == "br"
        assert headers["content-length"] == str(len(BROTLI_COPY))
        assert body == BROTLI_COPY

    def test_refused_coding_is_not_sent(self, web: TestClient) -> None:
        _, headers, body = _raw(web, ASSET, **{"Accept-Encoding": "br;q=0, gzip;q=0.8"})
        assert headers["content-encoding"] == "gzip"
        assert gzip.decompress(body) == SCRIPT

    def test_plain_file_without_accept_encoding(self, web: TestClient) -> None:
        status, headers, body = _raw(web, ASSET, **{"Accept-Encoding": "identity"})
        assert status == 200
        assert "content-encoding" not in headers
        assert headers["cache-control"] == IMMUTABLE
        assert headers["vary"] == "Accept-Encoding"
        assert body == SCRIPT

    def test_file_without_copies_is_immutable_too(self, web: TestClient) -> None:
        status, headers, body = _raw(web, "/assets/tiny-C1d2E3f4.js", **{"Accept-Encoding": "gzip"})
        assert status == 200
        assert "content-encoding" not in headers
        assert headers["cache-control"] == IMMUTABLE
        assert body == b"export{};"

    def test_file_without_copies_is_gzipped_on_the_fly(self, web: TestClient) -> None:
        _, headers, body = _raw(web, "/assets/styles-D5e6F7g8.css", **{"Accept-Encoding": "gzip"})
        assert headers["content-encoding"] == "gzip"
        assert headers["cache-control"] == IMMUTABLE
        assert headers["content-type"].startswith("text/css")
        assert gzip.decompress(body) == STYLES

    def test_head_names_the_encoding(self, web: TestClient) -> None:
        r = web.head(ASSET, headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 200
        assert r.headers["content-encoding"] == "gzip"
        assert r.headers["cache-control"] == IMMUTABLE
        assert r.content == b""

    def test_revalidation_answers_304(self, web: TestClient) -> None:
        first = web.get(ASSET, headers={"Accept-Encoding": "gzip"})
        etag = first.headers["etag"]
        again = web.get(ASSET, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
        assert again.status_code == 304
        assert again.headers["cache-control"] == IMMUTABLE
        assert again.content == b""
        # Each encoding is its own representation, with its own validator.
        plain = web.get(ASSET, headers={"Accept-Encoding": "identity"})
        assert plain.headers["etag"] != etag

    def test_missing_asset_404(self, web: TestClient) -> None:
        assert web.get("/assets/index-Old00000.js").status_code == 404


class TestAppShell:
    @pytest.mark.parametrize("path", ["/", "/index.html", "/students", "/plans/42/print"])
    def test_index_and_client_routes_revalidate(self, web: TestClient, path: str) -> None:
        r = web.get(path)
        assert r.status_code == 200
        assert r.headers["cache-control"] == "no-cache"
        assert r.headers["content-type"].startswith("text/html")
        assert r.content == SHELL

    def test_head_of_a_client_route(self, web: TestClient) -> None:
        r = web.head("/students")
        assert r.status_code == 200
        assert r.headers["cache-control"] == "no-cache"
        assert r.content == b""

    def test_unknown_api_route_is_not_the_shell(self, web: TestClient) -> None:
        r = web.get("/api/v1/no-such-thing")
        assert r.status_code == 404
        assert r.headers["content-type"] == "application/problem+json"


class TestApiCompression:
    def test_large_json_is_gzipped(self, client: TestClient, world: World) -> None:
        headers = world.h("ikvd") | {"Accept-Encoding": "gzip"}
        status, sent, body = _raw(client, "/api/v1/risk-factors?limit=200", **headers)
        assert status == 200
        assert sent["content-encoding"] == "gzip"
        assert "Accept-Encoding" in sent["vary"]
        plain = client.get(
            "/api/v1/risk-factors?limit=200",
            headers=world.h("ikvd") | {"Accept-Encoding": "identity"},
        )
        assert "content-encoding" not in plain.headers
        assert len(body) < len(plain.content) / 2
        assert gzip.decompress(body) == plain.content

    def test_small_json_is_sent_plain(self, client: TestClient) -> None:
        _, sent, body = _raw(client, "/api/v1/health", **{"Accept-Encoding": "gzip"})
        assert "content-encoding" not in sent
        assert body == b'{"status":"ok"}'

    def test_status_etag_and_304_through_compression(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        plan = activate(client, db, world)
        url = f"/api/v1/plans/{plan.id}/status"
        headers = world.h("coord_a") | {"Accept-Encoding": "gzip"}
        r = client.get(url, headers=headers)
        assert r.status_code == 200
        etag = r.headers["etag"]
        assert etag == f'"{r.json()["version"]}"'
        again = client.get(url, headers=headers | {"If-None-Match": etag})
        assert again.status_code == 304
        assert again.headers["etag"] == etag
        assert again.content == b""

    def test_csv_export_compressed_and_whole(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        for n in range(30):
            factories.student(db, world.a1, world.class_a1, given_name=f"Skolēns{n}")
        url = "/api/v1/exports/students.csv"
        plain = client.get(url, headers=world.h("coord_a") | {"Accept-Encoding": "identity"})
        assert plain.status_code == 200
        status, sent, body = _raw(client, url, **(world.h("coord_a") | {"Accept-Encoding": "gzip"}))
        assert status == 200
        assert sent["content-encoding"] == "gzip"
        assert sent["content-type"].startswith("text/csv")
        assert sent["content-disposition"].startswith("attachment")
        text = gzip.decompress(body).decode()
        assert text == plain.text
        rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
        assert {f"Skolēns{n}" for n in range(30)} <= {row["vards"] for row in rows}
