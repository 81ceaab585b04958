"""Regression tests of issue 19 (hardening, round two): each probe of its table that got a 500, a wrong answer
or a hang, in the project's own words."""

from __future__ import annotations

import hashlib
import http.client
import json
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.cli import main as cli_main
from app.settings import Settings, get_settings
from tests.serving import serving


def _settings(**kw) -> Settings:
    return Settings(_env_file=None, llm_base_url=None, llm_api_key=None, rate_limit_per_minute=0, **kw)


@pytest.fixture(scope="module")
def api() -> TestClient:
    return TestClient(create_app(_settings()), raise_server_exceptions=False)


def _is_problem(r, status: int, type_: str) -> dict:
    assert r.status_code == status, r.text[:300]
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["type"] == f"https://copydesk.dev/problems/{type_}" and body["status"] == status
    assert body["request_id"] == r.headers["x-request-id"]
    return body


# --- no 500s ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, raw", [
    ("/v1/analyze", b'{"text": "Talks \\ud800 began, Bob said."}'),
    ("/v1/analyze", b'{"text": "Talks began.", "title": "\\udfff"}'),
    ("/v1/verify", b'{"statements": ["a \\ud800"], "sources": [{"id": "a", "text": "x"}]}'),
    ("/v1/verify", b'{"statements": ["a"], "sources": [{"id": "a", "text": "x \\udc00 y"}]}'),
])
def test_a_lone_surrogate_is_a_422_naming_the_field(api, path, raw):
    body = _is_problem(api.post(path, content=raw, headers={"content-type": "application/json"}),
                       422, "validation-error")
    assert "lone surrogate" in body["detail"]


def test_a_figure_of_400_digits_is_read_without_error(api):
    huge = "1" + "0" * 400
    r = api.post("/v1/analyze", json={"text": f"The company earned {huge} dollars, Bob said. It earned 5 dollars."})
    assert r.status_code == 200
    r = api.post("/v1/verify", json={"statements": [f"It earned {huge} dollars."],
                                     "sources": [{"id": "a", "text": "It earned 5 dollars."}]})
    assert r.status_code == 200


@pytest.mark.parametrize("published_at, text", [
    ("8999-12-31", "The ceasefire starts tomorrow, January 1, officials said. It ends next year."),
    ("1000-01-01", "The talks ended yesterday, December 31, officials said. They began last year."),
])
def test_dates_at_the_ends_of_the_accepted_years_do_not_overflow(api, published_at, text):
    r = api.post("/v1/analyze", json={"text": text, "published_at": published_at})
    assert r.status_code == 200 and r.json()["document"]["dateline"] == published_at


@pytest.mark.parametrize("published_at", ["9999-12-31", "0001-01-01", "9999-12-31T23:59:59Z"])
def test_dates_at_the_ends_of_the_calendar_are_refused_not_500(api, published_at):
    text = "The ceasefire starts tomorrow, January 1, officials said. The talks ended yesterday, December 31."
    body = _is_problem(api.post("/v1/analyze", json={"text": text, "published_at": published_at}),
                       422, "validation-error")
    assert "between 1000 and 8999" in body["detail"]


def test_a_timestamp_is_accepted_as_published_at_and_its_written_date_is_kept(api):
    for stamp in ("2025-06-01T10:00:00Z", "2025-06-01T23:30:00-05:00", "2025-06-01 08:00:00+02:00"):
        r = api.post("/v1/analyze", json={"text": "The talks ended yesterday, Bob said.", "published_at": stamp})
        assert r.status_code == 200 and r.json()["document"]["dateline"] == "2025-06-01"
    _is_problem(api.post("/v1/analyze", json={"text": "x y.", "published_at": "2025-06-01Tnoon"}),
                422, "validation-error")


@pytest.mark.parametrize("published_at", ["0", "1773100800", "20260310", "yesterday", "03/10/2026", "2026-3-10",
                                          " 2026-03-10", "2026-069"])
def test_published_at_that_is_not_a_printed_date_is_refused_in_one_sentence(api, published_at):
    # pydantic's lax date read "0" as 1970-01-01 and "1773100800" as Unix seconds; the schema's pattern refuses both
    body = _is_problem(api.post("/v1/analyze", json={"text": "x y.", "published_at": published_at}),
                       422, "validation-error")
    assert body["detail"] == "published_at: not a date (YYYY-MM-DD) or an RFC 3339 timestamp"


def test_a_body_that_is_not_utf8_is_our_malformed_json_problem_with_the_byte(api):
    raw = '{"text": "café"}'.encode("latin-1")
    body = _is_problem(api.post("/v1/analyze", content=raw, headers={"content-type": "application/json"}),
                       400, "malformed-json")
    assert body["errors"][0]["offset"] == raw.index(b"\xe9")


def test_malformed_json_gives_line_and_column(api):
    raw = b'{"text": "abc",\n  "engine": }'
    body = _is_problem(api.post("/v1/verify", content=raw, headers={"content-type": "application/json"}),
                       400, "malformed-json")
    assert (body["errors"][0]["line"], body["errors"][0]["column"]) == (2, 13)
    assert "line 2, column 13" in body["detail"]


def test_json_nested_too_deeply_is_400_not_500(api):
    raw = b"[" * 100_000 + b"]" * 100_000
    _is_problem(api.post("/v1/analyze", content=raw, headers={"content-type": "application/json"}),
                400, "malformed-json")


def test_a_number_past_pythons_digit_limit_is_400_not_500(api):
    # json.loads raises a plain ValueError (not JSONDecodeError) for an integer of more than 4,300 digits
    for path in ("/v1/analyze", "/v1/verify"):
        raw = b'{"text": "a. b.", "summary_words": 1' + b"0" * 5000 + b"}"
        body = _is_problem(api.post(path, content=raw, headers={"content-type": "application/json"}),
                           400, "malformed-json")
        assert "digits" in body["detail"]


def test_a_control_character_in_a_string_is_reported_without_a_dangling_at(api):
    raw = b'{"text": "abc\x01def"}'
    body = _is_problem(api.post("/v1/analyze", content=raw, headers={"content-type": "application/json"}),
                       400, "malformed-json")
    assert body["detail"] == "line 1, column 14: Invalid control character"


def test_include_must_not_be_empty(api):
    _is_problem(api.post("/v1/analyze", json={"text": "Talks began, Bob said.", "include": []}),
                422, "validation-error")


def test_contradictions_without_claims_name_no_claim_ids(api, article):
    full = api.post("/v1/analyze", json={"text": article}).json()
    assert any(c["a"]["claim_ids"] or c["b"]["claim_ids"] for c in full["contradictions"])
    alone = api.post("/v1/analyze", json={"text": article, "include": ["contradictions"]}).json()
    assert alone["claims"] is None and alone["contradictions"]
    assert all(not c["a"]["claim_ids"] and not c["b"]["claim_ids"] for c in alone["contradictions"])
    assert [c["a"]["spans"] for c in alone["contradictions"]] == [c["a"]["spans"] for c in full["contradictions"]]


def test_html_with_no_text_is_the_same_422_on_both_endpoints(api):
    page = "<html><head><script>var x = 1;</script><style>p {}</style></head><body><div></div></body></html>"
    a = _is_problem(api.post("/v1/analyze", json={"html": page}), 422, "validation-error")
    v = _is_problem(api.post("/v1/verify", json={"statements": ["x"], "sources": [{"id": "s", "html": page}]}),
                    422, "validation-error")
    assert a["detail"] == v["detail"]
    assert v["errors"][0]["loc"] == ["body", "sources", 0, "html"]


def test_max_statements_setting_is_enforced():
    client = TestClient(create_app(_settings(max_statements=2)))
    body = {"statements": ["a b", "c d", "e f"], "sources": [{"id": "s", "text": "a b c d."}]}
    problem = _is_problem(client.post("/v1/verify", json=body), 422, "validation-error")
    assert problem["errors"][0]["loc"] == ["body", "statements"]
    body["statements"] = body["statements"][:2]
    assert client.post("/v1/verify", json=body).status_code == 200


def test_probes_answer_head_and_refuse_post_with_405(api):
    for path in ("/healthz", "/readyz"):
        r = api.head(path)
        assert r.status_code == 200 and r.content == b""
        _is_problem(api.post(path, json={}), 405, "http-405")


def test_a_failing_route_is_a_problem_500_with_its_own_request_id():
    app = create_app(_settings())

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("article text must not leak")

    client = TestClient(app, raise_server_exceptions=False)
    first, second = client.get("/boom"), client.get("/boom")
    for r in (first, second):
        _is_problem(r, 500, "internal")
        assert "article text" not in r.text
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


def test_request_state_does_not_leak_on_a_keep_alive_connection():
    app = create_app(_settings(max_body_bytes=1000))

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("boom")

    with serving(app) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        big = json.dumps({"text": "word " * 20_000}).encode()  # over 64 KB: more than one read of the body
        conn.request("POST", "/v1/analyze", body=big, headers={"content-type": "application/json",
                                                              "x-request-id": "first-request"})
        r1 = conn.getresponse()
        r1.read()
        assert r1.status == 413 and r1.getheader("x-request-id") == "first-request"
        if r1.getheader("connection", "").lower() == "close":
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/boom")
        r2 = conn.getresponse()
        body = json.loads(r2.read())
        assert r2.status == 500 and r2.getheader("content-type") == "application/problem+json"
        assert r2.getheader("x-request-id") == body["request_id"] != "first-request"
        conn.close()


# --- the CLI ---------------------------------------------------------------------------------------------------

def test_cli_names_a_directory_as_a_directory(tmp_path, capsys):
    assert cli_main(["analyze", str(tmp_path), "--engine", "offline"]) == 2
    err = capsys.readouterr().err
    assert "is a directory" in err and "Traceback" not in err


@pytest.mark.processes
def test_cli_output_into_a_closed_pipe_ends_quietly(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The talks began on Monday, officials said. " * 200, encoding="utf-8")
    pipe = subprocess.run(f"{sys.executable} -m app.cli analyze {article} --engine offline --format json | head -1",
                          shell=True, capture_output=True, text=True, timeout=120, executable="/bin/bash")
    assert pipe.stdout.strip() == "{" and "Traceback" not in pipe.stderr and "BrokenPipe" not in pipe.stderr


def test_cli_serve_with_a_missing_keys_file_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COPYDESK_API_KEYS_FILE", str(tmp_path / "absent.txt"))
    get_settings.cache_clear()
    try:
        code = cli_main(["serve", "--port", "0"])
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("copydesk: error:")]
    assert lines == [f"copydesk: error: COPYDESK_API_KEYS_FILE {tmp_path / 'absent.txt'}: No such file or directory"]


# --- keys ------------------------------------------------------------------------------------------------------

def test_a_key_made_with_openssl_rand_hex_works_and_digest_entries_still_do(article):
    hex_key = hashlib.sha256(b"any 32 random bytes").hexdigest()  # what `openssl rand -hex 32` prints
    digest_entry = hashlib.sha256(b"a key kept as its digest").hexdigest()
    client = TestClient(create_app(_settings(api_keys=f"{hex_key},{digest_entry}")))
    body = {"text": "Talks began, Bob said."}
    assert client.post("/v1/analyze", json=body, headers={"X-API-Key": hex_key}).status_code == 200
    assert client.post("/v1/analyze", json=body, headers={"X-API-Key": "a key kept as its digest"}).status_code == 200
    assert client.post("/v1/analyze", json=body, headers={"X-API-Key": "0" * 64}).status_code == 401


def test_a_non_ascii_key_matches_when_sent_as_utf8():
    def status(port: int, key: bytes) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        body = b'{"text": "Talks began, Bob said."}'
        conn.putrequest("POST", "/v1/analyze")
        for name, value in ((b"X-API-Key", key), (b"Content-Type", b"application/json"),
                            (b"Content-Length", str(len(body)).encode())):
            conn.putheader(name, value)
        conn.endheaders(body)
        r = conn.getresponse()
        r.read()
        conn.close()
        return r.status

    with serving(create_app(_settings(api_keys="clé-secrète"))) as port:  # bytes on the wire, as sent
        assert status(port, "clé-secrète".encode()) == 200
        assert status(port, "clé-secrète".encode("latin-1")) == 401


# --- the server: forwarded headers, slow clients, concurrency --------------------------------------------------

def test_forwarded_headers_are_not_trusted_unless_configured():
    from app.server import uvicorn_options

    def statuses(settings: Settings) -> list[int]:
        with serving(create_app(settings), **uvicorn_options(settings)) as port:
            out = []
            for i in range(4):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("POST", "/v1/analyze", body=b'{"text": "Talks began, Bob said."}',
                             headers={"content-type": "application/json", "x-forwarded-for": f"203.0.113.{i}"})
                r = conn.getresponse()
                r.read()
                conn.close()
                out.append(r.status)
            return out

    base = dict(_env_file=None, llm_base_url=None, llm_api_key=None, rate_limit_per_minute=2)
    assert statuses(Settings(**base)) == [200, 200, 429, 429]  # one client, whatever it claims to forward
    assert statuses(Settings(**base, trusted_proxies="127.0.0.1")) == [200, 200, 200, 200]


def _slow_headers_closed(port: int, wait_s: float) -> bool:
    import socket

    sock = socket.create_connection(("127.0.0.1", port), timeout=wait_s + 5)
    try:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # and never the blank line that ends the headers
        sock.settimeout(wait_s)
        try:
            return sock.recv(1024) == b""  # closed by the server
        except TimeoutError:
            return False
    finally:
        sock.close()


def test_a_client_that_never_finishes_its_headers_is_disconnected():
    from app.server import uvicorn_options

    settings = _settings(header_timeout_s=0.2)  # short: the test waits it out
    with serving(create_app(settings), **uvicorn_options(settings)) as port:
        assert _slow_headers_closed(port, wait_s=5)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)  # a normal client is still served
        conn.request("GET", "/healthz")
        assert conn.getresponse().status == 200


def test_a_body_shorter_than_its_content_length_is_a_408():
    import socket

    settings = _settings(body_read_timeout_s=0.1)  # short: the test waits it out
    with serving(create_app(settings)) as port:
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(b"POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100\r\n\r\n{\"text\": ")
        answer = b""
        while chunk := sock.recv(4096):  # the server closes the connection after the answer
            answer += chunk
        sock.close()
        answer = answer.decode()
    assert answer.startswith("HTTP/1.1 408") and "application/problem+json" in answer
    assert "request-timeout" in answer


def test_over_the_concurrency_limit_is_a_503_problem_with_retry_after():
    from app.api import BodyLimit

    async def app(scope, receive, send):  # never reached
        raise AssertionError

    limit = BodyLimit(app, max_bytes=100, limit_concurrency=1)
    limit.in_flight = 1  # one request already being answered
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message):
        sent.append(message)

    import asyncio

    asyncio.run(limit({"type": "http", "method": "POST", "path": "/v1/analyze", "state": {},
                       "headers": [(b"content-type", b"application/json")]}, receive, send))
    assert sent[0]["status"] == 503 and (b"retry-after", b"1") in sent[0]["headers"]
    assert json.loads(sent[1]["body"])["type"].endswith("/overloaded")


def test_metrics_labels_stay_bounded_whatever_the_method(api):
    before = len(api.get("/metrics").content)
    for i in range(200):
        api.request("X" * 100 + str(i), "/v1/analyze")
    after = api.get("/metrics").text
    assert "X" * 100 not in after and 'method="OTHER"' in after
    assert len(after) < before + 20_000


# --- HTML caps -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("page, why", [
    ("<div>" * 100_000 + "Talks began, officials said.", "nested more than 1,000 deep"),
    ("<p " + " ".join(f'a{i}="1"' for i in range(60_000)) + ">Talks began, officials said.</p>",
     "more than 256 attributes"),
])
def test_html_too_deep_or_with_too_many_attributes_is_a_422_before_parsing(api, page, why):
    body = _is_problem(api.post("/v1/analyze", json={"html": page}), 422, "validation-error")
    assert why in body["detail"] and body["errors"][0]["loc"] == ["body", "html"]
    body = _is_problem(api.post("/v1/verify", json={"statements": ["x"], "sources": [{"id": "s", "html": page}]}),
                       422, "validation-error")
    assert why in body["detail"] and body["errors"][0]["loc"] == ["body", "sources", 0, "html"]


def test_html_caps_leave_scripts_unclosed_paragraphs_and_long_attribute_values_alone(api):
    page = ("<html><head><script>for (var i = 0; i<arr.length; i++) { if (a<b) {} }</script></head><body>"
            + "<p>Para" * 3_000 + '<img src="data:image/png;base64,' + "A" * 100_000 + '">'
            + "<div>" * 500 + "Talks began on Monday, officials said." + "</div>" * 500 + "</body></html>")
    assert api.post("/v1/analyze", json={"html": page}).status_code == 200


class _CountedTokens(list):
    """A token list that counts how many times it is walked."""

    walks = 0

    def __iter__(self):
        type(self).walks += 1
        return super().__iter__()


def test_the_antonym_check_walks_the_source_a_bounded_number_of_times_whatever_the_statement():
    # It rebuilt the source's word set for every word of the statement: 11.8 s for a 5,000-character statement
    # against a 200,000-character source (the worst-case table's "verify: names statement").
    from app.verify.polarity import antonym_clash
    from app.verify.text import tokens

    source = tokens("John Smith said the council approved the plan. " * 20)
    walks = []
    for words in (10, 400):
        statement = tokens("John Smith " * words)
        _CountedTokens.walks = 0
        antonym_clash(statement, _CountedTokens(source))
        walks.append(_CountedTokens.walks)
    assert walks[1] == walks[0]  # not once per word of the statement


@pytest.mark.parametrize("path", ["/v1/analyze/", "/v1/verify/"])
def test_a_trailing_slash_is_a_404_problem_that_names_the_path(api, path):
    r = api.post(path, json={"text": "x"})
    problem = _is_problem(r, 404, "http-404")
    assert path.rstrip("/") in problem["detail"] and "location" not in r.headers


def test_a_request_still_running_at_the_shutdown_timeout_gets_a_503_problem_not_a_plain_500():
    # uvicorn cancels what still runs COPYDESK_SHUTDOWN_TIMEOUT_S after SIGTERM and answered it with a text/plain
    # "Internal Server Error"; the client should be told to send it again (to another replica).
    import asyncio
    import threading
    import time

    import httpx
    import uvicorn

    app = create_app(_settings())
    running = threading.Event()

    @app.post("/v1/slow")
    async def slow() -> dict:
        running.set()
        await asyncio.sleep(600)
        return {}

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, access_log=False,
                                           lifespan="off", timeout_graceful_shutdown=0.2))  # uvicorn waits with asyncio.wait_for: a float works
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    answers: list[httpx.Response] = []
    client = threading.Thread(target=lambda: answers.append(
        httpx.post(f"http://127.0.0.1:{port}/v1/slow", json={}, timeout=60)))
    client.start()
    assert running.wait(30)
    server.should_exit = True  # what SIGTERM does
    client.join(60)
    thread.join(60)
    r = answers[0]
    problem = _is_problem(r, 503, "shutting-down")
    assert r.headers["retry-after"] == "1" and "send it again" in problem["detail"]


def test_the_schema_states_the_article_key_rule_and_the_server_keeps_to_it(tmp_path):
    # Schemathesis found keys the schema allowed and the server refused (its rule was isprintable(), unstated)
    import re

    api = TestClient(create_app(_settings(data_dir=str(tmp_path))), raise_server_exceptions=False)

    schema = api.get("/openapi.json").json()["components"]["schemas"]
    pattern = schema["DecisionRequest"]["properties"]["article_key"]["pattern"]
    assert [o.get("pattern") for o in schema["AnalyzeRequest"]["properties"]["article_key"]["anyOf"]
            if o.get("type") == "string"] == [pattern]
    for key in ["cms-story-4711", "é/ü 1", "a\u00a0b", "a\u200db", " a", "a\t", "a\u0000b", "a\u0085"]:
        in_schema = re.search(pattern, key) is not None
        r = api.post("/v1/analyze", json={"text": "Talks began, Bob said.", "article_key": key})
        assert (r.status_code != 422) == in_schema, (key, r.text[:200])


def test_the_schema_says_a_correction_goes_with_corrected_only():
    from app.models import DecisionRequest

    rules = DecisionRequest.model_json_schema()["oneOf"]
    corrected = next(r for r in rules if r["properties"]["decision"].get("const") == "corrected")
    assert "correction" in corrected["required"] and corrected["properties"]["correction"]["minProperties"] == 1
    others = next(r for r in rules if "enum" in r["properties"]["decision"])
    assert set(others["properties"]["decision"]["enum"]) == {"accepted", "dismissed"}
    assert others["properties"]["correction"] == {"type": "null"}


@pytest.mark.parametrize("text", [
    "Mr. Bob Smith Jones. Said Alice Cooper", "A. B. C. D", "“Hello,” said John Smith. Bob",
    "The Cedar Hollow City Hall said Mr. Smith of Acme Corp. on Monday, and NASA agreed.",
    "John Smith " * 50 + "said.",
])
def test_name_runs_in_one_pass_are_the_runs_token_by_token(text):
    # the verifier's name check asked name_run for every capitalised token: quadratic in a long capitalised run
    # (20,000 characters of "John Smith" took 8 s); name_runs gives the same set in one pass
    from app.verify.text import name_run, name_runs, tokens

    toks = tokens(text)
    assert name_runs(toks) == {name_run(toks, t.index) for t in toks if t.capital}


def test_a_compressed_body_is_415_naming_the_encoding(api):
    import gzip
    raw = gzip.compress(b'{"text": "Talks began, Bob said."}')
    body = _is_problem(api.post("/v1/analyze", content=raw, headers={"content-type": "application/json",
                                                                      "content-encoding": "gzip"}),
                       415, "unsupported-media-type")
    assert "gzip" in body["detail"] and "identity" in body["detail"]


def test_summary_words_must_be_a_json_integer_not_a_boolean(api):
    body = _is_problem(api.post("/v1/analyze", json={"text": "Talks began, Bob said.", "summary_words": True}),
                       422, "validation-error")
    assert "integer" in body["detail"] and "greater than" not in body["detail"]
