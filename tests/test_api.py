"""The HTTP API: shapes, and a problem+json answer for every failure a client can cause."""

from __future__ import annotations

import codecs
import json

from fastapi.testclient import TestClient

from app.api import create_app
from app.settings import Settings

PROBLEM = "application/problem+json"


def _problem(r, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"]
    return body


def test_analyze_returns_the_contract(client, article):
    r = client.post("/v1/analyze", json={"text": article})
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"document", "summary", "claims", "contradictions", "meta"}
    assert body["document"]["text"] is None  # plain text: offsets index the text as sent
    assert body["document"]["dateline"] == "2025-06-01"
    assert body["meta"]["engine"] == "offline" and body["meta"]["schema_version"] == "1"
    for claim in body["claims"]:
        s = claim["span"]
        assert article[s["start"]:s["end"]] == s["text"]


def test_include_leaves_other_parts_null(client, article):
    body = client.post("/v1/analyze", json={"text": article, "include": ["claims"]}).json()
    assert body["summary"] is None and body["contradictions"] is None and body["claims"]


def test_html_input_returns_extracted_text(client):
    html = "<html><body><nav>Home | News | Sport</nav><article><p>The council voted 7 to 4 on Tuesday.</p></article></body></html>"
    body = client.post("/v1/analyze", json={"html": html}).json()
    assert body["document"]["text"] == "The council voted 7 to 4 on Tuesday."
    assert "Home" not in body["document"]["text"]


def test_malformed_json_is_400(client):
    _problem(client.post("/v1/analyze", content=b'{"text": "abc"', headers={"content-type": "application/json"}), 400)


def test_a_body_opening_with_a_byte_order_mark_is_read_as_the_json_after_it(client):
    """As Python's utf-8-sig: the mark is dropped, and every offset is the one the body without it gets."""
    story = "\U0001f30a The mayor said the bridge cost $4 million. “We will build it by 2027,” she said."
    sent = json.dumps({"text": story, "engine": "offline", "offset_unit": "utf16"})
    plain = client.post("/v1/analyze", content=sent.encode("utf-8"), headers={"content-type": "application/json"})
    marked = client.post("/v1/analyze", content=codecs.BOM_UTF8 + sent.encode("utf-8"),
                         headers={"content-type": "application/json"})
    assert plain.status_code == marked.status_code == 200, marked.text
    first, second = plain.json(), marked.json()
    for body in (first, second):
        body["meta"].pop("duration_ms")
        body["meta"].pop("request_id", None)
    assert first["claims"] and second == first
    units = story.encode("utf-16-le")  # the text as the plugin's JavaScript indexes it
    for claim in second["claims"]:
        span = claim["span"]
        assert units[2 * span["start"]:2 * span["end"]].decode("utf-16-le") == span["text"]


def test_a_byte_order_mark_inside_the_text_is_text_that_offsets_count(client):
    """A U+FEFF the client put in its own string is a code point of that string: offsets count it, as its indices do."""
    story = "\ufeffThe mayor said the bridge cost $4 million."
    body = client.post("/v1/analyze", json={"text": story, "engine": "offline"}).json()
    span = body["claims"][0]["span"]
    assert story[span["start"]:span["end"]] == span["text"] and span["start"] == 1


def test_both_text_and_html_is_422(client):
    body = _problem(client.post("/v1/analyze", json={"text": "a b c", "html": "<p>a</p>"}), 422)
    assert "exactly one of 'text' and 'html'" in body["detail"]


def test_neither_text_nor_html_is_422(client):
    _problem(client.post("/v1/analyze", json={"title": "x"}), 422)


def test_whitespace_text_is_422_naming_the_field(client):
    body = _problem(client.post("/v1/analyze", json={"text": " \n\t "}), 422)
    assert body["errors"][0]["loc"] == ["body", "text"]


def test_bad_summary_words_names_the_field(client):
    body = _problem(client.post("/v1/analyze", json={"text": "a b", "summary_words": 5}), 422)
    assert body["errors"][0]["loc"] == ["body", "summary_words"]


def test_article_over_the_limit_is_413():
    app = create_app(Settings(_env_file=None, llm_base_url=None, llm_api_key=None, max_article_chars=1000))
    body = _problem(TestClient(app).post("/v1/analyze", json={"text": "word " * 300}), 413)
    assert "1,000" in body["detail"]
    assert "word word" not in json.dumps(body)  # never the article text


def test_body_over_the_byte_limit_is_413():
    app = create_app(Settings(_env_file=None, llm_base_url=None, llm_api_key=None, max_body_bytes=500))
    _problem(TestClient(app).post("/v1/analyze", json={"text": "x" * 1000}), 413)


def test_body_over_the_limit_without_content_length_is_413():
    app = create_app(Settings(_env_file=None, llm_base_url=None, llm_api_key=None, max_body_bytes=500))

    def chunks():
        for _ in range(10):
            yield b'{"text": "' + b"x" * 100

    r = TestClient(app).post("/v1/analyze", content=chunks(), headers={"content-type": "application/json"})
    _problem(r, 413)


def test_wrong_content_type_is_415(client):
    _problem(client.post("/v1/analyze", content=b"text", headers={"content-type": "text/plain"}), 415)


def test_a_body_without_content_type_is_415_saying_the_header_is_missing(client):
    body = _problem(client.post("/v1/analyze", content=b'{"text": "a b"}', headers={"content-type": ""}), 415)
    assert "no Content-Type header" in body["detail"]


def test_unknown_engine_is_422(client):
    body = _problem(client.post("/v1/analyze", json={"text": "a b", "engine": "gpt"}), 422)
    assert body["errors"][0]["loc"] == ["body", "engine"]


def test_llm_when_none_is_configured_is_422(client):
    body = _problem(client.post("/v1/analyze", json={"text": "a b", "engine": "llm"}), 422)
    assert "COPYDESK_LLM_BASE_URL" in body["detail"]


def test_internal_error_is_500_without_trace_or_text(settings, monkeypatch, article):
    from app.engines import offline

    def boom(self, document, options):
        raise RuntimeError("secret internals " + document.text[:50])

    monkeypatch.setattr(offline.OfflineEngine, "analyze_sync", boom)
    r = TestClient(create_app(settings), raise_server_exceptions=False).post("/v1/analyze", json={"text": article})
    _problem(r, 500)
    assert "Traceback" not in r.text and "secret" not in r.text and "Putin" not in r.text


def test_verify_shapes(client, article):
    r = client.post("/v1/verify", json={"statements": ["Mr. Putin said."], "sources": [{"id": "a", "text": article}]})
    assert r.status_code == 200
    res = r.json()["results"][0]
    assert res["label"] in {"supported", "contradicted", "not_found"}
    for ev in res["evidence"]:
        assert article[ev["start"]:ev["end"]] == ev["text"]


def test_verify_duplicate_source_ids_is_422(client):
    _problem(client.post("/v1/verify", json={"statements": ["x"], "sources": [{"id": "a", "text": "b"},
                                                                               {"id": "a", "text": "c"}]}), 422)


def test_health_and_ready(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json()["status"] == "ready"


def test_ready_fails_when_llm_endpoint_is_down():
    app = create_app(Settings(_env_file=None, llm_base_url="http://127.0.0.1:9/v1", llm_api_key="k"))
    r = TestClient(app).get("/readyz")
    assert r.status_code == 503 and r.json()["status"] == "not ready"


def test_docs_work_offline(client):
    r = client.get("/docs")
    assert r.status_code == 200
    assert "http://" not in r.text and "https://" not in r.text  # no CDN
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/swagger/swagger-ui.css").status_code == 200


def test_docs_assets_render_openapi_3_1(client):
    # Swagger UI 4 refuses an OpenAPI 3.1 document ("does not specify a valid version field"); 5 renders it
    assert client.get("/openapi.json").json()["openapi"].startswith("3.1")
    js = client.get("/static/swagger/swagger-ui-bundle.js").text
    assert 'version:"5.' in js or '"5.' in js[:2_000_000]


def test_openapi_example_is_a_real_article(client):
    spec = client.get("/openapi.json").json()
    example = spec["components"]["schemas"]["AnalyzeRequest"]["examples"][0]
    assert "Istanbul" in example["text"] and len(example["text"].split()) > 50


def test_an_offline_analysis_does_not_stall_the_event_loop(article):
    # the analysis runs off the event loop (app.cpu.run_cpu): while one is running, the loop still answers a
    # liveness probe. The analysis is held at its start until the probe has answered, so what is checked is the
    # order of events, not how long the analysis takes.
    import asyncio
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from app import cpu
    from app.api import create_app as make

    started, release = threading.Event(), threading.Event()

    class Held(ThreadPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):
            def held():
                started.set()
                release.wait(30)
                return fn(*args, **kwargs)
            return super().submit(held)

    app = make(Settings(_env_file=None, llm_base_url=None, llm_api_key=None, rate_limit_per_minute=0))

    async def main():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            slow = asyncio.create_task(client.post("/v1/analyze", json={"text": article}))
            assert await asyncio.to_thread(started.wait, 30), "the analysis never reached the CPU executor"
            health = await client.get("/healthz")
            running = not slow.done()
            release.set()
            return health.status_code, running, (await slow).status_code

    with Held(max_workers=1) as executor:
        previous = cpu.use_executor(executor)
        try:
            health, answered_while_busy, analyzed = asyncio.run(main())
        finally:
            release.set()
            cpu.use_executor(previous)
    assert health == 200 and analyzed == 200
    assert answered_while_busy, "the liveness probe waited for the analysis"



def test_the_methods_read_from_the_routes_are_the_ones_the_openapi_schema_declares(offline_app):
    """BodyLimit reads only the bodies of routes that exist (app/api.py methods_of), from the app's routes, not from
    its OpenAPI schema: both must name the same methods for every path (an included router's, a template's, a
    route left out of the schema)."""
    from fastapi import APIRouter, FastAPI

    from app.api import methods_of

    router = APIRouter()
    # one route per method: FastAPI names a route's operations from its first method, so GET and PUT on one route
    # would share an operation id (a UserWarning in every run of the suite)
    router.add_api_route("/items/{item_id}", lambda item_id: item_id, methods=["GET"], name="get_item")
    router.add_api_route("/items/{item_id}", lambda item_id: item_id, methods=["PUT"], name="put_item")
    router.add_api_route("/hidden", lambda: None, methods=["POST"], include_in_schema=False)
    toy = FastAPI()
    toy.include_router(router, prefix="/v9")
    toy.add_api_route("/v9/items/{item_id}", lambda item_id: item_id, methods=["DELETE"])
    llm_app = create_app(Settings(_env_file=None, llm_base_url="http://127.0.0.1:9/v1", llm_api_key="k"))
    for app in (offline_app, llm_app, toy):
        paths = app.openapi()["paths"]
        assert paths
        for path, operations in paths.items():
            assert methods_of(app, path) == {m.upper() for m in operations}, path
    assert methods_of(offline_app, "/v1/decisions") == {"GET", "POST"}
    assert methods_of(offline_app, "/docs") == set() and methods_of(offline_app, "/v1/analyze/") == set()
    assert methods_of(toy, "/v9/items/42") == {"GET", "PUT", "DELETE"}
    assert methods_of(toy, "/v9/items/42/x") == set() and methods_of(toy, "/v9/hidden") == set()


def test_a_body_with_thousands_of_bad_fields_gets_a_bounded_problem_that_counts_the_rest(client):
    body = {"text": "The mayor said the bridge cost $4 million."} | {f"field{i}": 1 for i in range(3000)}
    sent = json.dumps(body).encode()
    problem = _problem(client.post("/v1/analyze", content=sent, headers={"content-type": "application/json"}), 422)
    assert 1 <= len(problem["errors"]) < 3000
    assert problem["errors"][0]["loc"] == ["body", "field0"]
    shown = len(problem["errors"])
    assert f"and {3000 - shown:,} more" in problem["detail"]
    assert len(json.dumps(problem)) < len(sent) / 10  # an answer never outgrows the request that caused it
