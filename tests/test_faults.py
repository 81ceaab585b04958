"""The fault-injection run's judge: what counts as a kept promise, on hand-made answers."""

from __future__ import annotations

import json

import httpx

from bench.faults import judge, peak_overlap
from tests.test_prompt_injection import read

PROBLEM = {"content-type": "application/problem+json"}


def _analysis(client, text: str) -> dict:
    return client.post("/v1/analyze", json={"text": text}).json()


def test_a_valid_analysis_is_ok_and_a_degraded_one_needs_a_warning(client):
    text = read("benign.txt")
    body = _analysis(client, text)
    assert judge({"text": text}, httpx.Response(200, json=body)) == ("ok", 0)
    body["meta"]["degraded"] = True
    assert judge({"text": text}, httpx.Response(200, json=body))[0] == "degraded without a warning"
    body["meta"]["warnings"] = ["claims: the endpoint answered HTTP 500; the offline claims are returned instead"]
    assert judge({"text": text}, httpx.Response(200, json=body)) == ("degraded", 1)


def test_a_span_that_is_not_its_text_breaks_the_contract(client):
    text = read("benign.txt")
    body = _analysis(client, text)
    body["contradictions"][0]["a"]["spans"][0]["start"] += 1
    assert "span" in judge({"text": text}, httpx.Response(200, json=body))[0]
    assert "not an analysis" in judge({"text": text}, httpx.Response(200, json={"summary": "x"}))[0]


def test_only_documented_problems_pass():
    problem = {"type": "https://copydesk.dev/problems/upstream-error", "title": "LLM endpoint failed",
               "status": 502, "detail": "the LLM endpoint failed: HTTP 500"}
    assert judge({}, httpx.Response(502, json=problem, headers=PROBLEM)) == ("problem", 0)
    crash = {**problem, "status": 500, "type": "https://copydesk.dev/problems/internal"}
    assert judge({}, httpx.Response(500, json=crash, headers=PROBLEM))[0] == "undocumented status 500"
    assert "not problem+json" in judge({}, httpx.Response(502, content=json.dumps(problem).encode(),
                                                           headers={"content-type": "application/json"}))[0]
    assert "says 504" in judge({}, httpx.Response(502, json={**problem, "status": 504}, headers=PROBLEM))[0]


def test_peak_overlap_counts_calls_open_at_once():
    assert peak_overlap([(0, 2), (1, 3), (2.5, 4), (5, 6)]) == 2
    assert peak_overlap([(0, 1), (0, 1), (0, 1)]) == 3
    assert peak_overlap([(0, 0), (0.5, 1)]) == 2  # an unfinished call (end 0) stays open
    assert peak_overlap([]) == 0


def test_a_503_passes_only_with_retry_after():
    problem = {"type": "https://copydesk.dev/problems/overloaded", "title": "Over the time budget",
               "status": 503, "detail": "the analysis could not finish within the request deadline of 8 s"}
    assert judge({}, httpx.Response(503, json=problem, headers={**PROBLEM, "retry-after": "2"})) == ("problem", 0)
    assert judge({}, httpx.Response(503, json=problem, headers=PROBLEM))[0] == "503 without Retry-After"
