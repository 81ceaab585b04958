"""The editor's desk at /: served from the package under a strict CSP, script free of HTML sinks (the browser
tests in tests/browser drive it in Chromium)."""

from __future__ import annotations

import re
from pathlib import Path

from app.web import PAGE_DIR


def test_the_page_is_served_at_the_root_with_a_strict_csp(client) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'" and directives["connect-src"] == "'self'"
    assert directives["default-src"] == "'none'"
    assert "unsafe" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    for asset in ("static/page/desk.js", "static/page/desk.css"):
        assert f'"{asset}"' in r.text
        a = client.get("/" + asset)
        assert a.status_code == 200 and a.headers["x-content-type-options"] == "nosniff"


def test_docs_keep_working_beside_the_page(client) -> None:
    r = client.get("/docs")
    assert r.status_code == 200 and "swagger-ui-bundle.js" in r.text
    assert "content-security-policy" not in r.headers  # Swagger UI's inline script would be refused
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert "/" not in client.get("/openapi.json").json()["paths"]


def test_the_markup_has_no_inline_script_style_or_handler() -> None:
    html = (PAGE_DIR / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.S)
    assert scripts and all(not body.strip() for body in scripts)
    assert all(" src=" in tag for tag in re.findall(r"<script\b[^>]*>", html))
    assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", html)
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html)  # nothing from another origin


def test_the_script_writes_text_only_and_documents_the_offset_conversion() -> None:
    js = (PAGE_DIR / "desk.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                 "localStorage", "sessionStorage", "document.cookie"):
        assert sink not in js, sink
    assert "UTF-16" in js and "offset_unit" in js
    assert not re.search(r"""fetch\(\s*["'`](https?:)?//""", js)  # only this server


def test_the_page_files_ship_with_the_package() -> None:
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"static/page/*"' in pyproject
    assert {p.name for p in PAGE_DIR.iterdir()} >= {"index.html", "desk.js", "desk.css"}
