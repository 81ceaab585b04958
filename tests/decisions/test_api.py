"""The decisions API against a real database of each backend (SQLite always, PostgreSQL when it can run).

The first test reads the bundled article (its claims, speakers and contradictions); the others need a few claims
to decide on and send `short_story` (six sentences, four claims): the full article twice a test was half the
module's CPU."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from app.api import create_app
from app.settings import Settings

KEY_A, KEY_B = "newsroom-a-key", "newsroom-b-key"


@contextmanager
def api(database_url: str, *, keys: str | None = None) -> Iterator[TestClient]:
    """A client of an app on that database (its pool closed afterwards)."""
    app = create_app(Settings(_env_file=None, llm_base_url=None, llm_api_key=None, api_keys=keys,
                              rate_limit_per_minute=0, database_url=database_url))
    try:
        yield TestClient(app)
    finally:
        app.state.decisions.dispose()


def analyze(client: TestClient, article: str, key: str = "story-1", **headers: str) -> dict:
    r = client.post("/v1/analyze", json={"text": article, "engine": "offline", "article_key": key}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def decide(client: TestClient, fingerprint: str, decision: str, key: str = "story-1", *, expect: int | None = 201,
           headers: dict[str, str] | None = None, **extra) -> dict:
    r = client.post("/v1/decisions", json={"article_key": key, "fingerprint": fingerprint, "decision": decision,
                                           **extra}, headers=headers or {})
    if expect is not None:
        assert r.status_code == expect, r.text
    return r.json()


def test_dismissed_findings_are_left_out_accepted_marked_and_a_corrected_speaker_shown(database_url, article):
    with api(database_url) as client:
        first = analyze(client, article)
        assert first["meta"]["decisions"] == {"article_key": "story-1", "dismissed": 0, "accepted": 0,
                                              "corrected": 0, "dismissed_fingerprints": []}
        claims = first["claims"]
        dismissed, accepted, corrected = claims[0], claims[1], claims[2]
        decide(client, dismissed["fingerprint"], "dismissed", note="not check-worthy")
        decide(client, accepted["fingerprint"], "accepted")
        decide(client, corrected["fingerprint"], "corrected", correction={"speaker": "Jane Doe"})
        x = (first["contradictions"] or [None])[0]
        if x:
            decide(client, x["fingerprint"], "dismissed", note="two different crowds")

        again = analyze(client, article)
        by_fp = {c["fingerprint"]: c for c in again["claims"]}
        assert dismissed["fingerprint"] not in by_fp
        assert by_fp[accepted["fingerprint"]]["decision"]["decision"] == "accepted"
        fixed = by_fp[corrected["fingerprint"]]
        assert fixed["speaker"] == "Jane Doe"
        assert fixed["decision"] == {**fixed["decision"], "decision": "corrected",
                                     "original": {"speaker": corrected["speaker"]}}
        meta = again["meta"]["decisions"]
        assert meta["dismissed"] == 1 + bool(x) and meta["accepted"] == 1 and meta["corrected"] == 1
        assert dismissed["fingerprint"] in meta["dismissed_fingerprints"]
        if x:
            assert x["fingerprint"] not in {c["fingerprint"] for c in again["contradictions"]}
        assert len(again["claims"]) == len(claims) - 1
        # without article_key, the same article is analysed as if nobody had decided anything
        plain = client.post("/v1/analyze", json={"text": article, "engine": "offline"}).json()
        assert len(plain["claims"]) == len(claims) and plain["meta"]["decisions"] is None


def test_the_same_decision_twice_is_one_row_and_a_change_of_mind_a_new_revision(database_url, short_story):
    with api(database_url) as client:
        fp = analyze(client, short_story)["claims"][0]["fingerprint"]
        one = decide(client, fp, "accepted", note="fine")
        two = decide(client, fp, "accepted", note="fine", expect=200)
        assert one == two and one["revision"] == 1
        changed = decide(client, fp, "dismissed", expect=200)
        assert changed["revision"] == 2 and changed["decision"] == "dismissed"
        back = decide(client, fp, "accepted", note="fine", expect=200)
        assert back["revision"] == 3 and back["created_at"] == one["created_at"]
        listed = client.get("/v1/decisions", params={"article": "story-1"}).json()
        assert [d["decision"] for d in listed["decisions"]] == ["accepted"]


def test_an_idempotency_key_replays_its_answer_and_refuses_another_body(database_url, short_story):
    with api(database_url) as client:
        fps = [c["fingerprint"] for c in analyze(client, short_story)["claims"][:2]]
        headers = {"Idempotency-Key": "req-123"}
        first = client.post("/v1/decisions", json={"article_key": "story-1", "fingerprint": fps[0],
                                                   "decision": "dismissed"}, headers=headers)
        assert first.status_code == 201 and "idempotent-replayed" not in first.headers
        # meanwhile the editor changes their mind; the retried request must not undo it
        decide(client, fps[0], "accepted", expect=200)
        replay = client.post("/v1/decisions", json={"article_key": "story-1", "fingerprint": fps[0],
                                                    "decision": "dismissed"}, headers=headers)
        assert replay.status_code == 200 and replay.headers["idempotent-replayed"] == "true"
        assert replay.json()["decision"] == "accepted"
        other = client.post("/v1/decisions", json={"article_key": "story-1", "fingerprint": fps[1],
                                                   "decision": "dismissed"}, headers=headers)
        assert other.status_code == 422
        assert other.headers["content-type"] == "application/problem+json"
        assert other.json()["type"].endswith("/idempotency-key-reused")


def test_an_unknown_fingerprint_is_stored_all_the_same(database_url, short_story):
    with api(database_url) as client:
        analyze(client, short_story)
        stored = decide(client, "f2-0123456789abcdef01234567", "dismissed", kind="contradiction",
                        found_by="check:old")
        assert stored["kind"] == "contradiction" and stored["found_by"] == "check:old" and stored["span_hashes"] == []
        known = decide(client, analyze(client, short_story)["claims"][0]["fingerprint"], "accepted", kind="contradiction")
        assert known["kind"] == "claim" and len(known["span_hashes"]) == 1  # what the server saw wins


def test_bad_decisions_are_problems(database_url, short_story):
    with api(database_url) as client:
        fp = analyze(client, short_story)["claims"][0]["fingerprint"]
        cases = [
            {"article_key": "story-1", "fingerprint": fp, "decision": "accepted", "note": "x" * 2001},
            {"article_key": "story-1", "fingerprint": fp, "decision": "corrected"},
            {"article_key": "story-1", "fingerprint": fp, "decision": "accepted", "correction": {"speaker": "A"}},
            {"article_key": "story-1", "fingerprint": fp, "decision": "maybe"},
            {"article_key": "story-1", "fingerprint": "has spaces", "decision": "accepted"},
            {"article_key": " story-1", "fingerprint": fp, "decision": "accepted"},
            {"article_key": "story-1", "fingerprint": fp, "decision": "corrected", "correction": {"colour": "red"}},
        ]
        for body in cases:
            r = client.post("/v1/decisions", json=body)
            assert r.status_code == 422, body
            assert r.headers["content-type"] == "application/problem+json" and r.json()["errors"]
        huge = client.post("/v1/decisions", content=json.dumps({"article_key": "story-1", "fingerprint": fp,
                                                                "decision": "accepted", "note": "x" * 2_100_000}),
                           headers={"Content-Type": "application/json"})
        assert huge.status_code == 413 and huge.headers["content-type"] == "application/problem+json"
        missing = client.post("/v1/decisions", json={"article_key": "never-analysed", "fingerprint": fp,
                                                     "decision": "accepted"})
        assert missing.status_code == 404 and missing.json()["type"].endswith("/article-not-found")
        assert client.get("/v1/decisions", params={"article": "never-analysed"}).status_code == 404
        assert client.get("/v1/decisions").status_code == 422


def test_a_fingerprint_of_another_shape_than_the_api_issues_is_a_clear_problem(database_url, short_story):
    with api(database_url) as client:
        claims = analyze(client, short_story)["claims"]
        fp = claims[0]["fingerprint"]
        wrong = [claims[0]["id"], "bad", fp.upper(), fp[:-1], fp + "0", fp.replace("f1-", "f0-"), fp.replace("-", "_"),
                 fp + "\n", " " + fp, "f1-" + "g" * 24, "f01-" + fp[3:]]
        for shape in wrong:
            r = client.post("/v1/decisions", json={"article_key": "story-1", "fingerprint": shape,
                                                   "decision": "dismissed"})
            assert r.status_code == 422, shape
            problem = r.json()
            assert r.headers["content-type"] == "application/problem+json"
            assert problem["type"].endswith("/validation-error")
            assert problem["errors"][0]["loc"] == ["body", "fingerprint"]
            assert "24 lowercase hex digits" in problem["detail"] and "Value error" not in problem["detail"]
        assert client.get("/v1/decisions", params={"article": "story-1"}).json()["decisions"] == []
        assert decide(client, fp, "dismissed")["fingerprint"] == fp  # the shape it issues is taken


def test_one_newsroom_never_sees_anothers_decisions(database_url, short_story):
    with api(database_url, keys=f"{KEY_A},{KEY_B}") as client:
        a, b = {"X-API-Key": KEY_A}, {"X-API-Key": KEY_B}
        fp = analyze(client, short_story, **{"X-API-Key": KEY_A})["claims"][0]["fingerprint"]
        mine = decide(client, fp, "dismissed", headers=a, note="A's note")
        assert mine["decided_by"].startswith("key:")
        # B never analysed story-1: its decision and its reads are 404, exactly as for a story nobody has
        r = client.post("/v1/decisions", json={"article_key": "story-1", "fingerprint": fp, "decision": "accepted"},
                        headers=b)
        assert r.status_code == 404
        assert client.get("/v1/decisions", params={"article": "story-1"}, headers=b).status_code == 404
        assert client.get("/v1/decisions/export", headers=b).text == ""
        # B analysing its own story-1 (another CMS, the same id) sees none of A's decisions
        theirs = analyze(client, short_story, **{"X-API-Key": KEY_B})
        assert fp in {c["fingerprint"] for c in theirs["claims"]} and theirs["meta"]["decisions"]["dismissed"] == 0
        assert client.get("/v1/decisions", params={"article": "story-1"}, headers=b).json()["decisions"] == []
        assert client.get("/v1/decisions", params={"article": "story-1"}).status_code == 401
        assert "A's note" in client.get("/v1/decisions/export", headers=a).text


def test_export_as_json_lines_and_csv(database_url, short_story):
    with api(database_url) as client:
        fps = [c["fingerprint"] for c in analyze(client, short_story)["claims"][:2]]
        decide(client, fps[0], "dismissed", note="=HYPERLINK(\"http://x\")")
        decide(client, fps[1], "corrected", correction={"speaker": "Jane Doe"})
        jsonl = client.get("/v1/decisions/export")
        assert jsonl.headers["content-type"].startswith("application/x-ndjson")
        rows = [json.loads(line) for line in jsonl.text.splitlines()]
        assert {r["fingerprint"] for r in rows} == set(fps) and all(r["decided_by"] == "shared" for r in rows)
        as_csv = client.get("/v1/decisions/export", params={"format": "csv"})
        assert as_csv.headers["content-type"].startswith("text/csv")
        table = list(csv.DictReader(io.StringIO(as_csv.text)))
        assert {r["fingerprint"] for r in table} == set(fps)
        by_fp = {r["fingerprint"]: r for r in table}
        assert by_fp[fps[0]]["note"].startswith("'=")  # a spreadsheet shows it, never runs it
        assert json.loads(by_fp[fps[1]]["correction"]) == {"speaker": "Jane Doe"}
        # the same instant is the same text in both exports (JSON's "...Z", not Python's "+00:00")
        for r in rows:
            assert (by_fp[r["fingerprint"]]["decided_at"], by_fp[r["fingerprint"]]["created_at"]) == \
                (r["decided_at"], r["created_at"])
        assert client.get("/v1/decisions/export", params={"format": "xml"}).status_code == 422


def test_no_article_text_is_stored(database_url, short_story):
    with api(database_url) as client:
        response = analyze(client, short_story)
        for claim in response["claims"][:3]:
            decide(client, claim["fingerprint"], "accepted")
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            dump = " ".join(str(row) for table in ("articles", "findings", "decisions", "idempotency_keys")
                            for row in connection.execute(text(f"SELECT * FROM {table}")))
    finally:
        engine.dispose()
    words = [c["span"]["text"] for c in response["claims"]]
    assert "story-1" in dump and not any(w[:40] in dump for w in words)


def test_decisions_survive_a_restart(database_url, short_story):
    with api(database_url) as client:
        fp = analyze(client, short_story)["claims"][0]["fingerprint"]
        decide(client, fp, "dismissed")
    with api(database_url) as client:  # a new process, in effect: a new app, engine and pool
        again = analyze(client, short_story)
        assert fp not in {c["fingerprint"] for c in again["claims"]}
        assert again["meta"]["decisions"]["dismissed"] == 1


def test_a_database_that_is_down_leaves_the_analysis_and_refuses_decisions(short_story):
    # nothing listens on port 9 of loopback (discard), so every connection is refused at once
    down = "postgresql+psycopg://copydesk@127.0.0.1:9/copydesk"
    with api(down) as client:
        r = client.post("/v1/analyze", json={"text": short_story, "engine": "offline", "article_key": "story-1"})
        assert r.status_code == 200
        body = r.json()
        assert body["claims"] and body["meta"]["decisions"] is None
        assert any("decisions database is unavailable" in w for w in body["meta"]["warnings"])
        for call in (lambda: client.post("/v1/decisions", json={"article_key": "story-1", "fingerprint": "f1-" + "0" * 24,
                                                                "decision": "accepted"}),
                     lambda: client.get("/v1/decisions", params={"article": "story-1"}),
                     lambda: client.get("/v1/decisions/export")):
            refused = call()
            assert refused.status_code == 503
            assert refused.headers["content-type"] == "application/problem+json"
            assert int(refused.headers["retry-after"]) >= 1
            assert "127.0.0.1:9" not in refused.text or "copydesk@" not in refused.text


def test_a_data_dir_that_cannot_be_made_is_a_database_that_is_down(tmp_path, short_story):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    app = create_app(Settings(_env_file=None, llm_base_url=None, llm_api_key=None, rate_limit_per_minute=0,
                              data_dir=str(blocker / "data")))
    client = TestClient(app)
    r = client.post("/v1/analyze", json={"text": short_story, "engine": "offline", "article_key": "story-1"})
    assert r.status_code == 200 and r.json()["meta"]["decisions"] is None
    refused = client.get("/v1/decisions/export")
    assert refused.status_code == 503 and refused.headers["retry-after"]
    assert app.state.decisions.prepare() is False  # what `copydesk serve` logs at start, without failing
