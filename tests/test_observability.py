"""Request ids, JSON access logs without article text, and the Prometheus metrics at /metrics."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from fastapi.testclient import TestClient

from app import metrics
from app.api import create_app
from app.observability import JsonFormatter
from app.settings import Settings
from bench.fake_llm import FakeLLM
from tests.test_prompt_injection import analyze_with, llm_settings, read

MARKER = "Councillor Zebulon Quartermaine-Okonkwo"  # a name that appears nowhere but in the article sent


def _settings(**kw) -> Settings:
    return Settings(_env_file=None, llm_base_url=None, llm_api_key=None, rate_limit_per_minute=0, **kw)


@pytest.fixture
def marked_article(article) -> str:
    """The bundled article with a sentence no log line may ever contain."""
    return article + f"\n\n{MARKER} said the vote on 3 June would be final.\n"


def _lines(caplog) -> list[dict]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records]


def test_request_id_is_made_echoed_or_replaced(client):
    made = client.get("/healthz").headers["x-request-id"]
    assert len(made) == 32 and made != client.get("/healthz").headers["x-request-id"]
    assert client.get("/healthz", headers={"X-Request-ID": "cms-42.a_b:c"}).headers["x-request-id"] == "cms-42.a_b:c"
    # An id that is too long or not plain is not echoed into headers and logs; a fresh one is made.
    for bad in ("x" * 129, "two words", "<script>"):
        got = client.get("/healthz", headers={"X-Request-ID": bad}).headers["x-request-id"]
        assert got != bad and len(got) == 32


def test_every_problem_carries_the_request_id(client, article):
    cases = [
        client.post("/v1/analyze", content=b"text", headers={"content-type": "text/plain", "X-Request-ID": "r415"}),
        client.post("/v1/analyze", content=b"{" + b" " * 2_000_001 + b"}",
                    headers={"content-type": "application/json", "X-Request-ID": "r413"}),
        client.post("/v1/analyze", json={"text": article, "summary_words": 5}, headers={"X-Request-ID": "r422"}),
        client.post("/v1/analyze", content=b'{"text": ', headers={"content-type": "application/json",
                                                                 "X-Request-ID": "r400"}),
    ]
    for r, expected in zip(cases, ["r415", "r413", "r422", "r400"], strict=True):
        assert r.headers["x-request-id"] == expected
        assert r.json()["request_id"] == expected, r.text


def test_access_log_is_json_with_engine_and_usage_but_no_article_text(client, caplog, marked_article):
    with caplog.at_level(logging.INFO, logger="copydesk"):
        r = client.post("/v1/analyze", json={"text": marked_article}, headers={"X-Request-ID": "log-1"})
        client.post("/v1/verify", json={"statements": [MARKER + " resigned."],
                                        "sources": [{"id": "a", "text": marked_article}]})
        client.post("/v1/analyze", json={"text": marked_article, "summary_words": "many"})  # a 422
    assert r.status_code == 200
    lines = _lines(caplog)
    access = [line for line in lines if line["logger"] == "copydesk.access"]
    assert len(access) == 3
    first = access[0]
    assert first["request_id"] == "log-1" and first["route"] == "/v1/analyze" and first["status"] == 200
    assert first["engine"] == "offline" and first["input_tokens"] == 0 and first["llm_calls"] == 0
    assert first["degraded"] is False and first["duration_ms"] > 0
    assert access[2]["status"] == 422 and "engine" not in access[2]
    for line in lines:
        assert MARKER not in json.dumps(line) and "Quartermaine" not in json.dumps(line)


def test_a_crash_is_logged_by_type_not_message_and_answered_with_the_id(caplog, marked_article):
    app = create_app(_settings())

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError(marked_article[-80:])  # an exception whose message quotes the article

    client = TestClient(app, raise_server_exceptions=False)
    with caplog.at_level(logging.INFO, logger="copydesk"):
        r = client.get("/boom", headers={"X-Request-ID": "crash-1"})
    assert r.status_code == 500 and r.headers["x-request-id"] == "crash-1"
    assert r.json()["request_id"] == "crash-1" and "Quartermaine" not in r.text
    lines = _lines(caplog)
    assert any(line.get("status") == 500 and line["request_id"] == "crash-1" for line in lines)
    assert "Quartermaine" not in json.dumps(lines)


def test_formatter_keeps_the_exception_type_and_frames_but_not_its_message():
    try:
        raise ValueError(f"input was {MARKER}")
    except ValueError:
        record = logging.getLogger("copydesk.test").makeRecord(
            "copydesk.test", logging.ERROR, __file__, 1, "failed", None, __import__("sys").exc_info())
    line = json.loads(JsonFormatter().format(record))
    assert line["exc_type"] == "ValueError" and "test_observability.py" in line["stack"]
    assert MARKER not in json.dumps(line)


def _value(text: str, name: str, **labels: str) -> float:
    want = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith(name + "{"):
            got = ",".join(sorted(line[len(name) + 1:line.index("}")].split(",")))
            if got == want:
                return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_by_route_and_status_and_time_them(client, article):
    before = client.get("/metrics").text
    client.post("/v1/analyze", json={"text": article, "include": ["claims"]})
    client.post("/v1/analyze", json={"text": ""})
    client.get("/no/such/page")
    r = client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    after = r.text

    def delta(name: str, **labels: str) -> float:
        return _value(after, name, **labels) - _value(before, name, **labels)

    assert delta("copydesk_http_requests_total", method="POST", route="/v1/analyze", status="200") == 1
    assert delta("copydesk_http_requests_total", method="POST", route="/v1/analyze", status="422") == 1
    assert delta("copydesk_http_requests_total", method="GET", route="unmatched", status="404") == 1
    assert delta("copydesk_http_request_duration_seconds_count", method="POST", route="/v1/analyze") == 2
    assert delta("copydesk_answers_total", route="/v1/analyze", engine="offline") == 1
    assert "process_resident_memory_bytes" in after


def test_llm_hooks_are_one_call_each_and_show_in_the_exposition():
    before = metrics.sample("copydesk_llm_retries_total", {"reason": "rate_limited"})
    metrics.llm_retry("rate_limited")
    metrics.llm_tokens(120, 30)
    metrics.llm_call("claims", "ok", 0.2)
    assert metrics.sample("copydesk_llm_retries_total", {"reason": "rate_limited"}) == before + 1
    text = metrics.exposition().decode()
    for name in ("copydesk_llm_calls_total", "copydesk_llm_tokens_total", "copydesk_llm_reasks_total",
                 "copydesk_degraded_answers_total", "copydesk_llm_call_duration_seconds_bucket"):
        assert name in text


def _llm(task: str, outcome: str) -> float:
    return metrics.sample("copydesk_llm_calls_total", {"task": task, "outcome": outcome})


def test_llm_calls_retries_tokens_and_usage_reach_metrics_and_the_access_log(caplog):
    # The endpoint answers the summary call with a 429, then a 500, then an answer.
    script = {0: httpx.Response(429, headers={"Retry-After": "0"}, json={"error": {"message": "slow down"}}),
              1: httpx.Response(500, json={"error": {"message": "boom"}})}
    model = FakeLLM()
    model.overrides["summary"] = lambda payload, asked: script.get(asked.index, payload)
    before = {k: _llm("summary", k) for k in ("rate_limited", "server_error", "ok")}
    retries = {k: metrics.sample("copydesk_llm_retries_total", {"reason": k}) for k in ("rate_limited", "server_error")}
    tokens = metrics.sample("copydesk_llm_tokens_total", {"direction": "input"})
    with caplog.at_level(logging.INFO, logger="copydesk"):
        body, _ = analyze_with("tools", read("benign.txt"), model=model, settings=llm_settings(llm_max_retries=2),
                               include=["summary"])
    assert body["meta"]["usage"]["calls"] == 3 and body["meta"]["usage"]["retries"] == 2
    for outcome in before:
        assert _llm("summary", outcome) == before[outcome] + 1, outcome
    for reason in retries:
        assert metrics.sample("copydesk_llm_retries_total", {"reason": reason}) == retries[reason] + 1
    sent, answered = model.usage()  # the one answer's tokens: the failed attempts reported none
    assert metrics.sample("copydesk_llm_tokens_total", {"direction": "input"}) == tokens + sent > tokens
    access = [line for line in _lines(caplog) if line["logger"] == "copydesk.access"][-1]
    assert access["engine"] == "llm" and access["llm_calls"] == 3 and access["retries"] == 2
    assert access["input_tokens"] == sent and access["output_tokens"] == answered > 0


def test_a_degraded_answer_is_counted():
    # Every summary call fails; the claims call answers: the summary degrades to the offline one.
    model = FakeLLM()
    model.overrides["summary"] = lambda payload, asked: httpx.Response(500, json={})
    labels = {"route": "/v1/analyze", "engine": "llm"}
    before = metrics.sample("copydesk_degraded_answers_total", labels)
    body, _ = analyze_with("tools", read("benign.txt"), model=model, include=["summary", "claims"],
                           settings=llm_settings("tools", llm_calls="split"))  # a call for each part
    assert body["meta"]["degraded"] is True
    assert metrics.sample("copydesk_degraded_answers_total", labels) == before + 1
