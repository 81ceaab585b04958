"""API keys: who gets into /v1, how a refusal reads, and that no key ever reaches a log."""

from __future__ import annotations

import hashlib
import logging

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.auth import ConfigurationError, load_keys
from app.settings import Settings
from tests.conftest import DATA

KEYS_FILE = DATA / "auth" / "keys.txt"
PROBLEM = "application/problem+json"


def _settings(**kw) -> Settings:
    return Settings(_env_file=None, llm_base_url=None, llm_api_key=None, rate_limit_per_minute=0, **kw)


@pytest.fixture(scope="module")  # the keys are fixed and no test changes the app: one app for the module
def locked() -> TestClient:
    """An app with one plain key and one key configured by its digest."""
    digest = hashlib.sha256(b"env-key-two").hexdigest()
    return TestClient(create_app(_settings(api_keys=f"env-key-one, {digest}")))


@pytest.fixture
def article(short_story: str) -> str:
    """The gate is under test, not the analysis: a six-sentence story stands in for the bundled article."""
    return short_story


def _analyze(client: TestClient, article: str, headers: dict[str, str] | None = None):
    return client.post("/v1/analyze", json={"text": article, "include": ["claims"]}, headers=headers or {})


def test_no_key_is_a_401_problem_with_a_challenge(locked, article):
    r = _analyze(locked, article)
    assert r.status_code == 401
    assert r.headers["content-type"].startswith(PROBLEM)
    assert r.headers["www-authenticate"].startswith("Bearer")
    body = r.json()
    assert body["type"].endswith("/unauthorized") and body["status"] == 401
    assert body["request_id"] == r.headers["x-request-id"]
    assert article[:40] not in r.text


def test_wrong_key_is_refused_in_either_header(locked, article):
    assert _analyze(locked, article, {"X-API-Key": "env-key-on"}).status_code == 401
    assert _analyze(locked, article, {"Authorization": "Bearer env-key-one-and-more"}).status_code == 401
    assert _analyze(locked, article, {"Authorization": "Basic env-key-one"}).status_code == 401


def test_a_configured_key_gets_in_by_header_or_bearer(locked, article):
    assert _analyze(locked, article, {"X-API-Key": "env-key-one"}).status_code == 200
    assert _analyze(locked, article, {"Authorization": "Bearer env-key-one"}).status_code == 200
    assert locked.post("/v1/verify", json={"statements": ["x"], "sources": [{"id": "a", "text": article}]},
                       headers={"X-API-Key": "env-key-one"}).status_code == 200


def test_a_key_configured_by_its_digest_gets_in(locked, article):
    assert _analyze(locked, article, {"X-API-Key": "env-key-two"}).status_code == 200
    # A 64-hex entry is also read as the key itself (a key made with `openssl rand -hex 32`), so that exact
    # text gets in too; but the digest of a key configured as itself is not a key.
    digest = hashlib.sha256(b"env-key-two").hexdigest()
    assert _analyze(locked, article, {"X-API-Key": digest}).status_code == 200
    raw_digest = hashlib.sha256(b"env-key-one").hexdigest()
    assert _analyze(locked, article, {"X-API-Key": raw_digest}).status_code == 401


def test_keys_file_holds_plain_keys_and_digests_and_skips_comments(article):
    client = TestClient(create_app(_settings(api_keys_file=str(KEYS_FILE))))
    assert _analyze(client, article, {"X-API-Key": "file-key-plain"}).status_code == 200
    assert _analyze(client, article, {"Authorization": "Bearer file-key-digested"}).status_code == 200
    assert _analyze(client, article, {"X-API-Key": "# The newsroom CMS plugin"}).status_code == 401
    # The same key in the environment and the file counts once.
    assert load_keys(_settings(api_keys_file=str(KEYS_FILE), api_keys="file-key-plain")).entries == 2


def test_a_missing_keys_file_stops_start_up(tmp_path):
    with pytest.raises(ConfigurationError, match="absent.txt: No such file"):
        create_app(_settings(api_keys_file=str(tmp_path / "absent.txt")))


def test_health_probes_and_metrics_stay_open(locked):
    assert locked.get("/healthz").status_code == 200
    assert locked.get("/readyz").status_code == 200
    assert locked.get("/metrics").status_code == 200


def test_open_api_says_so_at_start_up(caplog, article):
    with caplog.at_level(logging.INFO, logger="copydesk"):
        client = TestClient(create_app(_settings()))
    assert any("API is open: no keys configured" in r.getMessage() for r in caplog.records)
    assert _analyze(client, article).status_code == 200


def test_keys_never_reach_the_logs(caplog, locked, article):
    with caplog.at_level(logging.DEBUG):
        create_app(_settings(api_keys="env-key-one"))
        _analyze(locked, article, {"X-API-Key": "env-key-one"})
        _analyze(locked, article, {"X-API-Key": "a-guessed-key"})
        _analyze(locked, article, {"Authorization": "Bearer another-guess"})
    logged = caplog.text + " ".join(str(vars(r)) for r in caplog.records)
    assert "request" in logged  # the access lines were captured
    for secret in ("env-key-one", "a-guessed-key", "another-guess", hashlib.sha256(b"env-key-two").hexdigest()):
        assert secret not in logged


def test_openapi_declares_both_schemes_for_the_authorize_button(locked):
    schema = locked.get("/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["ApiKey"] == {"type": "apiKey", "in": "header", "name": "X-API-Key",
                                 "description": schemes["ApiKey"]["description"]}
    assert schemes["Bearer"]["scheme"] == "bearer"
    for path in ("/v1/analyze", "/v1/verify"):
        assert {"ApiKey": []} in schema["paths"][path]["post"]["security"]
    assert "security" not in schema["paths"]["/healthz"]["get"]
    assert locked.get("/docs").status_code == 200


def test_the_key_is_checked_before_the_body_is_read(locked):
    # malformed JSON, wrong content type, a body over the limit: without a key, all are 401s,
    # because the key is checked before a byte of the body is read
    for content, ctype in [(b'{"text": ', "application/json"), (b"text", "text/plain"),
                           (b"x" * 3_000_000, "application/json")]:
        r = locked.post("/v1/analyze", content=content, headers={"content-type": ctype})
        assert r.status_code == 401, (ctype, r.status_code)
        assert r.headers["www-authenticate"].startswith("Bearer")
    ok = locked.post("/v1/analyze", content=b'{"text": ', headers={"content-type": "application/json",
                                                                   "x-api-key": "env-key-one"})
    assert ok.status_code == 400


def test_methods_without_a_body_reach_the_router(locked):
    assert locked.put("/healthz").status_code == 405
    assert locked.patch("/v1/analyze", headers={"x-api-key": "env-key-one"}).status_code == 405
