"""Input tokens per article of the llm engine's request layouts, computed (no server, no model), by the fake's count.

    .venv/bin/python -m bench.llm_layouts

What the figure `llm.input_token_multiple` would be under other layouts of the two calls (summary and claims
in one call, then the contradictions), for two claim sets: one claim per body sentence (what bench/fake_llm.py
answers) and the offline engine's claims (a realistic count: the sentences that assert something). Layouts:

- `now`: the contradiction call sees the sentences its claims cite (and the dateline), each with its claims;
- `full_article`: it sees the whole numbered article, then a list of the claims (id, sentence id, speaker,
  rewritten text where it differs), so the system rules and the article are a prefix the provider can cache:
  in the json modes (schema after the task) that prefix is shared; in tools mode (tools first) it is shared
  only when both calls send both tools (`full_article_both_tools`);
- `single`: one call for the summary, the claims and the contradictions (the schema's third part estimated
  at the contradiction schema's size).

Billed with caching: the longest cached prefix (>= 1024 tokens, in steps of 128) at CACHED_PRICE.
"""

from __future__ import annotations

import json
from typing import Any

from bench.fake_llm import count_tokens
from bench.llm import CACHED_PRICE
from bench.offline import ARTICLE

#: tool-definition tokens of the combined and the contradiction call (tools mode, `make bench`: llm.sections)
SCHEMA_TOKENS = {"summary_claims": 361, "contradictions": 375}


def _cached(prefix: int) -> int:
    return (prefix // 128) * 128 if prefix >= 1024 else 0


def layouts() -> dict[str, Any]:
    """Tokens and multiples of each layout for each claim set (see the module docstring)."""
    from app.document import Document
    from app.engines.claims import extract_claims
    from app.engines.llm import LLMEngine, article_block, claims_block
    from app.models import Claim
    from app.settings import Settings

    text = ARTICLE.read_bytes().decode("utf-8")
    article_tokens = count_tokens(text)
    document = Document(text)
    engine = LLMEngine(Settings(_env_file=None, llm_base_url="http://unused/v1", llm_api_key="unused"))
    block = article_block(document)
    first, _ = engine.messages("summary+claims", block, words=100)
    system = count_tokens(first[0]["content"])
    article = count_tokens(block)
    task1 = count_tokens(first[-1]["content"]) - article
    t1, t2 = SCHEMA_TOKENS["summary_claims"], SCHEMA_TOKENS["contradictions"]
    every = [Claim(id=f"c{i}", text=s.text, span=document.span(s.start, s.end), sentence_id=s.id, speaker=None,
                   type="event", checkworthy=0.8) for i, s in enumerate(document.body, start=1)]
    out: dict[str, Any] = {"article_tokens": article_tokens, "system": system, "ARTICLE": article, "task1": task1}
    for name, claims in (("every_body_sentence", every), ("offline_claims", extract_claims(document))):
        cited = claims_block(document, claims)
        second, _ = engine.messages("contradictions", cited)
        task2 = count_tokens(second[-1]["content"]) - count_tokens(cited)
        listing = count_tokens("\n".join(f"{c.id}\t{c.sentence_id}" + (f" ({c.speaker})" if c.speaker else "")
                                         for c in claims))
        call1 = t1 + system + article + task1
        now = call1 + t2 + system + count_tokens(cited) + task2
        full = call1 + t2 + system + article + listing + task2
        both = (t1 + t2 + system + article + task1) + (t1 + t2 + system + article + listing + task2)
        single = t1 + t2 + system + article + task1 + task2
        rows = {"now": (now, now), "full_article": (full, full - (1 - CACHED_PRICE) * _cached(system + article)),
                "full_article_both_tools": (both, both - (1 - CACHED_PRICE) * _cached(t1 + t2 + system + article)),
                "single": (single, single)}
        out[name] = {"claims": len(claims), "CLAIMS": count_tokens(cited), "claim_list": listing, "task2": task2,
                     **{k: {"input_tokens": raw, "multiple": round(raw / article_tokens, 2),
                            "billed_multiple_with_caching": round(billed / article_tokens, 2)}
                        for k, (raw, billed) in rows.items()}}
    return out


if __name__ == "__main__":
    print(json.dumps(layouts(), indent=1))
