"""The offline verdict on one statement: find the passage, then compare what it says.

A statement is `supported` only when the passage covers its content and every figure, date,
name and polarity agrees; `contradicted` when the passage covers it but a figure, date, name,
negation or antonym disagrees; `not_found` when no passage says enough of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from app.engines.base import SourceDocument
from app.models import Evidence, VerifyResult
from app.verify.polarity import antonym_clash, negation_clash, opposed
from app.verify.quantities import Quantity, agrees, changes, compatible, describe
from app.verify.retrieve import IndexedSentence, Query, SourceIndex, coverage, index, retrieve
from app.verify.text import bare, name_run, name_tokens

# Thresholds on the weighted share of the statement's words found in the passage.
NOTHING_BELOW = 0.42  # under this, no passage speaks of the statement at all
SUPPORTED_FROM = 0.7  # a supported statement has this much of its content in the passage (soft count)
LOCAL_FROM = 0.65  # of which the passage itself (no half credit) holds at least this much
NOVEL_AT_MOST = 0.3  # and at most this much in words the source never uses (an added fact)
ON_SUBJECT = 0.5  # a second sentence from elsewhere in the source must cover this much on its own
SWAP_FROM = 0.75  # a name the source lacks, in a passage that says all the rest, replaced another name
FIGURE_ELSEWHERE = 0.4  # ... or this much, when it holds the figure the first sentence lacks
_CONTEXT_RATIO = 3  # an agreeing figure's clause must share at least a third as many words as a disagreeing one's


@dataclass
class Reading:
    """What the judge found in one passage."""

    window: list[IndexedSentence]
    cover: float  # share of the statement's content in the passage
    soft: float = 0.0  # the same, with half credit for words the source uses elsewhere
    novel: float = 0.0  # share of the statement's content the source never uses
    conflicts: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def judge(statement: str, sources: list[SourceDocument]) -> VerifyResult:
    """The verdict, confidence, evidence and rationale for one statement."""
    hits = retrieve(statement, sources, k=8)
    if not hits:
        return VerifyResult(statement=statement, label="not_found", confidence=0.5, evidence=[],
                            rationale="the sources have no body text to check against")
    source = hits[0][0]
    idx = index(source.document)
    query = Query.parse(statement, idx)
    by_id = {s.sentence.id: s for s in idx.sentences}
    ranked = [by_id[s.id] for src, s, _ in hits if src is source]
    reading = _read(query, idx, ranked)
    return _verdict(query, source, reading)


def _read(query: Query, idx: SourceIndex, ranked: list[IndexedSentence]) -> Reading:
    window = [ranked[0]]
    stems = set(window[0].stems)
    base = coverage(query, idx, stems)
    # a statement may join two sentences ("... in Bellhaven and Orrin"): take a second one when it
    # adds enough of what the first lacks; a sentence from elsewhere must also be on the subject
    best_gain, best_extra = 0.0, None
    for s in _neighbours(idx, ranked[0]) + ranked[1:]:
        gain = coverage(query, idx, stems | s.stems) - base
        adjacent = s in _neighbours(idx, ranked[0])
        if gain > best_gain and (adjacent and gain >= 0.15 or gain >= 0.2
                                 and coverage(query, idx, s.stems) >= ON_SUBJECT):
            best_gain, best_extra = gain, s
    if best_extra is not None:
        window.append(best_extra)
        stems |= best_extra.stems
    # names the passage refers to by pronoun ("he", "the company") stand in the sentences before it
    named = {t.stem for t in query.toks if bare(t.text) in query.names and bare(t.text) in _around(idx, window)}
    reading = Reading(window, coverage(query, idx, stems | named))
    _check_figures(query, idx, reading)
    _check_names(query, idx, reading)
    toks = [t for s in reading.window for t in s.toks]
    denied = negation_clash(query.toks, toks)
    if denied:
        reading.conflicts.append("one of the statement and the source denies what the other says (“"
                                 + "”, “".join(denied) + "”)")
    for said, source_word in antonym_clash(query.toks, toks):
        reading.conflicts.append(f"the statement says “{said}” where the source says “{source_word}”")
    # a word flipped to its opposite is still the word the statement is about
    stems = set().union(*(s.stems for s in reading.window)) | named | opposed(query.toks, toks)
    reading.conflicts = list(dict.fromkeys(reading.conflicts))
    reading.cover = coverage(query, idx, stems)
    total = sum(idx.weight(s) for s in query.stems) or 1.0
    reading.soft = sum(idx.weight(s) * (1.0 if s in stems else 0.5 if s in idx.stems else 0.0)
                       for s in query.stems) / total
    reading.novel = sum(idx.weight(s) for s in query.stems if s not in idx.stems) / total
    return reading


def _around(idx: SourceIndex, window: list[IndexedSentence]) -> set[str]:
    """Words of the window, its paragraph and the two sentences before each of its sentences."""
    words: set[str] = set()
    for s in window:
        pos = idx.sentences.index(s)
        for other in idx.sentences[max(0, pos - 2):pos + 1]:
            words |= other.lowers
        words |= {w for o in idx.sentences if o.sentence.paragraph == s.sentence.paragraph for w in o.lowers}
    return words


def _neighbours(idx: SourceIndex, s: IndexedSentence) -> list[IndexedSentence]:
    pos = idx.sentences.index(s)
    return [idx.sentences[i] for i in (pos - 1, pos + 1)
            if 0 <= i < len(idx.sentences) and idx.sentences[i].sentence.paragraph == s.sentence.paragraph]


def _context_score(q: Quantity, e: Quantity) -> int:
    return len(q.context & e.context)


def _find(q: Quantity, figures: list[Quantity]) -> tuple[str, Quantity | None]:
    """('match'|'conflict'|'missing', the source figure) for one statement figure."""
    candidates = [e for e in figures if compatible(q, e)]
    if not candidates:
        return "missing", None
    matches = [e for e in candidates if agrees(q, e)]
    best = max(candidates, key=lambda e: (_context_score(q, e), not e.derived))
    if not matches:
        return "conflict", best
    top = max(matches, key=lambda e: _context_score(q, e))
    best_score = _context_score(q, best)
    top_score = _context_score(q, top)
    if best_score == 0 or top_score > 0 and top_score * _CONTEXT_RATIO >= best_score:
        return "match", top
    return "conflict", best


def _ratios(q: Quantity, window: list[Quantity], whole: list[Quantity], words: set[str]) -> Quantity | None:
    """A share said in words worked out from two printed figures ('$1.1 million' of '$3.4 million'
    is about a third); both figures must count the same thing."""
    if q.precision != 0:
        return None  # a share printed as a figure ("45 percent") must be printed in the source too
    for part in window:
        if part.kind not in {"count", "money"} or part.derived:
            continue
        for total in whole:
            same = part.unit == total.unit if part.kind == "money" else \
                total.unit is not None and (part.unit == total.unit or part.unit is None and total.unit in words)
            if total.kind == part.kind and same and total.value > part.value > 0 and not total.derived:
                share = replace(part, kind="percent", value=100 * part.value / total.value, approx="exact")
                if agrees(q, share):
                    return share
    return None


def _check_figures(query: Query, idx: SourceIndex, reading: Reading) -> None:
    everything = [e for s in idx.sentences for e in s.figures]
    matched: dict[int, Quantity] = {}
    for q in query.figures:
        outcome, found = _bear_out(q, reading.window, everything)
        if outcome != "match":
            # the figure may sit in another sentence about the same thing: look there once
            other = _sentence_with(q, query, idx, reading, everything)
            if other is not None:
                reading.window.append(other)
                outcome, found = _bear_out(q, reading.window, everything)
        if outcome == "conflict" and found is not None:
            reading.conflicts.append(f"the statement says “{describe(q)}”, the source says “{describe(found)}”")
        elif outcome == "missing":
            reading.missing.append(f"the source gives no figure to bear out “{describe(q)}”")
        elif found is not None:
            matched[id(q)] = found
    _check_pairs(query, reading, matched)


def _check_pairs(query: Query, reading: Reading, matched: dict[int, Quantity]) -> None:
    """Figures the statement ties together must be tied together in the source: '6.2 million
    passengers in 2019' is wrong when the source gives 6.2 million for last year and 4.9 million
    for 2019."""
    home = {id(e): s for s in reading.window for e in s.figures}
    for i, a in enumerate(query.figures):
        for b in query.figures[i + 1:]:
            if a.clause != b.clause or id(a) not in matched or id(b) not in matched or compatible(a, b):
                continue  # two figures of one kind ("from $4.00 to $4.50") are compared one by one
            for q, e, other in ((a, matched[id(a)], matched[id(b)]), (b, matched[id(b)], matched[id(a)])):
                s = home.get(id(other))
                if s is None or other.derived or e.derived or home.get(id(e)) is s and e.clause == other.clause:
                    continue
                # only a figure the source contrasts with the matched one ("6.2 million, up from
                # 4.9 million in 2019"): figures in parallel clauses may share a date
                partners = {id(x) for pair in changes(s.figures, s.sentence.text) for x in pair[:2]
                            if e in pair[:2]}
                rivals = [f for f in s.figures if f.clause == other.clause and id(f) in partners and f is not e
                          and compatible(q, f) and not agrees(q, f)]
                if rivals:
                    reading.conflicts.append(f"the source gives “{describe(other)}” with “{describe(rivals[0])}”, "
                                             f"not with “{describe(q)}”")
                    return


def _bear_out(q: Quantity, window: list[IndexedSentence], everything: list[Quantity]) -> tuple[str, Quantity | None]:
    """Whether the passage bears out one statement figure, printed or worked out."""
    figures = [e for s in window for e in s.figures]
    outcome, found = _find(q, figures)
    if outcome != "match" and q.kind == "percent":
        share = _ratios(q, figures, everything, set().union(*(s.stems for s in window)))
        if share is not None:
            return "match", share
    return outcome, found


def _sentence_with(q: Quantity, query: Query, idx: SourceIndex, reading: Reading,
                   everything: list[Quantity]) -> IndexedSentence | None:
    best, best_cover = None, FIGURE_ELSEWHERE
    for s in idx.sentences:
        if s in reading.window:
            continue
        cover = coverage(query, idx, s.stems)
        if cover > best_cover and _bear_out(q, [s], everything)[0] == "match":
            best, best_cover = s, cover
    return best


def _check_names(query: Query, idx: SourceIndex, reading: Reading) -> None:
    seen = _around(idx, reading.window)
    absent = sorted(query.names - seen)
    if not absent:
        return
    stems = set().union(*(s.stems for s in reading.window))
    name_stems = {t.stem for t in query.toks if bare(t.text) in absent}
    rest = [s for s in query.stems if s not in name_stems]
    total = sum(idx.weight(s) for s in rest) or 1.0
    # the passage says the rest of the statement: an unknown name there is a swap, not an addition
    swapped = sum(idx.weight(s) for s in rest if s in stems) / total >= SWAP_FROM
    others = [(s.toks[t.index - 1].lower if t.index else "", s.toks, t) for s in reading.window
              for t in name_tokens(s.toks, idx.vocabulary_lower, idx.names) if bare(t.text) not in query.names]
    for name in absent:
        original = next(t for t in query.toks if bare(t.text) == name)
        said = name_run(query.toks, original.index)
        if name in idx.lowers:
            reading.conflicts.append(f"the passage does not name “{said}”, who appears elsewhere in the source")
        elif swapped and others:
            # the source's name in the same slot ("in Springfield" / "in Greenfield"), else one
            # beside a name both share ("Cedar Hollow City Hall" / "Cedar Hollow High School")
            before = query.toks[original.index - 1].lower if original.index else ""
            pick = next((o for o in others if o[0] == before), None) \
                or next((o for o in others if o[0] in query.names), others[0])
            instead = name_run(pick[1], pick[2].index)
            reading.conflicts.append(f"the statement names “{said}” where the source names “{instead}”")
        else:
            reading.missing.append(f"the source never mentions “{said}”")


def _verdict(query: Query, source: SourceDocument, reading: Reading) -> VerifyResult:
    statement = query.text
    cover = reading.cover
    evidence = [Evidence(source_id=source.id, start=s.sentence.start, end=s.sentence.end,
                         text=source.document.span(s.sentence.start, s.sentence.end).text)
                for s in sorted(reading.window, key=lambda s: s.sentence.start)]
    where = f"source “{source.id}”"
    if cover < NOTHING_BELOW:
        return VerifyResult(statement=statement, label="not_found", confidence=round(0.55 + 0.4 * (1 - cover), 2),
                            evidence=[], rationale=f"no passage of the sources says this (best match shares "
                                                   f"{cover:.0%} of its content)")
    if reading.conflicts:
        return VerifyResult(statement=statement, label="contradicted",
                            confidence=round(min(0.95, 0.5 + 0.4 * cover), 2), evidence=evidence,
                            rationale=f"{where} says otherwise: " + "; ".join(reading.conflicts))
    thin = reading.soft < SUPPORTED_FROM or cover < LOCAL_FROM
    if reading.missing or thin or reading.novel > NOVEL_AT_MOST:
        reasons = reading.missing or (
            [f"the closest passage covers only {cover:.0%} of the statement"] if thin
            else [f"{reading.novel:.0%} of the statement is in words the source never uses"])
        return VerifyResult(statement=statement, label="not_found", confidence=round(0.5 + 0.3 * (1 - cover), 2),
                            evidence=evidence, rationale=f"{where} does not bear this out: " + "; ".join(reasons))
    checked = [f"“{describe(q)}”" for q in query.figures]
    agreed = f"its figures and dates agree ({', '.join(checked)}), " if checked else ""
    return VerifyResult(statement=statement, label="supported", confidence=round(min(0.95, 0.4 + 0.55 * cover), 2),
                        evidence=evidence,
                        rationale=f"{where} states it: {agreed}no negation or opposite word, and the passage "
                                  f"covers {cover:.0%} of the statement's content")
