"""/v1/analyze with the llm engine against the fake endpoint (bench/fake_llm.py), in every mode."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx
import pytest

from bench.fake_llm import Asked, Payload
from tests.llm.conftest import MODES

# Every mode where the wire format matters: the request's shape, parsing an answer, broken JSON, instructor's
# re-ask message (test_a_malformed_answer_is_re_asked_with_the_reason). One mode where the format is parsed
# before what is under test: the transport and the fallbacks (retries, deadlines, degrading), our own grounding
# and merging of parsed answers, the re-ask count, the prompt's text (built before any mode applies).
every_mode = pytest.mark.parametrize("mode", MODES)
one_mode = pytest.mark.parametrize("mode", ["tools"])


def grounded(text: str, body: dict) -> None:
    """Every span in the response is the slice of the article it claims to be."""
    spans = [c["span"] for c in body["claims"] or []]
    spans += [s for x in body["contradictions"] or [] for side in (x["a"], x["b"]) for s in side["spans"]]
    spans += [s for k in (body["summary"] or {}).get("key_points", []) for s in k["spans"]]
    for span in spans:
        assert text[span["start"]:span["end"]] == span["text"]


@every_mode
def test_a_good_answer_is_grounded_and_counted(serve, short_article, mode):
    client, fake = serve(mode)
    r = client.post("/v1/analyze", json={"text": short_article})
    assert r.status_code == 200, r.text
    body = r.json()
    grounded(short_article, body)
    assert len(body["claims"]) == 4  # one per body sentence the fake was shown
    assert [c["id"] for c in body["claims"]] == ["c1", "c2", "c3", "c4"]
    assert body["summary"]["key_points"] and body["summary"]["text"]
    meta = body["meta"]
    assert meta["engine"] == "llm" and meta["model"] == "test-model"
    assert meta["prompt_version"] == "claims.v2+contradictions.v3+summary.v2"  # the prompt files' versions
    assert not meta["degraded"]
    sent, answered = fake.usage()  # what the endpoint reported, summed over its answers
    assert sent > 0 and answered > 0
    assert meta["usage"] == {"input_tokens": sent, "output_tokens": answered, "calls": 3, "retries": 0, "reasks": 0}
    # every call sees the whole article, the same block first (a prefix the endpoint can cache); the contradiction
    # call then lists the claims by id and sentence
    summary, claims, contradictions = fake.of("summary")[0], fake.of("claims")[0], fake.of("contradictions")[0]
    s_user, c_user = summary.messages[-1]["content"], claims.messages[-1]["content"]
    x_user = contradictions.messages[-1]["content"] if mode != "md_json" else contradictions.text
    article = s_user[: s_user.index("Task:")].rstrip()
    assert c_user.startswith(article) and contradictions.messages[0] == summary.messages[0]
    if mode != "md_json":
        assert x_user.startswith(article)
    assert x_user.index("<<<END ARTICLE") < x_user.index("<<<BEGIN CLAIMS") < x_user.index("Task: find")
    assert "\nc4\t" in x_user


@every_mode
def test_a_malformed_answer_is_re_asked_with_the_reason(serve, short_article, mode):
    def malformed_first(payload: Payload, asked: Asked) -> Payload | str:
        if asked.attempt == 1:
            return {"claims": [{"sentence_id": 3, "text": "no quote given", "type": "event", "checkworthy": 0.5}]}
        return payload

    client, fake = serve(mode)
    fake.overrides["claims"] = malformed_first
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    first, second = fake.of("claims")
    assert len(first.messages) < len(second.messages)
    reask = second.text[len(first.text):]
    assert "quote" in reask and "Field required" in reask
    assert len(body["claims"]) == 4 and not body["meta"]["degraded"]
    assert body["meta"]["usage"]["reasks"] == 1 and body["meta"]["usage"]["calls"] == 4
    assert body["meta"]["usage"]["input_tokens"] == fake.usage()[0]  # the rejected answer's tokens count too


@every_mode
def test_broken_json_is_re_asked(serve, short_article, mode):
    client, fake = serve(mode)
    fake.overrides["summary"] = lambda payload, asked: '{"summary": "cut off' if asked.attempt == 1 else payload
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert len(fake.of("summary")) == 2
    assert body["summary"]["text"] and not body["meta"]["degraded"]


@one_mode
def test_an_ungrounded_quote_is_re_asked_then_dropped_with_a_warning(serve, short_article, mode):
    def invent(payload: Payload, asked: Asked) -> Payload:
        payload["claims"].append({"sentence_id": payload["claims"][0]["sentence_id"],
                                  "quote": "fares will be free for pensioners", "text": "Fares will be free.",
                                  "speaker": None, "type": "event", "checkworthy": 0.9})
        return payload

    client, fake = serve(mode)
    fake.overrides["claims"] = invent
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    first, second = fake.of("claims")
    assert "fares will be free for pensioners" in second.text[len(first.text):]
    assert "is not in sentence" in second.text[len(first.text):]
    grounded(short_article, body)
    assert len(body["claims"]) == 4
    assert all("free" not in c["text"] for c in body["claims"])
    warning = next(w for w in body["meta"]["warnings"] if w.startswith("claims: dropped"))
    assert "Fares will be free" in warning and "not in sentence" in warning


@one_mode
def test_a_wrong_sentence_id_is_re_asked(serve, short_article, mode):
    client, fake = serve(mode)
    fake.overrides["summary"] = lambda p, a: {**p, "key_points": [{"text": "x", "sentence_ids": [999]}]} \
        if a.attempt == 1 else p
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert "999" in fake.of("summary")[1].text
    assert all(i != 999 for k in body["summary"]["key_points"] for i in k["sentence_ids"])


@pytest.mark.parametrize("llm_calls", ["split", "single"])
def test_a_summary_none_of_whose_key_points_can_be_grounded_is_not_shown(serve, short_article, llm_calls):
    # the model's summary text is tied to the article only by its key points (the summary check reads them): when
    # every one is dropped as ungrounded, its text is no better than invented, so the offline summary stands in
    client, fake = serve("tools", llm_calls=llm_calls)
    invented = "The harbour will be sold to a foreign buyer next spring."

    def ungrounded(payload, asked):
        return {**payload, "summary": invented, "key_points": [{"text": invented, "sentence_ids": [999]}]}

    fake.overrides["summary" if llm_calls == "split" else "summary_claims_contradictions"] = ungrounded
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert body["summary"]["text"] and invented not in body["summary"]["text"]
    assert body["summary"]["key_points"]
    grounded(short_article, body)
    assert body["meta"]["degraded"] is True
    assert "summary_degraded" in body["meta"]["warning_codes"]
    assert body["claims"]  # the other parts of the answer are the model's still


@pytest.mark.parametrize("llm_calls", ["split", "single"])
def test_claims_none_of_which_can_be_grounded_give_way_to_the_offline_claims(serve, short_article, llm_calls):
    # an empty claim list after every claim the model gave was dropped is a failed part, not "no claims"
    client, fake = serve("tools", llm_calls=llm_calls)

    def ungrounded(payload, asked):
        return {**payload, "claims": [{**c, "sentence_id": 999} for c in payload["claims"]]}

    fake.overrides["claims" if llm_calls == "split" else "summary_claims_contradictions"] = ungrounded
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert body["claims"]
    grounded(short_article, body)
    assert body["meta"]["degraded"] is True
    assert "claims_degraded" in body["meta"]["warning_codes"]
    assert body["summary"]["key_points"]  # the summary is the model's still


@pytest.mark.parametrize("llm_calls", ["split", "single"])
def test_claims_some_of_which_can_be_grounded_are_the_models_and_not_degraded(serve, short_article, llm_calls):
    # one claim in four dropped as ungrounded: the other three are the model's answer, not a failed part
    client, fake = serve("tools", llm_calls=llm_calls)

    def one_ungrounded(payload, asked):
        claims = payload["claims"]
        return {**payload, "claims": [{**claims[0], "sentence_id": 999}, *claims[1:]]}

    fake.overrides["claims" if llm_calls == "split" else "summary_claims_contradictions"] = one_ungrounded
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert len(body["claims"]) == 3
    grounded(short_article, body)
    codes = body["meta"]["warning_codes"]
    assert "item_dropped" in codes and "claims_degraded" not in codes
    assert body["meta"]["degraded"] is False


@pytest.mark.parametrize("llm_calls", ["split", "single"])
def test_an_answer_with_no_claims_is_an_article_without_claims(serve, short_article, llm_calls):
    # nothing dropped: an empty list is the model's answer (an article with nothing to check), not a failed part
    client, fake = serve("tools", llm_calls=llm_calls)
    fake.overrides["claims" if llm_calls == "split" else "summary_claims_contradictions"] = \
        lambda payload, asked: {**payload, "claims": []}
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert body["claims"] == []
    assert body["meta"]["degraded"] is False
    assert "claims_degraded" not in body["meta"]["warning_codes"]


def test_every_dropped_contradiction_leaves_the_claims_the_models(serve, short_article):
    # drops are counted per list of the answer: contradictions dropped from the one call do not degrade its claims
    client, fake = serve("tools", llm_calls="single")
    model_claims = []

    def ungrounded_contradictions(payload, asked):
        model_claims[:] = [c["text"] for c in payload["claims"]]
        sides = [{"sentence_id": 999, "quote": "nowhere in the article"}] * 2
        return {**payload, "contradictions": [{"type": "numeric", "a": sides[0], "b": sides[1],
                                               "explanation": "made up", "confidence": 0.9}]}

    fake.overrides["summary_claims_contradictions"] = ungrounded_contradictions
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert model_claims and [c["text"] for c in body["claims"]] == model_claims
    assert "item_dropped" in body["meta"]["warning_codes"]
    assert body["meta"]["degraded"] is False


def test_claims_dropped_are_counted_not_read_from_the_warnings_words(serve, short_article, monkeypatch):
    # the engine learns that every claim was dropped from the count schemas.settle keeps (Run.dropped), so a
    # warning reworded for people changes nothing it decides
    from app.engines.llm import schemas

    settle = schemas.settle

    def reworded(label, raw, item_model):
        kept = settle(label, raw, item_model)
        call = schemas.current_call()
        call.warnings[:] = [f"left out an item: {w.rpartition(': ')[2]}" for w in call.warnings]
        return kept

    monkeypatch.setattr(schemas, "settle", reworded)
    client, fake = serve("tools")
    fake.overrides["claims"] = lambda payload, asked: {
        **payload, "claims": [{**c, "sentence_id": 999} for c in payload["claims"]]}
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert any(w.startswith("claims: left out an item") for w in body["meta"]["warnings"])
    assert body["claims"] and body["meta"]["degraded"] is True
    assert "claims_degraded" in body["meta"]["warning_codes"]


@one_mode
def test_429_waits_as_retry_after_says(serve, short_article, mode):
    # the backoff alone (100 s) would overrun the 5 s deadline, so success proves Retry-After was used
    client, fake = serve(mode, llm_backoff_s=100.0, llm_backoff_max_s=100.0, request_deadline_s=5.0)
    fake.overrides["claims"] = lambda p, a: httpx.Response(429, headers={"Retry-After": "0"},
                                                           json={"error": {"message": "slow down"}}) \
        if a.attempt == 1 else p
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert not body["meta"]["degraded"], body["meta"]["warnings"]
    assert body["meta"]["usage"]["retries"] == 1 and body["meta"]["usage"]["calls"] == 4


@one_mode
def test_500_then_success_is_retried(serve, short_article, mode):
    client, fake = serve(mode)
    fake.overrides["summary"] = lambda p, a: httpx.Response(500, json={"error": {"message": "oops"}}) \
        if a.attempt == 1 else p
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert not body["meta"]["degraded"]
    assert body["meta"]["usage"]["retries"] == 1 and body["meta"]["usage"]["reasks"] == 0


@one_mode
def test_a_timeout_is_retried(serve, short_article, mode):
    def slow_once(payload: Payload, asked: Asked) -> Payload:
        if asked.attempt == 1:
            raise httpx.ReadTimeout("timed out")
        return payload

    client, fake = serve(mode)
    fake.overrides["claims"] = slow_once
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert not body["meta"]["degraded"] and body["meta"]["usage"]["retries"] == 1
    assert len(body["claims"]) == 4


@one_mode
def test_a_part_that_keeps_failing_degrades_to_offline(serve, short_article, mode):
    client, fake = serve(mode)
    fake.overrides["claims"] = lambda p, a: httpx.Response(503, json={"error": {"message": "down"}})
    r = client.post("/v1/analyze", json={"text": short_article})
    assert r.status_code == 200
    body = r.json()
    assert len(fake.of("claims")) == 3  # the first try and llm_max_retries=2 retries
    assert body["meta"]["degraded"]
    assert any(w.startswith("claims: the endpoint answered HTTP 503") for w in body["meta"]["warnings"])
    assert body["claims"], "the offline claims stand in"
    grounded(short_article, body)
    assert len(fake.of("summary")) == 1 and body["meta"]["usage"]["retries"] == 2


@one_mode
def test_nothing_at_all_is_a_502_with_a_retry_hint(serve, short_article, mode):
    client, fake = serve(mode)
    for task in ("summary", "claims", "contradictions"):
        fake.overrides[task] = lambda p, a: httpx.Response(429, headers={"Retry-After": "120"})
    r = client.post("/v1/analyze", json={"text": short_article})
    assert r.status_code == 502
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.headers["retry-after"] == "120"
    assert short_article[:40] not in r.text
    # a Retry-After past the deadline is not waited for: one try each
    assert len(fake.of("summary")) == 1 and len(fake.of("claims")) == 1


@one_mode
def test_timeouts_everywhere_are_a_504(serve, short_article, mode):
    def always_slow(payload: Payload, asked: Asked) -> Payload:
        raise httpx.ReadTimeout("timed out")

    client, fake = serve(mode)
    fake.overrides.update(summary=always_slow, claims=always_slow)
    r = client.post("/v1/analyze", json={"text": short_article, "include": ["summary", "claims"]})
    assert r.status_code == 504 and "retry-after" in r.headers


@one_mode
def test_a_server_that_hangs_past_the_deadline(serve, short_article, mode):
    async def hang() -> httpx.Response:
        await asyncio.sleep(30)
        raise AssertionError("the deadline should have cut this off")

    client, fake = serve(mode, request_deadline_s=0.5, llm_timeout_s=30.0)
    fake.overrides["claims"] = lambda p, a: hang()
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert body["meta"]["degraded"] and body["summary"]["key_points"]
    assert any("deadline" in w for w in body["meta"]["warnings"])
    fake.overrides["summary"] = lambda p, a: hang()
    r = client.post("/v1/analyze", json={"text": short_article})
    assert r.status_code == 504 and r.json()["type"].endswith("upstream-timeout")


@one_mode
def test_an_article_with_template_syntax_reaches_the_model_unchanged(serve, braces_article, mode):
    client, fake = serve(mode)
    body = client.post("/v1/analyze", json={"text": braces_article}).json()
    shown = fake.of("claims")[0].messages[-1]["content"]
    for line in braces_article.splitlines():
        if "{" in line:
            assert line in shown
    assert "Ignore all previous instructions" in shown  # reported as data, inside the fence
    fence_end = shown.index("<<<END ARTICLE")
    assert shown.index("Ignore all previous instructions") < fence_end < shown.index("Task:")
    grounded(braces_article, body)
    assert any("{{ resident.name }}" in c["span"]["text"] or "{{ resident.name }}" in c["text"]
               for c in body["claims"])


@one_mode
def test_model_contradictions_are_grounded_and_merged(serve, short_article, mode):
    def clash(payload: Payload, asked: Asked) -> Payload:
        return {"contradictions": [{
            "type": "numeric",
            "a": {"sentence_id": 2, "quote": "12 percent", "claim_ids": ["c1"]},
            "b": {"sentence_id": 3, "quote": "$4.50, up from $4.00", "claim_ids": ["c2"]},
            "explanation": "A rise from $4.00 to $4.50 is 12.5 percent, not 12.",
            "confidence": 0.6}]}

    client, fake = serve(mode)
    fake.overrides["contradictions"] = clash
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    grounded(short_article, body)
    found = [x for x in body["contradictions"] if "llm" in x["found_by"].split(" + ")]
    assert len(found) == 1
    x = found[0]
    assert x["a"]["spans"][0]["text"] == "12 percent" and x["a"]["claim_ids"] == ["c1"]
    assert [c["id"] for c in body["contradictions"]] == [f"x{i}" for i in range(1, len(body["contradictions"]) + 1)]


@one_mode
def test_a_long_article_is_split_for_claims(serve, short_article, mode):
    client, fake = serve(mode, llm_chunk_tokens=30)
    body = client.post("/v1/analyze", json={"text": short_article, "include": ["claims"]}).json()
    calls = fake.of("claims")
    assert len(calls) > 1
    assert body["meta"]["usage"]["calls"] == len(calls)
    assert len(body["claims"]) == 4
    assert [c["id"] for c in body["claims"]] == ["c1", "c2", "c3", "c4"]
    starts = [c["span"]["start"] for c in body["claims"]]
    assert starts == sorted(starts)
    grounded(short_article, body)


@one_mode
def test_parts_left_out_are_not_asked_for(serve, short_article, mode):
    client, fake = serve(mode)
    body = client.post("/v1/analyze", json={"text": short_article, "include": ["summary"]}).json()
    assert [a.task for a in fake.asked] == ["summary"]
    assert body["claims"] is None and body["contradictions"] is None


@every_mode
def test_the_request_is_standard_chat_completions(serve, short_article, mode):
    client, fake = serve(mode)
    client.post("/v1/analyze", json={"text": short_article, "include": ["summary"]})
    body = fake.asked[0].body
    assert body["model"] == "test-model" and body["temperature"] == 0.0 and body["max_tokens"] == 2048
    assert body["messages"][0]["role"] == "system"
    assert ("tools" in body) == (mode == "tools")
    if mode == "json_schema":
        assert body["response_format"]["type"] == "json_schema"


@every_mode
def test_the_fake_answers_in_the_mode_it_was_asked_in(serve, short_article, mode):
    """The fake's own shape, so that a mode test cannot pass on the wrong wire format."""
    client, fake = serve(mode)
    client.post("/v1/analyze", json={"text": short_article, "include": ["summary"]})
    assert [a.mode for a in fake.asked] == [mode]
    message = fake.answered[0]["choices"][0]["message"]
    assert ("tool_calls" in message) == (mode == "tools")
    assert (message["content"] or "").startswith("```json") == (mode == "md_json")


@one_mode
def test_an_answer_that_never_fits_degrades_after_the_last_re_ask(serve, short_article, mode):
    client, fake = serve(mode)
    fake.overrides["summary"] = lambda payload, asked: {"summary": 42}
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert len(fake.of("summary")) == 2  # the answer and llm_max_reasks=1 re-ask
    assert body["meta"]["degraded"] and body["meta"]["usage"]["reasks"] == 1
    assert any(w.startswith("summary: the answer did not fit the schema after 1 re-asks")
               for w in body["meta"]["warnings"])
    assert body["summary"]["key_points"], "the offline summary stands in"
    grounded(short_article, body)


@one_mode
def test_no_article_text_reaches_the_logs(serve, short_article, mode, caplog):
    def invent(payload: Payload, asked: Asked) -> Payload:
        claims = payload["claims"]
        claims[0]["quote"] = claims[0]["quote"] + " and then some"  # ungrounded: re-asked, then dropped
        return payload

    caplog.set_level(logging.DEBUG)
    client, fake = serve(mode)
    fake.overrides["claims"] = invent
    fake.overrides["summary"] = lambda p, a: httpx.Response(500) if a.attempt == 1 else p
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert body["meta"]["usage"]["reasks"] == 1 and body["meta"]["usage"]["retries"] == 1
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert logged
    for line in short_article.splitlines():
        for fragment in (line[:30], line[-30:]):
            if len(fragment.split()) > 3:
                assert fragment not in logged


@one_mode
def test_a_failed_part_of_a_long_article_falls_back_alone(serve, short_article, mode):
    client, fake = serve(mode, llm_chunk_tokens=30, llm_max_retries=0)
    fake.overrides["claims"] = lambda p, a: httpx.Response(503) if "18,000" in a.text else p
    body = client.post("/v1/analyze", json={"text": short_article, "include": ["claims"]}).json()
    parts = len(fake.of("claims"))
    assert parts > 1 and body["meta"]["degraded"]
    assert any(w.startswith("claims: part ") and f"of {parts}: the endpoint answered HTTP 503" in w
               for w in body["meta"]["warnings"])
    from_model = [c for c in body["claims"] if "18,000" not in c["span"]["text"]]
    assert len(from_model) == 3  # the parts that answered keep the model's claims
    grounded(short_article, body)


@one_mode
def test_the_deterministic_checks_run_as_cpu_jobs_not_on_the_servers_threads(serve, short_article, mode):
    """The llm engine hands its checks to app.cpu (worker processes in production) instead of a thread of the
    serving process, where they held the GIL the event loop needs for the model's calls."""
    from concurrent.futures import ThreadPoolExecutor

    from app import cpu

    ran: list[str] = []

    class Recording(ThreadPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def, override]
            ran.append(getattr(getattr(fn, "func", fn), "__name__", "?"))
            return super().submit(fn, *args, **kwargs)

    client, _ = serve(mode)
    previous = cpu.use_executor(Recording(max_workers=1))
    try:
        r = client.post("/v1/analyze", json={"text": short_article})
    finally:
        cpu.use_executor(previous)
    assert r.status_code == 200, r.text
    # (a lone short text's Document is built on the event loop: app.service._document)
    assert "run_checks" in ran


@every_mode
def test_a_raw_newline_inside_a_json_string_is_read_without_a_re_ask(serve, short_article, mode):
    """Small local models (Gemma 3 270M on llama.cpp) end a string with a raw newline, which strict JSON forbids:
    the answer is read leniently instead of re-asked until it fails."""
    sent: list[str] = []

    def raw_newline(payload: Payload, asked: Asked) -> str:
        text = json.dumps(payload).replace(json.dumps(payload["summary"]), '"' + payload["summary"] + '\n"', 1)
        sent.append(payload["summary"])
        return text

    client, fake = serve(mode, llm_calls="single")
    fake.overrides["summary_claims_contradictions"] = raw_newline
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert [a.task for a in fake.asked] == ["summary_claims_contradictions"]  # no re-ask
    answered = json.dumps(fake.answered[0])
    assert sent[0] + "\\n" in answered  # the raw newline went out (escaped once more in this dump)
    assert not body["meta"]["degraded"] and body["meta"]["usage"]["reasks"] == 0
    assert body["summary"]["text"] == sent[0].strip()
