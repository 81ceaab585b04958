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


_DANGLING = re.compile(r"^(?:[“\"‘]|(?:He|She|They|It|This|That|These|Those|But|And|Also|However)\b)")


_LABEL = re.compile(r"^(?:[A-Z][\w’'-]*)(?:\s+(?:[A-Z][\w’'-]*|and|of|the|for|&)){0,4}:\s+(?=[A-Z“\"])")


def summarise(document: Document, max_words: int = 120) -> Summary:
    """The lead, then central, informative and new sentences, within the word limit, in article order.

    Sentences that lean on what came before (a bare quotation, 'He said…') are left out; so are
    headings, the dateline and furniture, which are not body sentences.
    """
    body = [s for s in document.body if not s.text.rstrip().endswith("?")]
    candidates = [s for s in body if 6 <= _words(s.text) <= max_words and not _DANGLING.match(s.text)] \
        or [s for s in body if _words(s.text) <= max_words]
    if not candidates:
        return Summary(text="", key_points=[])
    terms = {s.id: Counter(_terms(s.text)) for s in candidates}
    df = Counter(t for c in terms.values() for t in c)
    n = len(candidates)
    idf = {t: math.log(1 + n / k) for t, k in df.items()}
    centroid: Counter[str] = Counter()
    for c in terms.values():
        for t, k in c.items():
            centroid[t] += k * idf[t]
    norm_c = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    first_para = min(s.paragraph for s in candidates)

    def base(s: Sentence) -> float:
        c = terms[s.id]
        dot = sum(k * idf[t] * centroid[t] for t, k in c.items())
        norm_s = math.sqrt(sum((k * idf[t]) ** 2 for t, k in c.items())) or 1.0
        lead = 0.5 if s.paragraph == first_para else 0.0
        facts = 0.05 * bool(re.search(r"\d", s.text))
        return dot / (norm_s * norm_c) + lead + facts

    scores = {s.id: base(s) for s in candidates}
    chosen: list[Sentence] = []
    covered: set[str] = set()
    used = 0
    while True:
        best, best_value = None, 0.0
        for s in candidates:
            w = _words(s.text)
            if s in chosen or used + w > max_words:
                continue
            own = set(terms[s.id])
            weight = sum(idf[t] for t in own) or 1.0
            novelty = sum(idf[t] for t in own - covered) / weight
            if chosen and novelty < 0.45:
                continue  # says again what the summary already says
            value = (scores[s.id] * (0.4 + novelty)) / (w ** 0.35)
            if value > best_value:
                best, best_value = s, value
        if best is None:
            break
        chosen.append(best)
        covered |= set(terms[best.id])
        used += _words(best.text)
    chosen.sort(key=lambda s: s.id)
    points = []
    for s in chosen:
        label = _LABEL.match(s.text)  # "Security Guarantees: Russia seeks …": the point is after the label
        start = s.start + (label.end() if label else 0)
        span = document.span(start, s.end)
        points.append(KeyPoint(text=" ".join(span.text.split()), sentence_ids=[s.id], spans=[span]))
    return Summary(text=" ".join(p.text for p in points), key_points=points)
