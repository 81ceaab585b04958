"""The llm engine's pure parts: prompt rendering, article splitting, merging contradictions."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.document import Document
from app.engines.llm import article_block, chunks, merge_contradictions
from app.models import Contradiction, ContradictionSide, Span
from app.prompts import load, prompt_version, prompts_dir, render
from tests.llm.conftest import read


def test_render_puts_the_data_first_untouched_and_the_task_last():
    data = "{{ name }} {% if x %} $words ${words} {#"
    messages, label = render("summary", data, directory=prompts_dir(), words=55)
    assert label == "summary.v2"
    assert messages[0]["role"] == "system" and data not in messages[0]["content"]
    user = messages[1]["content"]
    assert user.startswith(data + "\n\n")
    assert "at most 55 words" in user[len(data):]


def test_the_highest_version_of_a_prompt_wins(tmp_path: Path):
    (tmp_path / "system.v1.md").write_text("rules")
    (tmp_path / "claims.v1.md").write_text("old")
    (tmp_path / "claims.v2.md").write_text("new $n")
    (tmp_path / "claims.v10.md~").write_text("a backup, not a prompt")
    assert load("claims", tmp_path).version == 2
    messages, label = render("claims", "DATA", directory=tmp_path, n=3)
    assert label == "claims.v2" and messages[1]["content"] == "DATA\n\nnew 3"
    with pytest.raises(KeyError):
        render("claims", "DATA", directory=tmp_path)
    assert prompt_version({"claims.v2", "summary.v1"}) == "claims.v2+summary.v1"
    assert prompt_version({"claims.v1", "summary.v1"}) == "v1"


def test_every_task_has_a_prompt():
    for task in ("system", "summary", "claims", "contradictions", "verify"):
        assert load(task, prompts_dir()).text


def test_the_fence_carries_a_digest_of_everything_inside_it():
    document = Document(read("braces-article.txt"))
    block = article_block(document)
    first, *_, last = block.splitlines()
    assert first.startswith(f"<<<BEGIN ARTICLE {document.sha256[:12]} ") and last == first.replace("BEGIN", "END")
    assert article_block(document) == block  # the same article gives the same block: a cacheable prefix
    titled = article_block(Document(document.text, title="Another headline"))
    assert titled.splitlines()[0] != first  # the title is inside the fence, so it changes the digest
    assert "Published: 2025-03-03" in block
    assert "(heading) Template engine bug" in block


def test_a_long_article_splits_at_paragraphs_within_the_budget():
    document = Document(read("braces-article.txt"))
    whole = chunks(document, 10_000)
    assert len(whole) == 1 and whole[0] == document.body
    parts = chunks(document, 60)  # about 240 characters a part
    assert len(parts) > 1
    assert [s for part in parts for s in part] == document.body
    for part in parts:
        assert sum(len(s.text) for s in part) <= 240 or len(part) == 1
    # the second paragraph is not cut in two when it fits a part of its own
    second = [s for s in document.body if s.paragraph == document.body[-1].paragraph]
    assert any(part == second for part in parts) or sum(len(s.text) for s in second) > 240


def _x(a: tuple[int, int], b: tuple[int, int], found_by: str, confidence: float = 0.5) -> Contradiction:
    side = lambda r: ContradictionSide(spans=[Span(start=r[0], end=r[1], text="x" * (r[1] - r[0]))])  # noqa: E731
    return Contradiction(id="?", type="temporal", a=side(a), b=side(b), explanation="e", confidence=confidence,
                         found_by=found_by)


def test_merge_keeps_one_per_pair_and_names_every_finder():
    checks = [_x((10, 20), (100, 120), "check:dateline", 0.9), _x((300, 310), (400, 410), "check:ages", 0.8)]
    model = [_x((105, 115), (12, 18), "llm", 0.6),   # the dateline finding, sides the other way round
             _x((500, 510), (600, 610), "llm", 0.7)]  # new
    merged = merge_contradictions(model, checks)
    assert [c.found_by for c in merged] == ["llm + check:dateline", "check:ages", "llm"]
    assert [c.id for c in merged] == ["x1", "x2", "x3"]
    assert merged[0].confidence == 0.9 and merged[0].a.spans[0].start == 10
    assert checks[0].found_by == "check:dateline", "the inputs are not changed"


@pytest.mark.parametrize(("headers", "expected"), [
    ({"Retry-After": "7"}, 7.0),
    ({"retry-after-ms": "250"}, 0.25),
    ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0.0),  # a date in the past: no wait
    ({"Retry-After": "soon"}, None),
    ({}, None),
])
def test_retry_after_is_read_in_every_form(headers, expected):
    import httpx
    import openai

    from app.engines.llm.client import is_transient, retry_after_s

    response = httpx.Response(429, headers=headers, request=httpx.Request("POST", "http://llm.test/v1"))
    error = openai.RateLimitError("slow down", response=response, body=None)
    assert retry_after_s(error) == expected
    assert is_transient(error)
    bad_request = openai.BadRequestError("no", response=httpx.Response(400, request=response.request), body=None)
    assert not is_transient(bad_request)


def test_the_prompt_hash_covers_the_prompt_files_and_the_code_that_lays_out_requests(tmp_path: Path, monkeypatch):
    from app import versions

    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (prompts / "system.v1.md").write_text("rules")
    app_dir = tmp_path / "app"
    (app_dir / "engines" / "llm").mkdir(parents=True)
    for part in versions.PROMPT_CODE:
        (app_dir / part).write_text("layout = 1\n")
    monkeypatch.setattr(versions, "_APP", app_dir)
    versions.prompt_hash.cache_clear()
    first = versions.prompt_hash(prompts)
    (app_dir / "engines" / "llm" / "schemas.py").write_text("layout = 2\n")  # a schema changed, no prompt file did
    versions.prompt_hash.cache_clear()
    second = versions.prompt_hash(prompts)
    (prompts / "system.v1.md").write_text("other rules")
    versions.prompt_hash.cache_clear()
    third = versions.prompt_hash(prompts)
    versions.prompt_hash.cache_clear()
    assert first and second and third and len({first, second, third}) == 3


def test_claims_that_are_the_same_claim_are_kept_once_in_article_order():
    """Two claims on one sentence whose spans share half of the shorter are one claim; the same words in another
    sentence, or a clause apart, are another; ids follow the article order."""
    from app.document import Document
    from app.engines.llm import LLMEngine
    from app.models import Claim

    doc = Document("The mayor resigned on Monday and the council met. The mayor resigned on Monday.")
    first, second = doc.body[0], doc.body[1]

    def claim(sentence, start: int, end: int) -> Claim:
        return Claim(id="", text=doc.text[start:end], span=doc.span(start, end), sentence_id=sentence.id,
                     speaker=None, type="event", checkworthy=0.5)

    a = claim(first, first.start, first.start + 30)  # "The mayor resigned on Monday a"
    b = claim(first, first.start, first.start + 28)  # nearly the same span: the same claim
    c = claim(first, first.start + 35, first.end)  # the other clause
    d = claim(second, second.start, second.end)  # the same words, another sentence
    kept = LLMEngine._to_claims([d, c, b, a])
    assert [k.span.start for k in kept] == [first.start, first.start + 35, second.start]
    assert [k.id for k in kept] == ["c1", "c2", "c3"]
