"""Fixtures of the browser tests: Copydesk servers on loopback and Debian's Chromium driven by Playwright.

Run with `make test-browser` (it installs chromium, Playwright for Python and axe-core first). No browser is
downloaded: Playwright is pointed at the system's Chromium (`COPYDESK_CHROMIUM`, else `chromium` on PATH).
Screenshots of each state go to `browser-shots/` (or `COPYDESK_SHOTS`).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("COPYDESK_SHOTS", ROOT / "browser-shots"))
AXE = Path(os.environ.get("COPYDESK_AXE", Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"))
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
API_KEY = "desk-test-key"
SMALL_LIMIT = 3000  # article characters on the locked server, so a 413 is cheap to provoke


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A `copydesk serve` process on a free loopback port."""

    def __init__(self, **env: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data = tempfile.mkdtemp(prefix="copydesk-desk-data-")  # the decisions database: never ./data
        clean = {k: v for k, v in os.environ.items()
                 if not k.startswith("COPYDESK_") and k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).with_name("copydesk")), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=ROOT, env={**clean, "COPYDESK_DATA_DIR": self.data, **env}, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1):
                    return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("copydesk serve did not start") from None
                time.sleep(0.1)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.data, ignore_errors=True)


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """An open server with the defaults (offline engine)."""
    s = Server()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def locked_server() -> Iterator[Server]:
    """A server that needs an API key and takes articles of at most SMALL_LIMIT characters."""
    s = Server(COPYDESK_API_KEYS=API_KEY, COPYDESK_MAX_ARTICLE_CHARS=str(SMALL_LIMIT))
    yield s
    s.stop()


@pytest.fixture(scope="session")
def llm_server() -> Iterator[Server]:
    """A server whose LLM endpoint is a closed loopback port (so the llm engine fails fast), 3 requests a
    minute."""
    s = Server(COPYDESK_LLM_BASE_URL=f"http://127.0.0.1:{_free_port()}/v1", COPYDESK_LLM_API_KEY="none",
               COPYDESK_LLM_MAX_RETRIES="0", COPYDESK_LLM_TIMEOUT_S="1", COPYDESK_REQUEST_DEADLINE_S="2",
               COPYDESK_RATE_LIMIT_PER_MINUTE="3")
    yield s
    s.stop()


def chromium_path() -> str:
    path = os.environ.get("COPYDESK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("no Chromium: run `make test-browser`, which installs Debian's chromium")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=chromium_path(),
            # belt and braces beside the per-request check: no name but localhost resolves
            args=["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"])
        yield b
        b.close()


class Tab:
    """One page in a fresh browser context, with what it asked the network for and what it printed."""

    def __init__(self, browser, base: str, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.base = base
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.console: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route, request) -> None:
        url = request.url
        self.requests.append(url)
        host = urlsplit(url).hostname or ""
        if url.startswith("data:") or host in LOOPBACK:
            route.continue_()
        else:  # never let it out; the test fails on it at teardown
            self.blocked.append(url)
            route.abort()

    def open(self) -> Tab:
        self.page.goto(self.base + "/")
        self.page.wait_for_selector("#analyze")
        return self

    def analyze(self, text: str, *, html: bool = False, title: str = "", wait: str = "#result:not([hidden])") -> None:
        p = self.page
        p.check('input[name="format"][value="html"]' if html else 'input[name="format"][value="text"]')
        p.fill("#article", text)
        p.fill("#title", title)
        p.click("#analyze")
        p.wait_for_selector(wait, timeout=60_000)

    def shot(self, name: str, **kw) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), **kw)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser, server) -> Iterator[Tab]:
    t = Tab(browser, server.url)
    yield t
    t.close()
    assert not t.blocked, f"requests left loopback: {t.blocked}"
    csp = [c for c in t.console if "Content Security Policy" in c]
    assert not csp, f"the page broke its own CSP: {csp}"
    assert not [c for c in t.console if c.startswith("pageerror")], t.console
