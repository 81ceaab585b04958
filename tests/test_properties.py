"""Property-based tests through the public endpoints: no input reaches a 500, and every span is exact.

Hypothesis builds articles from random Unicode and from the pieces readers parse (figures from 400 digits to
tiny decimals, dates of years 1 to 9999, relative days, names before "said", quotes), random HTML, and extreme
`published_at` dates, and sends them to /v1/analyze and /v1/verify in-process. Each answer must be a 200 or a
documented problem+json 4xx, and each span's text must be the document's text at its offsets (code points).

The run is bounded (COPYDESK_PROPERTY_EXAMPLES examples per test, 60 by default, derandomised) so CI takes the
same bounded time on every run; raise it locally to dig deeper.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.api import create_app
from app.settings import Settings

EXAMPLES = int(os.environ.get("COPYDESK_PROPERTY_EXAMPLES", "60"))
BOUNDED = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                   suppress_health_check=list(HealthCheck))

client = TestClient(create_app(Settings(_env_file=None, llm_base_url=None, llm_api_key=None,
                                        rate_limit_per_minute=0)), raise_server_exceptions=False)

digits = st.text("0123456789", min_size=1, max_size=400)
figure = st.one_of(
    digits,
    st.builds(lambda a, b: f"{a}.{b}", digits, digits),
    st.builds(lambda parts: ",".join(parts), st.lists(st.text("0123456789", min_size=1, max_size=3), min_size=1,
                                                      max_size=40)),
    st.floats(allow_nan=False).map(repr),
    st.integers(min_value=-(10 ** 400), max_value=10 ** 400).map(str),
    st.sampled_from(["1e308", "1e-308", "0.000000001", "-0", "½", "٣", "Ⅻ", "10^400", "3.5 billion", "a million"]),
)
year = st.integers(min_value=1, max_value=9999)
date_words = st.one_of(
    st.builds(lambda d: f"{d:%A, %B %-d, %Y}", st.dates()),
    st.builds(lambda d: f"{d:%-d %B %Y}", st.dates()),
    st.builds(lambda d: d.isoformat(), st.dates()),
    st.builds(lambda m, d: f"{m} {d}", st.sampled_from(["January", "Feb.", "May", "December"]),
              st.integers(0, 99)),
    year.map(str),
    st.sampled_from(["tomorrow", "yesterday", "today", "on Monday", "last week", "next year", "two days ago",
                     "in 5000 years", "9999 years ago", "since 0001", "the 99th century"]),
)
relative = st.sampled_from(["tomorrow", "yesterday", "today", "last night", "tomorrow morning"])
sentence = st.one_of(
    st.builds(lambda r, d: f"The vote is {r}, {d}, officials said.", relative, date_words),
    st.builds(lambda n, d: f"{n} people were killed on {d}, up from {n} a year earlier.", figure, date_words),
    st.builds(lambda d, n: f"{d}\n\nThe war, which began in {n}, is {n} years old, Mr. Smith said.", date_words,
              figure),
    st.builds(lambda n, m: f"Sales rose {n}% to ${m} billion, a total of {n} per cent.", figure, figure),
)
pieces = st.one_of(
    figure, date_words, sentence,
    st.sampled_from(["said", "Mr. Smith said", "according to officials", "“", "”", '"', "'", ".", ",", "\n\n",
                     "per cent", "%", "$", "people", "were killed", "aged", "years old", "the war began in",
                     "John Smith", "Dr. Ana María López-García", "UNITED NATIONS", "CamelCaseToken", "—", "(", ")"]),
    st.text(max_size=30),  # any Unicode Hypothesis draws (no lone surrogates: JSON could not carry them as text)
)
article = st.lists(pieces, min_size=1, max_size=60).map(" ".join).filter(lambda t: t.strip())
accepted_dates = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(8999, 12, 31))
published = st.one_of(st.none(), accepted_dates.map(dt.date.isoformat),
                      st.sampled_from(["1000-01-01", "8999-12-31", "0001-01-01", "9999-12-31"]),
                      st.sampled_from(["0001-01-01", "9999-12-31", "2025-06-01T10:00:00Z",
                                       "9999-12-31T23:59:59-12:00"]))

tags = st.sampled_from(["div", "p", "span", "a", "b", "article", "main", "h1", "li", "ul", "table", "td",
                        "script", "style", "nav", "footer", "figure", "figcaption", "blockquote", "time", "br"])
html = st.recursive(
    st.one_of(article, st.just("")),
    lambda inner: st.builds(lambda t, attrs, kids: f"<{t} {attrs}>{''.join(kids)}</{t}>", tags,
                            st.sampled_from(["", 'class="x"', 'hidden', 'datetime="9999-12-31"', 'a="<>"']),
                            st.lists(inner, max_size=4)),
    max_leaves=20,
).filter(lambda h: h.strip())


def _spans(node: Any) -> list[dict[str, Any]]:
    """Every Span-shaped dict anywhere in an answer."""
    if isinstance(node, dict):
        found = [node] if {"start", "end", "text"} <= node.keys() and "source_id" not in node else []
        return found + [s for v in node.values() for s in _spans(v)]
    if isinstance(node, list):
        return [s for v in node for s in _spans(v)]
    return []


def _check(response, text: str | None) -> None:
    assert response.status_code < 500, response.text[:500]
    if response.status_code != 200:
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["status"] == response.status_code
        return
    body = response.json()
    document_text = body["document"]["text"] if body["document"]["text"] is not None else text
    for span in _spans(body):
        assert document_text[span["start"]:span["end"]] == span["text"]


@BOUNDED
@given(text=article, published_at=published)
def test_analyze_text_never_500_and_spans_are_exact(text: str, published_at: str | None) -> None:
    response = client.post("/v1/analyze", json={"text": text, "published_at": published_at, "engine": "offline"})
    _check(response, text)


@BOUNDED
@given(page=html, published_at=published)
def test_analyze_html_never_500_and_spans_are_exact(page: str, published_at: str | None) -> None:
    response = client.post("/v1/analyze", json={"html": page, "published_at": published_at, "engine": "offline"})
    _check(response, None)


@BOUNDED
@given(statements=st.lists(article, min_size=1, max_size=4), source=article, as_html=st.booleans())
def test_verify_never_500_and_evidence_is_exact(statements: list[str], source: str, as_html: bool) -> None:
    body = {"statements": statements, "engine": "offline",
            "sources": [{"id": "s", "html" if as_html else "text": f"<p>{source}</p>" if as_html else source}]}
    response = client.post("/v1/verify", json=body)
    assert response.status_code < 500, response.text[:500]
    if response.status_code == 200:
        answer = response.json()
        source_text = answer["sources"].get("s", source)
        for result in answer["results"]:
            for evidence in result["evidence"]:
                assert source_text[evidence["start"]:evidence["end"]] == evidence["text"]
