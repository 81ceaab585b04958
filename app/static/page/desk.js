/*
 * Copydesk editor's desk: a reference client of the public API, for CMS plugin authors.
 *
 * It calls only POST /v1/analyze, POST /v1/verify, POST /v1/decisions and GET /readyz, as any client would.
 *
 * DECISIONS. With a story key (the CMS's id of the story, sent as `article_key`), every finding carries a
 * `fingerprint` and gets Accept / Dismiss buttons (a claim, once selected in the article, also a speaker
 * correction); each click is a POST /v1/decisions with an Idempotency-Key, and the next analysis of the story
 * leaves dismissed findings out. For CMS plugins the same calls are on `window.copydesk`:
 *   copydesk.decide(articleKey, fingerprint, "accepted" | "dismissed" | "corrected",
 *                   { correction: { speaker: "…" }, note: "…", apiKey: "…" })  -> Promise of the stored decision
 *   copydesk.decisions(articleKey, { apiKey })                                 -> Promise of { article_key, decisions }
 * Both reject with a problem ({ status, title, detail }) as the API answers it (404 for a story this key never
 * analysed with article_key, 503 while the decisions database is down).
 *
 * OFFSETS. Copydesk counts offsets in Unicode code points (Python string indices). JavaScript strings are
 * indexed in UTF-16 code units, where a character outside the Basic Multilingual Plane (an emoji, say) takes
 * two units. This page converts each offset itself with `utf16Index()` below, so that the answer's default
 * unit works in a browser; a client may instead send `"offset_unit": "utf16"` in the request body and use
 * the offsets as they come. Either way `text.slice(start, end) === span.text`.
 *
 * SAFETY. Article text, titles, speakers, explanations and problem details are untrusted: they enter the page
 * only as text nodes (textContent / createTextNode), never as HTML. The server sends a Content-Security-Policy
 * with no inline script and connect-src 'self'. The API key lives in the key field of this tab only: it is
 * never written to storage, a cookie or the address.
 */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const CLAIM_TYPES = ["event", "quote", "statistic", "prediction", "opinion"];

  /* ---------- offsets: code points -> UTF-16 indices ---------- */

  /**
   * A function mapping a code point index of `text` to its UTF-16 index.
   * One pass over the text records the code point index of each astral character (a surrogate pair);
   * an offset then moves right by the number of astral characters before it (binary search).
   */
  function utf16Index(text) {
    const astral = [];
    let cp = 0;
    for (let i = 0; i < text.length; i++, cp++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) { astral.push(cp); i++; }
      }
    }
    if (astral.length === 0) return (n) => n;
    return (n) => {
      let lo = 0, hi = astral.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (astral[mid] < n) lo = mid + 1; else hi = mid; }
      return n + lo;
    };
  }

  /* ---------- small DOM helpers (text nodes only) ---------- */

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "dataset") Object.assign(node.dataset, v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  const pct = (x) => `${Math.round(x * 100)}%`;

  /* ---------- state ---------- */

  const state = {
    text: "",          // the text the offsets refer to (the pasted text, or document.text for HTML)
    title: "",
    analysis: null,    // the /v1/analyze answer, offsets converted to UTF-16
    verdicts: [],      // the /v1/verify answer's results, offsets converted
    selected: null,    // id of the selected contradiction
    articleKey: "",    // the story key of the analysis shown (decisions are offered only with one)
    claim: null,       // id of the claim shown in the "Selected claim" panel
    point: null,       // index of the key point whose sentences are marked
    busy: false,
  };

  /* ---------- API calls ---------- */

  function headers(apiKey) {
    const h = { "Content-Type": "application/json", "Accept": "application/json, application/problem+json" };
    const key = apiKey !== undefined ? apiKey : $("apikey").value.trim();
    if (key) h["X-API-Key"] = key;
    return h;
  }

  async function post(path, body, extra, apiKey) {
    let response;
    try {
      response = await fetch(path, { method: "POST", headers: { ...headers(apiKey), ...(extra || {}) },
                                     body: JSON.stringify(body), credentials: "same-origin", cache: "no-store" });
    } catch (err) {
      throw { status: 0, title: "The server could not be reached",
              detail: "Check that Copydesk is running and try again." };
    }
    let data = null;
    try { data = await response.json(); } catch (err) { data = null; }
    if (!response.ok) throw problemOf(response, data);
    return data;
  }

  /** A readable problem from an RFC 9457 answer (or from whatever came back). */
  function problemOf(response, data) {
    const status = response.status;
    const p = (data && typeof data === "object") ? data : {};
    const detail = typeof p.detail === "string" ? p.detail : "";
    const out = { status, title: "", detail, errors: [], requestId: p.request_id || response.headers.get("X-Request-ID") };
    if (status === 413) out.title = "The article is too long for this server";
    else if (status === 422) out.title = "Copydesk could not take this request";
    else if (status === 400) out.title = "The request was not understood";
    else if (status === 401) out.title = "This server needs an API key";
    else if (status === 429) out.title = "Too many requests";
    else if (status >= 500) {
      out.title = status === 502 || status === 504 ? "The language model did not answer"
        : "The server failed on this request";
    } else out.title = typeof p.title === "string" ? p.title : `The server answered ${status}`;
    const wait = response.headers.get("Retry-After");
    if (wait && /^\d+$/.test(wait)) out.title += `: try again in ${wait} second${wait === "1" ? "" : "s"}`;
    else if (status === 429) out.title += ": try again shortly";
    if (out.detail) out.detail = out.detail[0].toUpperCase() + out.detail.slice(1) + (/[.!?]$/.test(out.detail) ? "" : ".");
    if (Array.isArray(p.errors)) {
      for (const e of p.errors) {
        if (!e || typeof e.msg !== "string") continue;
        const loc = Array.isArray(e.loc) ? e.loc.filter((x) => x !== "body").join(".") : "";
        out.errors.push(loc ? `${loc}: ${e.msg}` : e.msg);
      }
    }
    return out;
  }

  function showProblem(p) {
    const box = $("problem");
    clear(box);
    box.append(el("p", { class: "problem-title" }, el("strong", null, p.title || "Something went wrong")));
    if (p.detail) box.append(el("p", null, p.detail));
    if (p.errors && p.errors.length) box.append(el("ul", null, ...p.errors.map((e) => el("li", null, e))));
    if (p.requestId) box.append(el("p", { class: "help" }, `Request id ${p.requestId} (for the server's logs).`));
    box.hidden = false;
    if (p.status === 401) $("apikey").focus();
    else box.scrollIntoView({ block: "nearest" });
  }

  function hideProblem() { $("problem").hidden = true; clear($("problem")); }

  function setStatus(msg) { $("status").textContent = msg; }

  /* ---------- input ---------- */

  function format() { return document.querySelector('input[name="format"]:checked').value; }

  async function loadFile(file) {
    if (!file) return;
    const text = await file.text();
    const isHtml = /\.html?$/i.test(file.name) || file.type === "text/html";
    document.querySelector(`input[name="format"][value="${isHtml ? "html" : "text"}"]`).checked = true;
    $("article").value = text;
    setStatus(`Loaded ${file.name} (${text.length.toLocaleString()} characters).`);
  }

  async function analyze(event) {
    event.preventDefault();
    if (state.busy) return;
    const raw = $("article").value;
    if (!raw.trim()) {
      showProblem({ title: "Nothing to analyse", detail: "Paste an article or drop a file first." });
      $("article").focus();
      return;
    }
    const body = {};
    body[format()] = raw;
    const title = $("title").value.trim();
    if (title) body.title = title;
    if ($("published").value) body.published_at = $("published").value;
    if (!$("engine-field").hidden && $("engine").value) body.engine = $("engine").value;
    const articleKey = $("article-key").value.trim();
    if (articleKey) body.article_key = articleKey;
    state.busy = true;
    $("analyze").disabled = true;
    hideProblem();
    setStatus(`Analysing ${raw.length.toLocaleString()} characters…`);
    try {
      const answer = await post("v1/analyze", body);
      const text = format() === "html" ? (answer.document.text || "") : raw;
      state.text = text;
      state.title = title;
      state.analysis = toUtf16(answer, text);
      state.articleKey = articleKey;
      state.claim = null;
      state.verdicts = [];
      state.selected = null;
      state.point = null;
      showResult();
      const n = (answer.claims || []).length, x = (answer.contradictions || []).length;
      const w = (answer.meta.warnings || []).length;
      setStatus(`Done: ${n} claim${n === 1 ? "" : "s"}, ${x} contradiction${x === 1 ? "" : "s"}` +
                (w ? `, ${w} warning${w === 1 ? "" : "s"} (under “How this answer was made”)` : "") +
                (answer.meta.degraded ? "; degraded: part of the answer came from the fallback" : "") + ".");
      $("result").focus();  // keyboard and screen-reader users land on the answer
    } catch (p) {
      setStatus("");
      showProblem(p);
    } finally {
      state.busy = false;
      $("analyze").disabled = false;
    }
  }

  /** The answer with every span's offsets in UTF-16 indices of `text` (see the note at the top). */
  function toUtf16(answer, text) {
    const ix = utf16Index(text);
    const span = (s) => ({ start: ix(s.start), end: ix(s.end), text: s.text });
    const a = structuredClone(answer);
    a.document.furniture = (a.document.furniture || []).map(span);
    a.document.headings = (a.document.headings || []).map(span);
    if (a.summary) for (const k of a.summary.key_points) k.spans = (k.spans || []).map(span);
    for (const c of a.claims || []) c.span = span(c.span);
    for (const x of a.contradictions || []) { x.a.spans = x.a.spans.map(span); x.b.spans = x.b.spans.map(span); }
    return a;
  }

  /* ---------- rendering the article ---------- */

  /**
   * Marks over the text, as a tree: an inner mark that crosses its parent's end is split in two, so every
   * piece nests. Each piece is an element whose content is text nodes only.
   */
  function buildTree(length, marks) {
    const queue = marks.filter((m) => m.end > m.start && m.start >= 0 && m.end <= length)
      .map((m) => ({ ...m }));
    const order = (p, q) => p.start - q.start || q.end - p.end || p.rank - q.rank;
    queue.sort(order);
    const root = { start: 0, end: length, children: [] };
    const stack = [root];
    for (let i = 0; i < queue.length; i++) {
      const m = queue[i];
      while (stack[stack.length - 1].end <= m.start) stack.pop();
      const parent = stack[stack.length - 1];
      if (m.end > parent.end) {  // crosses the parent's end: keep the inside part, queue the rest
        const rest = { ...m, start: parent.end, continued: true };
        let j = i + 1;
        while (j < queue.length && order(queue[j], rest) < 0) j++;
        queue.splice(j, 0, rest);
        m.end = parent.end;
      }
      const node = { ...m, children: [] };
      parent.children.push(node);
      stack.push(node);
    }
    return root;
  }

  function renderTree(node, text, into) {
    let at = node.start;
    for (const child of node.children) {
      if (child.start > at) into.append(document.createTextNode(text.slice(at, child.start)));
      const element = child.make(child.continued);
      renderTree(child, text, element);
      into.append(element);
      at = child.end;
    }
    if (at < node.end) into.append(document.createTextNode(text.slice(at, node.end)));
  }

  function claimMark(claim) {
    return (continued) => el("mark", {
      class: `claim claim-${CLAIM_TYPES.includes(claim.type) ? claim.type : "event"}` +
             (claim.decision ? " decided-claim" : ""),
      tabindex: continued ? null : "0",
      "aria-describedby": "tip",
      dataset: { claim: claim.id, speaker: claim.speaker || "" },
    });
  }

  function sideMark(x, side, n) {
    return (continued) => el("span", {
      class: `side side-${side}`,
      role: continued ? null : "button",
      tabindex: continued ? null : "0",
      dataset: continued ? { contra: x.id, side } : { contra: x.id, side, n: String(n) },
    });
  }

  function renderArticle() {
    const a = state.analysis;
    const doc = $("doc");
    const marks = [];
    for (const s of a.document.furniture) marks.push({ ...s, rank: 0, make: () => el("span", { class: "furniture", title: "page furniture: no engine used it" }) });
    for (const s of a.document.headings) marks.push({ ...s, rank: 1, make: () => el("span", { class: "heading" }) });
    for (const c of a.claims || []) marks.push({ ...c.span, rank: 2, make: claimMark(c) });
    (a.contradictions || []).forEach((x, i) => {
      for (const s of x.a.spans) marks.push({ ...s, rank: 3, make: sideMark(x, "a", i + 1) });
      for (const s of x.b.spans) marks.push({ ...s, rank: 3, make: sideMark(x, "b", i + 1) });
    });
    state.verdicts.forEach((v, i) => {
      for (const e of v.evidence) {
        if (e.source_id !== "article") continue;
        marks.push({ start: e.start, end: e.end, rank: 4,
                     make: () => el("span", { class: `evidence evidence-${v.label}`, dataset: { verdict: String(i) } }) });
      }
    });
    const point = state.point !== null && a.summary ? a.summary.key_points[state.point] : null;
    for (const s of point ? point.spans : []) marks.push({ ...s, rank: 5, make: () => el("span", { class: "point" }) });
    const tree = buildTree(state.text.length, marks);
    const frag = document.createDocumentFragment();
    renderTree(tree, state.text, frag);
    clear(doc);
    doc.append(frag);
    const t = $("doc-title");
    t.textContent = state.title;
    t.hidden = !state.title;
  }

  /* ---------- the rest of the answer ---------- */

  function renderMeta() {
    const m = state.analysis.meta;
    const dl = $("meta");
    clear(dl);
    const u = m.usage || {};
    const rows = [
      ["Engine", m.engine],
      ["Model", m.model || "none (no language model)"],
      ["Duration", `${Number(m.duration_ms).toLocaleString()} ms`],
      ["Tokens", `${(u.input_tokens || 0).toLocaleString()} in, ${(u.output_tokens || 0).toLocaleString()} out, ` +
                 `${u.calls || 0} call${u.calls === 1 ? "" : "s"}`],
      ["Degraded", m.degraded ? "yes: part of the answer came from the fallback" : "no"],
      ["Dateline", state.analysis.document.dateline || "none found"],
    ];
    const d = m.decisions;
    if (d) rows.push(["Editors' decisions", `story ${d.article_key}: ${d.dismissed} dismissed (left out), ` +
                                            `${d.accepted} accepted, ${d.corrected} corrected`]);
    for (const [k, v] of rows) dl.append(el("dt", null, k), el("dd", null, String(v)));
    const ul = $("warnings");
    clear(ul);
    for (const w of m.warnings || []) ul.append(el("li", null, `Warning: ${w}`));
  }

  function renderSummary() {
    const s = state.analysis.summary;
    $("summary-section").hidden = !s;
    if (!s) return;
    $("summary-text").textContent = s.text;
    const ol = $("key-points");
    clear(ol);
    const unsupported = new Map((s.warnings || []).map((w) => [w.key_point, w]));
    s.key_points.forEach((k, i) => {
      const li = el("li", null, k.text, " ");
      const w = unsupported.get(i);
      if (w) li.append(el("strong", { class: "flag" }, `Not supported by the article (${w.label.replace("_", " ")}).`), " ",
                       decideButtons(w));
      if (k.spans && k.spans.length) {
        li.append(el("button", { type: "button", class: "link", dataset: { point: String(i) } },
                     `Show in the article (${k.spans.length === 1 ? "1 sentence" : k.spans.length + " sentences"})`));
      }
      ol.append(li);
    });
  }

  function renderContradictions() {
    const list = $("contradictions");
    clear(list);
    const xs = state.analysis.contradictions || [];
    $("contra-none").hidden = xs.length > 0;
    for (const x of xs) {
      const quote = (side) => x[side].spans.map((s) => s.text).join(" … ");
      list.append(el("li", { id: `panel-${x.id}`, class: "contra", dataset: { contra: x.id }, tabindex: "-1" },
        el("p", { class: "contra-head" }, el("strong", null, `${x.type}`), ` · ${x.found_by} · confidence ${pct(x.confidence)}`),
        el("p", null, x.explanation),
        el("p", { class: "sides" },
          el("button", { type: "button", class: "link", dataset: { go: x.id, side: "a" } }, `“${quote("a")}”`),
          " against ",
          el("button", { type: "button", class: "link", dataset: { go: x.id, side: "b" } }, `“${quote("b")}”`)),
        decideButtons(x)));
    }
  }

  /* ---------- editors' decisions ---------- */

  function idempotencyKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  }

  /** POST /v1/decisions: the stored decision, or a thrown problem. */
  function decide(articleKey, fingerprint, decision, options) {
    const o = options || {};
    const body = { article_key: articleKey, fingerprint, decision };
    if (o.correction) body.correction = o.correction;
    if (o.note) body.note = o.note;
    return post("v1/decisions", body, { "Idempotency-Key": o.idempotencyKey || idempotencyKey() }, o.apiKey);
  }

  /** GET /v1/decisions?article=…: { article_key, decisions }, or a thrown problem. */
  async function decisions(articleKey, options) {
    const o = options || {};
    let response;
    try {
      response = await fetch(`v1/decisions?article=${encodeURIComponent(articleKey)}`,
                             { headers: headers(o.apiKey), credentials: "same-origin", cache: "no-store" });
    } catch (err) {
      throw { status: 0, title: "The server could not be reached", detail: "Check that Copydesk is running." };
    }
    let data = null;
    try { data = await response.json(); } catch (err) { data = null; }
    if (!response.ok) throw problemOf(response, data);
    return data;
  }

  /** The Accept / Dismiss buttons of a finding (nothing without a story key or a fingerprint). */
  function decideButtons(finding) {
    if (!state.articleKey || !finding.fingerprint) return "";
    const p = el("p", { class: "decide" });
    if (finding.decision) p.append(el("span", { class: "decided" }, finding.decision.decision === "corrected"
                                                                     ? "Corrected" : "Accepted"));
    for (const [decision, label] of [["accepted", "Accept"], ["dismissed", "Dismiss"]]) {
      if (finding.decision && decision === "accepted") continue;
      p.append(el("button", { type: "button", class: "small",
                              dataset: { decide: finding.fingerprint, decision } }, label));
    }
    return p;
  }

  /** Record a decision on the finding with that fingerprint, then show the answer as the next analysis will. */
  async function decideOn(fingerprint, decision, correction) {
    if (!state.analysis || !state.articleKey) return;
    hideProblem();
    try {
      const stored = await decide(state.articleKey, fingerprint, decision, correction ? { correction } : {});
      const a = state.analysis;
      const mark = { decision: stored.decision === "corrected" ? "corrected" : "accepted",
                     decided_at: stored.decided_at, note: stored.note };
      const d = a.meta.decisions || { article_key: state.articleKey, dismissed: 0, accepted: 0, corrected: 0,
                                      dismissed_fingerprints: [] };
      a.meta.decisions = d;
      if (decision === "dismissed") {
        a.claims = (a.claims || []).filter((c) => c.fingerprint !== fingerprint);
        a.contradictions = (a.contradictions || []).filter((x) => x.fingerprint !== fingerprint);
        if (a.summary && a.summary.warnings) {
          const gone = a.summary.warnings.filter((w) => w.fingerprint === fingerprint).map((w) => w.message);
          a.summary.warnings = a.summary.warnings.filter((w) => w.fingerprint !== fingerprint);
          a.meta.warnings = (a.meta.warnings || []).filter((m) => !gone.includes(m));
        }
        d.dismissed += 1;
        d.dismissed_fingerprints.push(fingerprint);
        if (state.claim && !(a.claims || []).some((c) => c.id === state.claim)) state.claim = null;
      } else {
        for (const f of [...(a.claims || []), ...(a.contradictions || []), ...((a.summary || {}).warnings || [])]) {
          if (f.fingerprint !== fingerprint) continue;
          if (correction && "speaker" in correction) {
            mark.original = { speaker: f.speaker };
            f.speaker = correction.speaker;
          }
          f.decision = mark;
        }
        d[decision === "corrected" ? "corrected" : "accepted"] += 1;
      }
      showResult();
      renderClaimPanel();
      setStatus(decision === "dismissed" ? `Dismissed: left out of every analysis of story ${state.articleKey}.`
                : decision === "corrected" ? "Corrected: the next analyses of this story show the correction."
                : "Accepted.");
    } catch (p) {
      showProblem(p);
    }
  }

  /** The "Selected claim" panel: the claim's text and speaker, Accept / Dismiss and a speaker correction. */
  function renderClaimPanel() {
    const panel = $("claim-panel");
    const c = state.claim && state.analysis ? (state.analysis.claims || []).find((k) => k.id === state.claim) : null;
    panel.hidden = !(c && state.articleKey && c.fingerprint);
    if (panel.hidden) return;
    $("claim-panel-text").textContent = c.text;
    $("claim-panel-speaker").textContent = `Speaker: ${c.speaker || "none named"}` +
      (c.decision ? ` · ${c.decision.decision === "corrected" ? "corrected" : "accepted"} by an editor` : "");
    $("speaker").value = c.speaker || "";
  }

  function selectClaim(id) {
    if (!state.articleKey) return;
    state.claim = id;
    renderClaimPanel();
    if (!$("claim-panel").hidden) reveal($("claim-panel"));
  }

  function renderVerdicts() {
    const ol = $("verdicts");
    clear(ol);
    state.verdicts.forEach((v, i) => {
      const label = v.label.replace("_", " ");
      const li = el("li", { class: `verdict verdict-${v.label}` },
        el("p", null, el("strong", { class: "badge" }, label), ` (${pct(v.confidence)}) `, v.statement),
        el("p", { class: "help" }, v.rationale));
      if (v.evidence.length) {
        li.append(el("button", { type: "button", class: "link", dataset: { verdict: String(i) } },
                     `Show the evidence (${v.evidence.length})`));
      }
      ol.append(li);
    });
  }

  function showResult() {
    renderMeta();
    renderSummary();
    renderArticle();
    renderContradictions();
    renderVerdicts();
    $("result").hidden = false;
  }

  /* ---------- interaction ---------- */

  function reveal(element) {
    if (!element) return;
    element.scrollIntoView({ block: "center", behavior: "auto" });
  }

  function flash(elements) {
    for (const e of document.querySelectorAll(".flash")) e.classList.remove("flash");
    for (const e of elements) e.classList.add("flash");
  }

  /** Select a contradiction from one side: mark both sides, take the reader to the other, fill the panel. */
  function selectContradiction(id, fromSide) {
    state.selected = id;
    for (const e of document.querySelectorAll(".side.selected, .contra.selected")) e.classList.remove("selected", "partner");
    for (const e of document.querySelectorAll(".side.partner")) e.classList.remove("partner");
    const other = fromSide === "a" ? "b" : "a";
    const mine = document.querySelectorAll(`.side[data-contra="${CSS.escape(id)}"][data-side="${fromSide}"]`);
    const theirs = document.querySelectorAll(`.side[data-contra="${CSS.escape(id)}"][data-side="${other}"]`);
    for (const e of mine) e.classList.add("selected");
    for (const e of theirs) e.classList.add("selected", "partner");
    const item = $(`panel-${id}`);
    if (item) item.classList.add("selected");
    const target = theirs[0];
    reveal(target);
    if (target && target.tabIndex >= 0) target.focus({ preventScroll: true });
    const x = (state.analysis.contradictions || []).find((c) => c.id === id);
    if (x) setStatus(`Contradiction (${x.type}): ${x.explanation}`);
  }

  function showTip(target) {
    const tip = $("tip");
    let lines = null;
    if (target.dataset.claim) {
      const c = (state.analysis.claims || []).find((k) => k.id === target.dataset.claim);
      if (!c) return;
      lines = [`${c.type} claim · speaker: ${c.speaker || "none named"} · check-worthy ${pct(c.checkworthy)}`, c.text];
      if (c.decision) lines.push(`An editor ${c.decision.decision} this claim.`);
    } else if (target.dataset.contra) {
      const x = (state.analysis.contradictions || []).find((k) => k.id === target.dataset.contra);
      if (!x) return;
      lines = [`contradiction (${x.type}), side ${target.dataset.side.toUpperCase()}: press Enter to go to the other side`];
    }
    if (!lines) return;
    clear(tip);
    lines.forEach((line, i) => tip.append(i ? el("span", { class: "tip-text" }, line) : el("strong", null, line)));
    tip.hidden = false;
    const r = target.getBoundingClientRect();
    const width = Math.min(360, document.documentElement.clientWidth - 16);
    tip.style.maxWidth = `${width}px`;
    const left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    tip.style.left = `${left}px`;
    tip.style.top = `${r.bottom + window.scrollY + 6}px`;
  }

  function hideTip() { $("tip").hidden = true; }

  function innermostMark(target) {
    return target.closest ? target.closest(".side[data-contra], mark.claim") : null;
  }

  function onDocEvent(event) {
    const t = event.target instanceof Element ? event.target : null;
    if (!t) return;
    if (event.type === "click") {
      const side = t.closest(".side[data-contra]");
      if (side) selectContradiction(side.dataset.contra, side.dataset.side);
      else if (t.closest("mark.claim")) selectClaim(t.closest("mark.claim").dataset.claim);
      return;
    }
    if (event.type === "keydown") {
      if ((event.key === "Enter" || event.key === " ") && t.matches(".side[data-contra]")) {
        event.preventDefault();
        selectContradiction(t.dataset.contra, t.dataset.side);
      } else if ((event.key === "Enter" || event.key === " ") && t.matches("mark.claim") && state.articleKey) {
        event.preventDefault();
        selectClaim(t.dataset.claim);
      } else if (event.key === "Escape") hideTip();
      return;
    }
    const mark = innermostMark(t);
    if (!mark) return;
    // a claim's speaker on hover or focus; a focused side inside a claim shows the claim too
    const claim = mark.matches("mark.claim") ? mark : mark.closest("mark.claim");
    showTip(event.type === "focusin" && mark.matches(".side") ? mark : claim || mark);
  }

  function onPanelClick(event) {
    const b = event.target instanceof Element ? event.target.closest("button") : null;
    if (!b) return;
    if (b.dataset.decide) {
      decideOn(b.dataset.decide, b.dataset.decision);
    } else if (b.dataset.go) {
      const from = b.dataset.side === "a" ? "b" : "a";  // go to the named side: select from the other one
      selectContradiction(b.dataset.go, from);
    } else if (b.dataset.verdict) {
      const marks = document.querySelectorAll(`.evidence[data-verdict="${b.dataset.verdict}"]`);
      flash(marks);
      reveal(marks[0]);
    } else if (b.dataset.point) {
      showPoint(Number(b.dataset.point));
    }
  }

  /** Mark a key point's sentences in the article and take the reader there. */
  function showPoint(index) {
    state.point = index;
    renderArticle();
    const first = $("doc").querySelector(".point");
    reveal(first);
  }

  async function verify(event) {
    event.preventDefault();
    if (!state.analysis || state.busy) return;
    const lines = $("statements").value.split("\n").map((s) => s.trim()).filter(Boolean);
    if (!lines.length) {
      showProblem({ title: "Nothing to check", detail: "Write one statement a line, then press Check." });
      $("statements").focus();
      return;
    }
    const body = { statements: lines, sources: [{ id: "article", text: state.text }] };
    if (!$("engine-field").hidden && $("engine").value) body.engine = $("engine").value;
    state.busy = true;
    $("verify").disabled = true;
    hideProblem();
    setStatus(`Checking ${lines.length} statement${lines.length === 1 ? "" : "s"}…`);
    try {
      const answer = await post("v1/verify", body);
      const ix = utf16Index(state.text);
      state.verdicts = answer.results.map((r) => ({
        ...r, evidence: r.evidence.map((e) => ({ ...e, start: ix(e.start), end: ix(e.end) })),
      }));
      renderArticle();
      renderVerdicts();
      const counts = {};
      for (const r of state.verdicts) counts[r.label] = (counts[r.label] || 0) + 1;
      setStatus("Checked: " + Object.entries(counts).map(([k, v]) => `${v} ${k.replace("_", " ")}`).join(", ") + ".");
    } catch (p) {
      setStatus("");
      showProblem(p);
    } finally {
      state.busy = false;
      $("verify").disabled = false;
    }
  }

  async function discoverEngines() {
    // /readyz names the default engine; with an LLM configured, offline is there as well, so offer the choice
    try {
      const r = await fetch("readyz", { cache: "no-store" });
      const data = await r.json();
      if (data && data.engine === "llm") $("engine-field").hidden = false;
    } catch (err) { /* offline only */ }
  }

  function init() {
    $("input").addEventListener("submit", analyze);
    $("verify-form").addEventListener("submit", verify);
    $("file").addEventListener("change", (e) => loadFile(e.target.files[0]));
    const drop = $("drop");
    drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (e) => {
      e.preventDefault();
      drop.classList.remove("over");
      if (e.dataTransfer && e.dataTransfer.files.length) loadFile(e.dataTransfer.files[0]);
    });
    const doc = $("doc");
    for (const type of ["click", "keydown", "focusin", "mouseover"]) doc.addEventListener(type, onDocEvent);
    doc.addEventListener("mouseleave", hideTip);
    doc.addEventListener("focusout", hideTip);
    for (const id of ["contradictions", "verdicts", "key-points"]) $(id).addEventListener("click", onPanelClick);
    document.addEventListener("keydown", (e) => { if (e.key === "Escape") hideTip(); });
    $("claim-accept").addEventListener("click", () => claimDecision("accepted"));
    $("claim-dismiss").addEventListener("click", () => claimDecision("dismissed"));
    $("speaker-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const speaker = $("speaker").value.trim();
      claimDecision("corrected", { speaker: speaker || null });
    });
    discoverEngines();
  }

  function claimDecision(decision, correction) {
    const c = (state.analysis && state.analysis.claims || []).find((k) => k.id === state.claim);
    if (c && c.fingerprint) decideOn(c.fingerprint, decision, correction);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();

  // for tests and plugin authors who read this file: the conversion, callable from the console
  window.copydesk = Object.freeze({ utf16Index, decide, decisions });
})();
