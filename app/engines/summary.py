"""An extractive summary: the lead and the most central sentences, within the word limit."""

from __future__ import annotations

import math
import re
from collections import Counter

from app.document import Document, Sentence
from app.models import KeyPoint, Summary

_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w’'-]*|\d[\d,.]*")
_STOP = set("""a an the and or but if of to in on at by for with from as is are was were be been being has have had
do does did not no this that these those it its his her their our your my we you they he she i him them us
which who whom whose what when where why how than then there here so such also very more most much many
some any each both all other into over under about after before between during while would could should
will may might can must said says say just only even still yet one two mr ms mrs""".split())


def _terms(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 2]


def _words(text: str) -> int:
    return len(text.split())


def summarise(document: Document, max_words: int = 120) -> Summary:
    """Lead-weighted, centrality-ranked, redundancy-penalised sentences in article order."""
    candidates = [s for s in document.body if 6 <= _words(s.text) <= max_words and not s.text.rstrip().endswith("?")]
    if not candidates:
        candidates = [s for s in document.body if _words(s.text) <= max_words]
    if not candidates:
        return Summary(text="", key_points=[])
    terms = {s.id: Counter(_terms(s.text)) for s in candidates}
    df = Counter(t for c in terms.values() for t in c)
    n = len(candidates)
    centroid: Counter[str] = Counter()
    for c in terms.values():
        for t, k in c.items():
            centroid[t] += k * math.log(1 + n / df[t])
    norm_c = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    paragraphs = sorted({s.paragraph for s in candidates})
    rank_of_para = {p: i for i, p in enumerate(paragraphs)}

    def score(s: Sentence) -> float:
        c = terms[s.id]
        dot = sum(k * math.log(1 + n / df[t]) * centroid[t] for t, k in c.items())
        norm_s = math.sqrt(sum((k * math.log(1 + n / df[t])) ** 2 for t, k in c.items())) or 1.0
        lead = 1.0 / (1 + rank_of_para[s.paragraph])
        facts = 0.05 * min(3, len(re.findall(r"\d", s.text)) > 0) + 0.05 * ("“" in s.text or '"' in s.text)
        return dot / (norm_s * norm_c) + 0.6 * lead + facts

    scored = sorted(candidates, key=lambda s: -score(s))
    chosen: list[Sentence] = []
    used = 0
    seen_terms: set[str] = set()
    for s in scored:
        w = _words(s.text)
        if used + w > max_words:
            continue
        own = set(terms[s.id])
        if chosen and own and len(own & seen_terms) / len(own) > 0.6:
            continue  # says again what the summary already says
        chosen.append(s)
        used += w
        seen_terms |= own
    chosen.sort(key=lambda s: s.id)
    points = [KeyPoint(text=" ".join(s.text.split()), sentence_ids=[s.id], spans=[document.span(s.start, s.end)])
              for s in chosen]
    return Summary(text=" ".join(p.text for p in points), key_points=points)
