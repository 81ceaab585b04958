"""The per-client rate limit: a burst up to the limit, then 429 with Retry-After, per key."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.ratelimit import TokenBuckets
from app.settings import Settings

PROBLEM = "application/problem+json"


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _settings(**kw) -> Settings:
    return Settings(_env_file=None, llm_base_url=None, llm_api_key=None, **kw)


@pytest.fixture
def article(short_story: str) -> str:
    """The gate is under test, not the analysis: a six-sentence story stands in for the bundled article."""
    return short_story


def test_a_burst_up_to_the_limit_then_a_wait_of_one_token():
    clock = FakeClock()
    buckets = TokenBuckets(6, clock=clock)  # one token every 10 s
    assert [buckets.take("a") for _ in range(6)] == [0.0] * 6
    assert buckets.take("a") == pytest.approx(10.0)
    clock.now += 4
    assert buckets.take("a") == pytest.approx(6.0)
    clock.now += 6
    assert buckets.take("a") == 0.0
    assert buckets.take("a") > 0


def test_clients_have_their_own_buckets():
    buckets = TokenBuckets(2, clock=FakeClock())
    assert buckets.take("a") == 0.0 and buckets.take("a") == 0.0 and buckets.take("a") > 0
    assert buckets.take("b") == 0.0


def test_idle_clients_are_forgotten_so_memory_stays_bounded():
    clock = FakeClock()
    buckets = TokenBuckets(60, clock=clock, max_clients=100)
    for i in range(100):
        buckets.take(f"c{i}")
    clock.now += 2  # everyone has refilled
    buckets.take("new")
    assert len(buckets) == 1
    for i in range(1000):  # nobody refills: the oldest half goes when full
        buckets.take(f"d{i}")
    assert len(buckets) <= 100


def test_the_api_answers_429_with_retry_after_per_key(article):
    client = TestClient(create_app(_settings(api_keys="key-a,key-b", rate_limit_per_minute=2)))
    body = {"text": article, "include": ["claims"]}
    for _ in range(2):
        assert client.post("/v1/analyze", json=body, headers={"X-API-Key": "key-a"}).status_code == 200
    r = client.post("/v1/analyze", json=body, headers={"X-API-Key": "key-a"})
    assert r.status_code == 429
    assert r.headers["content-type"].startswith(PROBLEM)
    assert 1 <= int(r.headers["retry-after"]) <= 30
    problem = r.json()
    assert problem["type"].endswith("/rate-limited") and problem["status"] == 429
    assert problem["request_id"] == r.headers["x-request-id"]
    # Bearer and X-API-Key are the same key, so they share a bucket; another key has its own.
    assert client.post("/v1/analyze", json=body, headers={"Authorization": "Bearer key-a"}).status_code == 429
    assert client.post("/v1/analyze", json=body, headers={"X-API-Key": "key-b"}).status_code == 200


def test_an_open_api_limits_per_client_address_and_spares_the_probes(article):
    client = TestClient(create_app(_settings(rate_limit_per_minute=1)))
    assert client.post("/v1/verify", json={"statements": ["x"], "sources": [{"id": "a", "text": article}]}
                       ).status_code == 200
    assert client.post("/v1/analyze", json={"text": article}).status_code == 429
    assert client.get("/healthz").status_code == 200 and client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_wrong_keys_do_not_spend_a_real_keys_budget(article):
    client = TestClient(create_app(_settings(api_keys="key-a", rate_limit_per_minute=1)))
    for _ in range(3):
        assert client.post("/v1/analyze", json={"text": article}, headers={"X-API-Key": "nope"}).status_code == 401
    assert client.post("/v1/analyze", json={"text": article}, headers={"X-API-Key": "key-a"}).status_code == 200


def test_a_limit_of_zero_turns_it_off(article):
    client = TestClient(create_app(_settings(rate_limit_per_minute=0)))
    assert all(client.post("/v1/analyze", json={"text": article, "include": ["claims"]}).status_code == 200
               for _ in range(5))
