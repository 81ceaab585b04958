"""The editor's desk (GET /) in a real Chromium: what an editor sees and can do, and what the page must never do.

Every test also checks, at teardown (conftest.tab), that no request left loopback, that the page broke no rule
of its own Content-Security-Policy, and that no script error was thrown.
"""

from __future__ import annotations

import httpx
import pytest

from tests.browser.conftest import API_KEY, AXE, SMALL_LIMIT, Tab

pytestmark = pytest.mark.browser

PAIRS_JS = """() => {
  const out = {};
  for (const e of document.querySelectorAll('#doc .side')) {
    const x = out[e.dataset.contra] = out[e.dataset.contra] || {a: '', b: ''};
    x[e.dataset.side] += e.textContent;
  }
  return out;
}"""

CLAIMS_JS = """() => {
  const out = {};
  for (const e of document.querySelectorAll('#doc mark.claim')) {
    out[e.dataset.claim] = (out[e.dataset.claim] || '') + e.textContent;
  }
  return out;
}"""

SHORT = ("Sunday, June 1, 2025\n\n"
         "President Vladimir Putin on Sunday called for direct negotiations with Ukraine in Istanbul. "
         "“We are proposing that Kyiv resume direct negotiations without any preconditions,” Mr. Putin said.\n\n"
         "Ukrainian President Volodymyr Zelenskiy said Ukraine expects “a full, lasting and reliable ceasefire "
         "starting tomorrow, May 12.”\n\n"
         "The war began in February 2022. Officials hope two years of war might yet give way to peace.")


def api(base: str, path: str, body: dict, **headers: str) -> dict:
    r = httpx.post(base + path, json=body, headers=headers, timeout=60)
    r.raise_for_status()
    return r.json()


def find_pair(pairs: dict, a_part: str, b_part: str) -> str:
    """The id of the contradiction whose sides hold these two phrases (in either order)."""
    for cid, sides in pairs.items():
        if (a_part in sides["a"] and b_part in sides["b"]) or (a_part in sides["b"] and b_part in sides["a"]):
            return cid
    raise AssertionError(f"no contradiction between {a_part!r} and {b_part!r} among {pairs}")


def test_bundled_article_marks_and_links_both_planted_contradictions(tab: Tab, article: str) -> None:
    p = tab.open().page
    tab.shot("01-empty")
    tab.analyze(article)
    tab.shot("02-analysed", full_page=False)
    # the article is shown whole, as the API's text
    assert p.inner_text("#doc").replace("\r", "") != ""
    assert p.evaluate("() => document.getElementById('doc').textContent") == article
    pairs = p.evaluate(PAIRS_JS)
    dateline = find_pair(pairs, "June 1, 2025", "May 12")
    elapsed = find_pair(pairs, "February 2022", "two years")
    assert dateline != elapsed
    for cid in (dateline, elapsed):
        side_a = p.locator(f'#doc .side[data-contra="{cid}"][data-side="a"][tabindex="0"]').first
        side_a.click()
        partner = p.locator(f'#doc .side[data-contra="{cid}"][data-side="b"]').first
        # selecting one side marks the other, moves to it, and opens its explanation in the side panel
        assert "partner" in (partner.get_attribute("class") or "")
        assert p.evaluate("() => document.activeElement.dataset.side") == "b"
        assert p.evaluate("() => document.activeElement.dataset.contra") == cid
        box = partner.bounding_box()
        assert box is not None and 0 <= box["y"] <= p.viewport_size["height"]
        panel = p.locator(f"#panel-{cid}")
        assert "selected" in (panel.get_attribute("class") or "")
        assert "confidence" in panel.inner_text() and "check:" in panel.inner_text()
        tab.shot(f"03-contradiction-{cid}")
    # the README's picture: the dateline pair selected from its "tomorrow" side
    p.set_viewport_size({"width": 1100, "height": 680})
    p.locator(f'#doc .side[data-contra="{dateline}"][data-side="b"][tabindex="0"]').first.click()
    p.mouse.move(0, 0)
    tab.shot("desk")
    # the panel's own links go to a side too
    p.click(f'#panel-{elapsed} button[data-side="a"]')
    assert p.evaluate("() => document.activeElement.dataset.side") == "a"
    # furniture is shown greyed, not dropped
    furniture = p.locator("#doc .furniture")
    assert furniture.count() >= 2
    assert "READ MORE" in " ".join(furniture.all_inner_texts())
    grey = p.evaluate("() => getComputedStyle(document.querySelector('#doc .furniture')).color")
    ink = p.evaluate("() => getComputedStyle(document.getElementById('doc')).color")
    assert grey != ink
    # the summary's key points lead to their sentences
    p.click("#key-points button")
    point = p.locator("#doc .point").first
    assert point.inner_text() and point.inner_text() in article
    tab.shot("04-key-point")
    # meta, plainly
    meta = p.inner_text("#meta")
    assert "offline" in meta and "Duration" in meta and "Degraded" in meta


def test_a_claim_shows_its_speaker_on_hover_and_focus(tab: Tab, article: str, server) -> None:
    answer = api(server.url, "/v1/analyze", {"text": article})
    quote = next(c for c in answer["claims"] if c["speaker"] and "We are proposing" in c["span"]["text"])
    p = tab.open().page
    tab.analyze(article)
    mark = p.locator(f'#doc mark.claim[data-claim="{quote["id"]}"]').first
    mark.hover()
    tip = p.locator("#tip")
    assert tip.is_visible()
    assert quote["speaker"] in tip.inner_text() and quote["type"] in tip.inner_text()
    tab.shot("05-speaker-hover")
    p.mouse.move(0, 0)
    p.locator("#title").focus()
    assert not tip.is_visible()
    mark.focus()
    assert tip.is_visible() and quote["speaker"] in tip.inner_text()
    assert p.evaluate("() => document.activeElement.getAttribute('aria-describedby')") == "tip"


def test_a_standfirst_line_comes_back_with_its_evidence_highlighted(tab: Tab, article: str) -> None:
    p = tab.open().page
    tab.analyze(article)
    p.fill("#statements", "The war began in February 2022.\nPutin proposed talks in Geneva.")
    p.click("#verify")
    p.wait_for_selector("#verdicts li:nth-child(2)")
    first = p.locator("#verdicts li").first
    assert "supported" in first.inner_text().lower()
    first.locator("button").click()
    evidence = p.locator('#doc .evidence[data-verdict="0"]')
    assert evidence.count() >= 1
    assert "February 2022" in " ".join(evidence.all_inner_texts())
    assert "flash" in (evidence.first.get_attribute("class") or "")
    tab.shot("06-verify")


def test_an_html_page_drops_its_furniture(tab: Tab, tmp_path) -> None:
    page_html = tmp_path / "talks.html"
    page_html.write_text(
        "<!doctype html><html><head><title>Talks</title></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/world'>World desk</a></nav></header>"
        "<div class='share'>Share on Facebook</div><article><h1>Putin proposes talks in Istanbul</h1>"
        + "".join(f"<p>{para}</p>" for para in SHORT.split("\n\n"))
        + "<aside>READ MORE: Markets rally on peace hopes</aside></article>"
        "<footer>© 2025 Example News · Privacy policy</footer></body></html>", encoding="utf-8")
    p = tab.open().page
    p.set_input_files("#file", str(page_html))  # a dropped or opened .html file switches the format to HTML
    # the page reads the file asynchronously: wait for the switch (fails after Playwright's timeout if it never comes)
    p.wait_for_selector('input[name="format"][value="html"]:checked', state="attached", timeout=10_000)
    assert p.is_checked('input[name="format"][value="html"]')
    p.click("#analyze")
    p.wait_for_selector("#result:not([hidden])")
    shown = p.evaluate("() => document.getElementById('doc').textContent")
    assert "tomorrow, May 12" in shown and "Putin proposes talks in Istanbul" in shown
    for chrome in ("World desk", "Share on Facebook", "Markets rally", "Privacy policy"):
        assert chrome not in shown
    assert "<p>" not in shown
    pairs = p.evaluate(PAIRS_JS)
    find_pair(pairs, "June 1, 2025", "May 12")
    tab.shot("07-html")


def test_a_dropped_file_fills_the_box_and_the_date_is_sent(tab: Tab) -> None:
    body = SHORT.split("\n\n", 1)[1]  # no dateline in the text: the date field gives it
    p = tab.open().page
    p.check('input[name="format"][value="html"]')
    p.evaluate("""(text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'talks.txt', {type: 'text/plain'}));
      document.getElementById('drop').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true}));
    }""", body)
    p.wait_for_function("(n) => document.getElementById('article').value.length === n", arg=len(body))
    assert p.is_checked('input[name="format"][value="text"]')
    assert "talks.txt" in p.inner_text("#status")
    p.fill("#published", "2025-06-01")
    p.click("#analyze")
    p.wait_for_selector("#result:not([hidden])")
    assert "2025-06-01" in p.inner_text("#meta")
    find_pair(p.evaluate(PAIRS_JS), "2022", "two years")  # the elapsed check ran against the given date


def test_an_emoji_before_a_highlight_does_not_shift_it(tab: Tab, server) -> None:
    text = "🎉🗞️ 𝐁𝐫𝐞𝐚𝐤𝐢𝐧𝐠 🇺🇦\n\n" + SHORT.replace("Officials hope", "Officials 🙏 hope")
    answer = api(server.url, "/v1/analyze", {"text": text})
    p = tab.open().page
    tab.analyze(text)
    assert p.evaluate("() => document.getElementById('doc').textContent") == text
    pairs = p.evaluate(PAIRS_JS)
    cid = find_pair(pairs, "June 1, 2025", "May 12")
    assert {pairs[cid]["a"], pairs[cid]["b"]} == {"Sunday, June 1, 2025", "tomorrow, May 12"}
    # every claim mark holds exactly its span's text
    shown = p.evaluate(CLAIMS_JS)
    assert answer["claims"], "the test article must have claims"
    assert shown == {c["id"]: c["span"]["text"] for c in answer["claims"]}
    tab.shot("08-emoji")


def test_offset_unit_utf16_slices_right_in_javascript(tab: Tab, server) -> None:
    text = "😀😀 " + SHORT
    answer = api(server.url, "/v1/analyze", {"text": text, "offset_unit": "utf16"})
    spans = [c["span"] for c in answer["claims"]] + [
        s for x in answer["contradictions"] for side in ("a", "b") for s in x[side]["spans"]]
    assert spans
    p = tab.open().page
    wrong = p.evaluate("([t, spans]) => spans.filter(s => t.slice(s.start, s.end) !== s.text)", [text, spans])
    assert wrong == []
    # and the page's own conversion of the default unit agrees with the server's
    plain = api(server.url, "/v1/analyze", {"text": text})
    converted = p.evaluate("([t, spans]) => { const ix = window.copydesk.utf16Index(t);"
                           " return spans.map(s => [ix(s.start), ix(s.end)]); }",
                           [text, [c["span"] for c in plain["claims"]]])
    assert converted == [[c["span"]["start"], c["span"]["end"]] for c in answer["claims"]]


def test_problems_are_readable_messages(browser, locked_server) -> None:
    tab = Tab(browser, locked_server.url)
    try:
        p = tab.open().page
        tab.analyze(SHORT, wait="#problem:not([hidden])")  # no key: 401
        assert "needs an API key" in p.inner_text("#problem")
        assert p.evaluate("() => document.activeElement.id") == "apikey"
        p.fill("#apikey", API_KEY)
        tab.analyze("x " * SMALL_LIMIT, wait="#problem:not([hidden])")  # 413
        problem = p.inner_text("#problem")
        assert "too long" in problem and f"{SMALL_LIMIT:,}" in problem
        assert "{" not in problem and "problem" not in problem and "https://" not in problem
        tab.shot("09-problem-413")
        tab.analyze("<html><body><nav>Home</nav></body></html>", html=True, wait="#problem:not([hidden])")  # 422
        assert "could not take" in p.inner_text("#problem") and "html" in p.inner_text("#problem")
        tab.analyze(SHORT)  # with the key: the answer
        assert p.is_hidden("#problem")
        # the key stayed in the tab: not in storage, a cookie or the address
        stored = p.evaluate("() => JSON.stringify([localStorage, sessionStorage, document.cookie, location.href])")
        assert API_KEY not in stored
        assert not tab.context.cookies()
        assert not tab.blocked
    finally:
        tab.close()


def test_engine_choice_502_and_429_read_as_sentences(browser, llm_server) -> None:
    tab = Tab(browser, llm_server.url)
    try:
        p = tab.open().page
        p.wait_for_selector("#engine-field:not([hidden])")  # an LLM is configured: offline is offered beside it
        p.select_option("#engine", "llm")
        tab.analyze(SHORT, wait="#problem:not([hidden])")
        problem = p.inner_text("#problem")
        assert "language model did not answer" in problem and "{" not in problem
        tab.shot("14-problem-502")
        p.select_option("#engine", "offline")
        tab.analyze(SHORT)
        assert "offline" in p.inner_text("#meta")
        for _ in range(4):  # 3 a minute: the next ones are refused
            p.click("#analyze")
            p.wait_for_function("() => !document.getElementById('analyze').disabled")
            if p.is_visible("#problem"):
                break
        problem = p.inner_text("#problem")
        assert "Too many requests: try again in" in problem and "{" not in problem
        tab.shot("15-problem-429")
        assert not tab.blocked
    finally:
        tab.close()


def _crafted_answer(text: str) -> dict:
    """An /v1/analyze body, written by hand, with marks that overlap (as an LLM's may) and a degraded meta."""
    def span(part: str, nth: int = 0) -> dict:
        start = -1
        for _ in range(nth + 1):
            start = text.index(part, start + 1)
        cp = len(text[:start].encode("utf-32-le")) // 4  # code points, as the API counts
        return {"start": cp, "end": cp + len(part), "text": part}

    return {
        "document": {"text": None, "sha256": "0" * 64, "sentences": 2, "furniture": [span("Share 😀")],
                     "headings": []},
        "summary": {"text": "One. Two.", "key_points": [{"text": "Two", "sentence_ids": [1],
                                                          "spans": [span("Beta gamma 🙂 delta.")]}],
                    "warnings": [{"key_point": 0, "text": "Two", "label": "not_found", "rationale": "r",
                                  "spans": [], "message": "summary key point 1 is not supported by the article"}]},
        "claims": [
            {"id": "c1", "text": "Alpha beta", "span": span("Alpha 🎉 beta gamma"), "sentence_id": 0,
             "speaker": "Ann Example", "type": "quote", "checkworthy": 0.9},
            {"id": "c2", "text": "gamma delta", "span": span("gamma 🙂 delta. Beta"), "sentence_id": 0,
             "speaker": None, "type": "statistic", "checkworthy": 0.5},
        ],
        "contradictions": [{"id": "x1", "type": "numeric",
                            "a": {"spans": [span("beta gamma 🙂")], "claim_ids": ["c1", "c2"]},
                            "b": {"spans": [span("delta", 1)], "claim_ids": []},
                            "explanation": "They differ.", "confidence": 0.5, "found_by": "llm"}],
        "meta": {"engine": "llm", "model": "model-x", "prompt_version": "p1", "schema_version": "1",
                 "usage": {"input_tokens": 1234, "output_tokens": 56, "calls": 3, "retries": 1, "reasks": 0},
                 "duration_ms": 321.5, "degraded": True,
                 "warnings": ["summary key point 1 is not supported by the article"]},
    }


def test_overlapping_marks_nest_and_meta_is_shown_plainly(tab: Tab) -> None:
    """The page against a hand-written answer (the real server is bypassed for /v1/analyze): marks that cross
    each other's ends are split so that each one still covers exactly its text, after astral characters."""
    text = "Share 😀\nAlpha 🎉 beta gamma 🙂 delta. Beta gamma 🙂 delta."
    answer = _crafted_answer(text)
    p = tab.open().page
    p.route("**/v1/analyze", lambda route: route.fulfill(json=answer))
    tab.analyze(text)
    assert p.evaluate("() => document.getElementById('doc').textContent") == text
    assert p.evaluate(CLAIMS_JS) == {c["id"]: c["span"]["text"] for c in answer["claims"]}
    assert p.evaluate(PAIRS_JS) == {"x1": {"a": "beta gamma 🙂", "b": "delta"}}
    assert p.locator('#doc mark.claim[data-claim="c2"][tabindex="0"]').count() == 1  # one Tab stop a claim
    assert p.inner_text("#doc .furniture") == "Share 😀"
    p.click("#key-points button")
    assert " ".join(p.locator("#doc .point").all_inner_texts()).replace(" ", "") == "Betagamma🙂delta."
    meta = p.inner_text("#meta-section")
    for shown in ("llm", "model-x", "321.5 ms", "1,234 in, 56 out, 3 calls", "yes",
                  "summary key point 1 is not supported by the article"):
        assert shown in meta, shown
    assert "Not supported by the article (not found)" in p.inner_text("#key-points")
    assert "1 warning" in p.inner_text("#status") and "degraded" in p.inner_text("#status")
    tab.shot("16-crafted-overlaps")
    # a 500 that is not even JSON still reads as a sentence
    p.route("**/v1/analyze", lambda route: route.fulfill(status=500, body="Internal Server Error",
                                                          content_type="text/plain"))
    tab.analyze(text, wait="#problem:not([hidden])")
    assert "The server failed on this request" in p.inner_text("#problem")


def test_untrusted_markup_runs_nothing_and_shows_as_text(tab: Tab) -> None:
    payload = ('<img src=x onerror="window.__owned=1;alert(1)"><script>window.__owned=2;alert(2)</script>'
               '<b onmouseover="window.__owned=3">bold</b>')
    text = SHORT.replace("Officials hope", f"Officials {payload} hope")
    p = tab.open().page
    tab.analyze(text, title=f"Talks {payload}")
    p.hover("#doc")
    assert p.evaluate("() => window.__owned") is None
    assert tab.dialogs == []
    assert p.locator("#doc img, #doc script, #doc b, #doc-title img, #doc-title script").count() == 0
    assert payload in p.evaluate("() => document.getElementById('doc').textContent")
    assert p.inner_text("#doc-title") == f"Talks {payload}"
    assert not [u for u in tab.requests if u.rstrip("/").endswith("/x")]  # the <img> was never fetched
    tab.shot("10-untrusted")


def test_no_request_leaves_loopback(tab: Tab, article: str) -> None:
    p = tab.open().page
    tab.analyze(article)
    p.fill("#statements", "Putin proposed talks in Istanbul.")
    p.click("#verify")
    p.wait_for_selector("#verdicts li")
    paths = {u.split("/", 3)[3] for u in tab.requests}
    assert {"", "static/page/desk.js", "static/page/desk.css", "readyz", "v1/analyze", "v1/verify"} <= paths
    assert all(u.startswith(tab.base + "/") for u in tab.requests), tab.requests
    assert tab.blocked == []


def test_keyboard_reaches_everything_and_360px_reads(browser, server, article: str) -> None:
    tab = Tab(browser, server.url, width=360, height=740)
    try:
        p = tab.open().page
        seen = []
        for _ in range(20):
            p.keyboard.press("Tab")
            seen.append(p.evaluate("() => document.activeElement.id || document.activeElement.tagName"))
            if seen[-1] == "analyze":
                break
        assert "article" in seen and "analyze" in seen
        p.fill("#article", article)
        p.locator("#analyze").focus()
        p.keyboard.press("Enter")
        p.wait_for_selector("#result:not([hidden])")
        # readable at 360 px: nothing wider than the screen
        assert p.evaluate("() => document.documentElement.scrollWidth") <= 360
        tab.shot("11-narrow-360")
        side = p.locator('#doc .side[tabindex="0"]').first
        side.focus()
        first = p.evaluate("() => document.activeElement.dataset.side")
        p.keyboard.press("Enter")
        assert p.evaluate("() => document.activeElement.dataset.side") not in (None, first)
        # claims are reachable with Tab, one stop each
        p.locator('#doc mark.claim[tabindex="0"]').first.focus()
        p.keyboard.press("Tab")
        assert p.evaluate("() => document.activeElement.closest('#doc') !== null")
        tab.shot("12-narrow-focus")
    finally:
        tab.close()
        assert not tab.blocked


def test_printable_proof(tab: Tab, article: str) -> None:
    from tests.browser.conftest import SHOTS

    p = tab.open().page
    tab.analyze(article)
    p.emulate_media(media="print")
    assert p.is_hidden("#input") and p.is_visible("#doc") and p.is_visible("#contradictions")
    after = p.evaluate("() => getComputedStyle(document.querySelector('#doc mark.claim[data-speaker]:not([data-speaker=\"\"])'),"
                       " '::after').content")
    assert "[" in after
    tab.shot("13-print", full_page=False)
    SHOTS.mkdir(parents=True, exist_ok=True)
    p.pdf(path=str(SHOTS / "proof.pdf"), format="A4")
    assert (SHOTS / "proof.pdf").stat().st_size > 10_000


def test_a_200000_character_article_renders_and_stays_usable(tab: Tab, article: str) -> None:
    big = ((article + "\n\n") * 40)[:199_000]
    p = tab.open().page
    tab.analyze(big)
    assert p.evaluate("() => document.getElementById('doc').textContent.length") == len(big)
    assert p.locator("#doc mark.claim").count() > 100
    # still answers input: select a contradiction far down the article
    last = p.locator('#doc .side[data-side="b"][tabindex="0"]').last
    last.click()
    assert "partner" in (p.locator(f'#doc .side[data-contra="{last.get_attribute("data-contra")}"][data-side="a"]')
                         .first.get_attribute("class") or "")


def test_no_serious_accessibility_violation(browser, server, article: str) -> None:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE}: run `make test-browser`")
    tab = Tab(browser, server.url)
    tab.context.add_init_script(path=str(AXE))
    run = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
               .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length}))"""
    try:
        p = tab.open().page
        states = {"empty": p.evaluate(run)}
        tab.analyze(article)
        p.fill("#statements", "The war began in February 2022.")
        p.click("#verify")
        p.wait_for_selector("#verdicts li")
        p.locator('#doc mark.claim[tabindex="0"]').first.focus()
        p.locator('#doc .side[tabindex="0"]').first.click()
        states["marked"] = p.evaluate(run)
        p.fill("#article", "")
        p.click("#analyze")
        p.wait_for_selector("#problem:not([hidden])")
        states["problem"] = p.evaluate(run)
        serious = {k: [v for v in vs if v["impact"] in ("serious", "critical")] for k, vs in states.items()}
        assert serious == {k: [] for k in states}
    finally:
        tab.close()


def test_with_a_story_key_an_editor_dismisses_accepts_and_corrects_and_the_next_analysis_remembers(tab: Tab) -> None:
    """Editors' decisions (issue 17): buttons on contradictions, a claim panel with a speaker correction."""
    p = tab.open().page
    p.fill("#article-key", "desk-story-1")
    tab.analyze(SHORT)
    contradictions = p.locator("#contradictions li")
    before = contradictions.count()
    assert before >= 1
    first_fp = p.locator("#contradictions button[data-decision='dismissed']").first.get_attribute("data-decide")
    p.locator("#contradictions button[data-decision='dismissed']").first.click()
    p.wait_for_function(f"() => document.querySelectorAll('#contradictions li').length === {before - 1}")
    assert "Dismissed" in p.inner_text("#status")
    # select a claim by clicking it in the article, then correct its speaker
    claim_id = p.evaluate("() => [...document.querySelectorAll('#doc mark.claim')]"
                          ".find((m) => !m.querySelector('.side') && !m.closest('.side')).dataset.claim")
    p.locator(f'#doc mark.claim[data-claim="{claim_id}"]').first.click()
    p.wait_for_selector("#claim-panel:not([hidden])")
    p.fill("#speaker", "Jane Doe")
    p.click("#speaker-form button[type=submit]")
    p.wait_for_function("() => document.getElementById('claim-panel-speaker').textContent.includes('Jane Doe')")
    tab.shot("20-decisions")
    # a fresh analysis of the same story: the dismissed contradiction stays out, the speaker stays corrected
    reanalyze(tab)
    assert "1 dismissed (left out)" in p.inner_text("#meta")
    fps = p.evaluate("() => [...document.querySelectorAll('#contradictions button[data-decide]')]"
                     ".map((b) => b.dataset.decide)")
    assert first_fp not in fps
    listed = p.evaluate("(k) => window.copydesk.decisions(k)", "desk-story-1")
    by_decision = {d["decision"]: d for d in listed["decisions"]}
    assert by_decision["dismissed"]["fingerprint"] == first_fp
    assert by_decision["corrected"]["correction"] == {"speaker": "Jane Doe"}
    p.locator(f'#doc mark.claim[data-claim="{claim_id}"]').first.click()
    assert "Jane Doe" in p.inner_text("#claim-panel-speaker")
    # without a story key the page offers no decision at all
    p.fill("#article-key", "")
    reanalyze(tab)
    assert p.locator("#contradictions button[data-decide]").count() == 0
    assert p.locator("#contradictions li").count() == before and "Editors' decisions" not in p.inner_text("#meta")


def reanalyze(tab: Tab) -> None:
    """Analyse SHORT again and wait for this answer, not the one already shown."""
    tab.page.evaluate("() => { document.getElementById('status').textContent = ''; }")
    tab.analyze(SHORT)
    tab.page.wait_for_function("() => document.getElementById('status').textContent.startsWith('Done')",
                               timeout=60_000)


def test_an_unsupported_key_point_can_be_dismissed_and_leaves_the_warnings(tab: Tab) -> None:
    """A summary warning is a finding like the others: with a story key, Dismiss sends its fingerprint and the
    flag and its line under the warnings go."""
    text = "Share 😀\nAlpha 🎉 beta gamma 🙂 delta. Beta gamma 🙂 delta."
    answer = _crafted_answer(text)
    answer["summary"]["warnings"][0]["fingerprint"] = "f1-000000000000000000000abc"
    sent: list[dict] = []

    def decided(route) -> None:
        body = route.request.post_data_json
        sent.append({**body, "idempotency": route.request.headers.get("idempotency-key")})
        route.fulfill(status=201, json={**body, "correction": None, "note": None, "kind": "summary_warning",
                                        "found_by": "check:summary", "span_hashes": [], "decided_by": "shared",
                                        "decided_at": "2026-11-30T12:00:00Z", "created_at": "2026-11-30T12:00:00Z",
                                        "revision": 1})

    p = tab.open().page
    p.route("**/v1/analyze", lambda route: route.fulfill(json=answer))
    p.route("**/v1/decisions", decided)
    p.fill("#article-key", "desk-story-2")
    tab.analyze(text)
    p.click("#key-points button[data-decision='dismissed']")
    p.wait_for_function("() => !document.getElementById('key-points').textContent.includes('Not supported')")
    assert sent[0]["fingerprint"] == "f1-000000000000000000000abc" and sent[0]["decision"] == "dismissed"
    assert sent[0]["article_key"] == "desk-story-2" and sent[0]["idempotency"]
    assert "summary key point 1 is not supported" not in p.inner_text("#meta-section")
    assert "1 dismissed" in p.inner_text("#meta")
