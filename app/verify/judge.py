"""The offline verdict on one statement: find the passage, then compare what it says.

A statement is `supported` only when the passage covers its content and every figure, date,
name and polarity agrees; `contradicted` when the passage covers it but a figure, date, name,
negation or antonym disagrees; `not_found` when no passage says enough of it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from app.document.source import SourceDocument
from app.facts.numbers import ORDINAL_WORDS
from app.models import Evidence, VerifyResult
from app.offsets import PositionedText
from app.verify.attributes import age_of_another, misquoted, said_elsewhere, unsourced
from app.verify.lexicon import LIGHT_WORDS, QUANTIFIERS
from app.verify.modality import plan_as_fact
from app.verify.polarity import antonym_clash, negation_clash, opposed, scopes
from app.verify.quantities import Quantity, agrees, changes, compatible, describe
from app.verify.retrieve import IndexedSentence, Query, SourceIndex, coverage, index, retrieve
from app.verify.text import (
    MONTH_WORDS,
    WEEKDAY_WORDS,
    Token,
    bare,
    name_run,
    name_runs,
    name_tokens,
    related,
    siblings_of,
    stem,
    tokens,
)
from app.verify.years import fits

# Thresholds on the weighted share of the statement's words found in the passage.
NOTHING_BELOW = 0.42  # under this, no passage speaks of the statement at all
SUPPORTED_FROM = 0.65  # a supported statement has this much of its content in the passage (soft count)
LOCAL_FROM = 0.6  # of which the passage itself (no half credit) holds at least this much
NOVEL_AT_MOST = 0.45  # and at most this much in words the source never uses (an added fact; 0.3 until
# 2026-11-30 18:20: 0.45 took edits-dev from 0.719 to 0.750 and FRANK BBC from 0.544 to 0.610, CNN/DM 0.657 -> 0.641)
SWAP_FROM = 0.75  # a name the source lacks, in a passage that says all the rest, replaced another name
ELSEWHERE_NAMES = True  # a name the source uses elsewhere may stand in a passage that says the rest, unless a
# name of the passage fills its slot
ELSEWHERE_FROM = 0.75  # ... when the passage says this much of the rest (and names no one else)
FIGURE_ELSEWHERE = 0.0  # ... and the sentence before or after that holds the figure the first lacks needs no more
FIGURE_WEIGHT = 0.7  # what the statement's figures, all borne out, add to a passage's claim to be the one
FIGURE_COVER = 0.25  # ... in full once the passage holds this much of the statement's words
RELATIVE_PARTS = True  # judge a relative clause after the subject as a fact of its own (measured: costs paraphrases)
RELAXED_FROM = 0.4  # a paraphrase may cover less, when ...
ACT_FROM = 0.4  # ... this much of its words other than names (what was done, to what) are in the passage
RELAXED_WORDS = 6  # ... in a statement of this many content words at least (in a short one each word is a fact)
ACT_AT_LEAST = 0.3  # whatever the coverage, this much of what it says of its names (not the names) in the passage
PASSAGES = 6  # the best-matching sentences whose windows are tried
POOL_SHARE = 0.3  # a clause whose words the pair holds only together, beyond this share, is pooled
_CONTEXT_RATIO = 3
# words that start a new fact within one sentence ("freed in 2001, and recalled in 2010")
_CLAUSE_JOINS = frozenset({"and", "after", "before", "when", "because", "as", "with", "then", "while"})  # an agreeing figure's clause must share at least a third as many words as a disagreeing one's


@dataclass
class Reading:
    """What the judge found in one passage."""

    window: list[IndexedSentence]
    cover: float  # share of the statement's content in the passage
    soft: float = 0.0  # the same, with half credit for words the source uses elsewhere
    novel: float = 0.0  # share of the statement's content the source never uses
    act: float = 0.0  # share of the statement's content other than names (what was done, to what) in the passage
    conflicts: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    agreed: list[str] = field(default_factory=list)  # statement figure as the source's, with its span


# A statement of several sentences ("X happened. Y followed."): each sentence is a statement of its
# own. Cut after . ! ? before a capital or an opening quote, or at a free-standing " . " (tokenised
# text), never after a capitalised abbreviation ("Mr.", "U.S.") or an initial.
_STATEMENT_CUT = re.compile(r"\s+[.!?]\s+(?=\S)|(?<![A-Z][a-z]\.)(?<!\b[A-Z]\.)(?<=[a-z0-9%”\"')\]][.!?])\s+(?=[A-Z“\"‘])")


# Independent clauses of one sentence ("X was freed in 2001, and Y was recalled in 2010"): each is a
# fact read against its own passage.
_CLAUSE_CUT = re.compile(r",\s+(?:and|but|while|although|though|whereas)\s+|;\s+|\s+—\s+")


# A relative clause set off by commas after the subject ("The inventory, which covers about 600
# glaciers, was presented at ..."): a fact of its own about the subject.
_RELATIVE = re.compile(r"^(?P<head>[^,]{3,80}?),\s+(?P<pron>which|who|whose|where)\s+(?P<rel>[^,]{4,}?),\s+(?P<rest>.+)$")


def _relative(part: str) -> list[str]:
    """A clause with a relative clause after its subject as two facts: the subject with the rest, and
    the subject with the relative clause ("who"/"which" dropped); any other clause as it is."""
    m = _RELATIVE.match(part)
    if m is None:
        return [part]
    pron = m.group("pron")
    rel = m.group("rel") if pron in {"which", "who"} else f"{pron} {m.group('rel')}"
    return [f"{m.group('head')} {m.group('rest')}", f"{m.group('head')} {rel}"]


def split_statement(statement: str, clauses: bool = False) -> list[str]:
    """The sentences of a statement (with `clauses`, their independent clauses too), each as written;
    a statement with one part comes back whole."""
    parts = [p.strip() for p in _STATEMENT_CUT.split(statement)]
    if clauses:
        parts = [c.strip() for p in parts for c in _CLAUSE_CUT.split(p)]
        parts = [r for p in parts for r in _relative(p)] if RELATIVE_PARTS else parts
    parts = [p for p in parts if len(re.findall(r"[^\W\d_]{2,}", p)) >= 3]
    return parts if len(parts) > 1 else [statement]


def judge(statement: str, sources: list[SourceDocument]) -> VerifyResult:
    """The verdict, confidence, evidence and rationale for one statement.

    A statement of several sentences is supported only when each sentence is, contradicted when
    one is, not_found otherwise; its evidence is that of each sentence, its rationale each one's.
    """
    for source in sources:
        same = _verbatim(statement, source)
        if same is not None:
            return same  # the source's own words, whole: never judged part by part
    doubled = repeated(statement) if REPEATS_UNREAD else None
    if doubled is not None:
        a, b = doubled
        return _bind(VerifyResult(statement=statement, label="not_found", confidence=0.8, evidence=[],
                                  rationale=f"the statement says “{statement[a:b]}” twice in a row (characters "
                                            f"{_at(a, b)}), so it does not read as one claim to check"), None)
    parts = split_statement(statement, clauses=True)
    if len(parts) == 1:
        return _judge_one(statement, sources)
    results = [_judge_one(p, sources) for p in parts]
    labels = [r.label for r in results]
    label = "contradicted" if "contradicted" in labels else "supported" if set(labels) == {"supported"} \
        else "not_found"
    deciding = [r for r in results if r.label == label] if label != "supported" else results
    confidence = min(r.confidence for r in deciding) if label == "supported" else max(r.confidence for r in deciding)
    evidence = [e for r in results for e in r.evidence]
    rationale = PositionedText()
    for i, r in enumerate(results):
        rationale.add(f"{' ' if i else ''}[sentence {i + 1}: {r.label.replace('_', ' ')}] ")
        rationale.add_positioned(r.rationale, r.positions)
    return VerifyResult(statement=statement, label=label, confidence=confidence, evidence=evidence,
                        rationale="").with_rationale(*rationale.value())


# A position written into a rationale ("characters 57–70") is made as a marker, then bound to the text it
# indexes (`_bind`) when the result is made: the rationale says "57–70" and the result carries where, so
# that app.offsets can write it in UTF-16 units as it does the evidence spans.
_MARK = re.compile("\ue000(\\d+)\ue001(\\d+)\ue002")


def _at(a: int, b: int) -> str:
    """A position (code points a to b) to be bound by `_bind`."""
    return f"\ue000{a}\ue001{b}\ue002"


def _bind(result: VerifyResult, source_id: str | None) -> VerifyResult:
    """`result` with each marker of its rationale written "a–b" and recorded as a position in `source_id`'s
    text (None: the statement's)."""
    if "\ue000" not in result.rationale:
        return result
    out = PositionedText()
    done = 0
    for m in _MARK.finditer(result.rationale):
        out.add(result.rationale[done:m.start()])
        out.add_position(f"{m.group(1)}–{m.group(2)}", source_id)
        done = m.end()
    out.add(result.rationale[done:])
    return result.with_rationale(*out.value())


REPEATS_UNREAD = True  # a statement that doubles a phrase ("the John Moores John Moores prize") is not judged

# Reduplications that are English, not a slip: "more and more", "again and again", "bigger and bigger".
_REDUPLICATED = frozenset({"more", "less", "again", "over", "round", "on", "through", "by", "out", "up", "down",
                           "far", "ever", "unk"})  # "unk": a model's unknown-word mark, not a word
_REPEAT_GAP = re.compile(r"[\s'‘’\"“”`]*(?:,|and|or|of|-)?[\s'‘’\"“”`]*", re.IGNORECASE)


def repeated(statement: str) -> tuple[int, int] | None:
    """(start, end) in code points of a phrase of one to three words, opening with a content word, that the
    statement says twice in a row, joined by nothing, a comma, "and", "or" or "of" ("chicken and chicken",
    "Isle of Isle of Lewis", "a millionaire millionaire"); None when it says none. Case and a possessive "'s"
    aside; never across a sentence end; English reduplications ("more and more", comparatives) are no repeat."""
    toks = tokens(statement)
    words = [bare(t.text) for t in toks]
    for n in (1, 2, 3):
        for i in range(len(toks) - 2 * n + 1):
            first = toks[i]
            if not first.content or words[i] in _REDUPLICATED or n == 1 and words[i].endswith("er"):
                continue
            if words[i + n:i + 2 * n] == words[i:i + n]:
                j = i + n
            elif i + 2 * n < len(toks) and words[i + n] in {"and", "or", "of"} \
                    and words[i + n + 1:i + 2 * n + 1] == words[i:i + n]:
                j = i + n + 1
            else:
                continue
            gap = statement[toks[i + n - 1].end:toks[j].start]
            if first.capital and toks[j].capital and ("," in gap or n == 1 and not gap.strip()):
                continue  # "New York, New York", "Sirhan Sirhan": a name may say itself twice
            if _REPEAT_GAP.fullmatch(gap):
                return first.start, toks[j + n - 1].end
    return None


def _norm(text: str) -> str:
    """Lower-cased words with '|' for each clause mark, padded with spaces: the form verbatim matching uses."""
    words = _NORM_WORD.findall(text.lower().replace("’", "'"))
    return " " + " ".join("|" if not w[0].isalnum() else w for w in words) + " "


_NORM_WORD = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*|[,;:.!?—–()]")


def _verbatim(statement: str, source: SourceDocument) -> VerifyResult | None:
    """A statement that is a passage's own words, word for word (case, spacing and quotes aside)."""
    said = _norm(statement).strip(" |")
    if len(said.split()) < 4:
        return None
    idx = index(source.document)
    if idx.normalized is None:
        idx.normalized = [_norm(s.sentence.text) for s in idx.sentences]
    for s, normal in zip(idx.sentences, idx.normalized):
        # the statement's words, whole, ending where the source's clause ends ("41 percent" is not
        # "41 percent higher")
        if f" {said} |" in normal or normal.rstrip(" |").endswith(f" {said}"):
            text = source.document.span(s.sentence.start, s.sentence.end).text
            return _bind(VerifyResult(statement=statement, label="supported", confidence=0.97,
                                      evidence=[Evidence(source_id=source.id, start=s.sentence.start,
                                                         end=s.sentence.end, text=text)],
                                      rationale=f"source “{source.id}” says it word for word (characters "
                                                f"{_at(s.sentence.start, s.sentence.end)})"), source.id)
    return None


def _judge_one(statement: str, sources: list[SourceDocument]) -> VerifyResult:
    for source in sources:
        same = _verbatim(statement, source)
        if same is not None:
            return same
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
    return _bind(_verdict(query, source, reading), source.id)


def _read(query: Query, idx: SourceIndex, ranked: list[IndexedSentence]) -> Reading:
    # the sentence that says most of the statement, its figures counting as heavily as its words
    first = max(ranked[:PASSAGES], key=lambda s: _window_score(query, idx, [s]))
    ranked = [first] + [s for s in ranked if s is not first]
    window = [ranked[0]]
    stems = set(window[0].stems)
    base = coverage(query, idx, stems)
    # a statement may join two sentences ("... in Bellhaven and Orrin"): take the one before or after
    # when the second continues the first and it adds enough of what the first lacks; never a
    # sentence from elsewhere in the source
    best_gain, best_extra = 0.0, None
    for s in _neighbours(idx, ranked[0]):
        gain = coverage(query, idx, stems | s.stems) - base
        if gain > best_gain and gain >= 0.15 and not _pooled(query, idx, window[0], s):
            best_gain, best_extra = gain, s
    if best_extra is not None:
        window.append(best_extra)
        stems |= best_extra.stems
    # names the passage refers to by pronoun ("he", "the company") stand in the sentences before it
    near = _around(idx, window) | (_subjects(idx) if _refers_back(window) else set())
    named = {t.stem for t in query.toks if bare(t.text) in query.names and bare(t.text) in near}
    reading = Reading(window, coverage(query, idx, stems | named))
    _check_figures(query, idx, reading)
    _check_names(query, idx, reading)
    _check_slots(query, idx, reading)
    _check_possessors(query, reading)
    _check_quantifiers(query, reading)
    _check_borrowed(query, idx, reading)
    toks = [t for s in reading.window for t in s.toks]
    denied = negation_clash(query.toks, toks)
    if denied:
        reading.conflicts.append("one of the statement and the source denies what the other says (“"
                                 + "”, “".join(denied) + "”)")
    quoted = misquoted(query.text, [s.sentence.text for s in idx.sentences])
    if quoted is not None:
        reading.missing.append(f"the source does not say “{quoted}” in those words")
    who = unsourced(query, idx)
    if who is not None:
        reading.missing.append(f"the source never mentions who the statement says says it (“{who}”)")
    planned = plan_as_fact(query.toks, [s.toks for s in reading.window])
    if planned is not None:
        done, plan = planned
        reading.missing.append(f"the statement says “{done.text}” as done where the source has it only as planned or "
                               f"asked (“{plan.text}”, characters {_offset(reading, plan)})")
    for said, source_word in antonym_clash(query.toks, toks):
        reading.conflicts.append(f"the statement says “{said}” where the source says “{source_word}”")
    _check_siblings(query, reading, toks)
    _check_ordinals(query, reading)
    _check_kinds(query, reading)
    # a word flipped to its opposite is still the word the statement is about
    stems = set().union(*(s.stems for s in reading.window)) | named | opposed(query.toks, toks)
    reading.conflicts = list(dict.fromkeys(reading.conflicts))
    reading.missing = list(dict.fromkeys(reading.missing))
    reading.cover = coverage(query, idx, stems)
    total = math.fsum(idx.weight(s) for s in query.stems) or 1.0
    reading.soft = math.fsum(idx.weight(s) * (1.0 if s in stems else 0.5 if s in idx.stems else 0.0)
                             for s in query.stems) / total
    reading.novel = math.fsum(idx.weight(s) for s in query.stems if s not in idx.stems) / total
    rest = [s for s in query.stems if s not in named and s not in {t.stem for t in query.toks
                                                                   if bare(t.text) in query.names}]
    rest_total = math.fsum(idx.weight(s) for s in rest)
    reading.act = math.fsum(idx.weight(s) for s in rest if s in stems) / rest_total if rest_total else 1.0
    return reading


def _window_score(query: Query, idx: SourceIndex, window: list[IndexedSentence]) -> float:
    stems = set().union(*(s.stems for s in window))
    value = coverage(query, idx, stems)
    if query.figures:
        figures = [e for s in window for e in s.figures]
        hits = sum(1 for q in query.figures if any(compatible(q, e) and agrees(q, e) for e in figures))
        # figures count in a passage that speaks of the statement, not in one that shares a number only
        value += FIGURE_WEIGHT * hits / len(query.figures) * min(1.0, value / FIGURE_COVER)
    return value


def _pooled(query: Query, idx: SourceIndex, a: IndexedSentence, b: IndexedSentence) -> bool:
    """Whether some clause of the statement is said only by the two sentences together: its words
    and figures (a figure counts as much as the clause's heaviest word) split between them."""
    a, b = sorted((a, b), key=lambda s: s.sentence.start)
    clauses: dict[int, dict[str, float]] = {}
    held: dict[str, tuple[bool, bool]] = {}
    subjects = _subjects(idx)  # "the storm" in one sentence and "Delia" in the other are one subject
    part, starts = 0, []
    for t in query.toks:
        if t.lower in _CLAUSE_JOINS:
            part += 1
        starts.append((t.start, t.clause * 100 + part))
        if t.content and t.stem in query.stems:
            clauses.setdefault(t.clause * 100 + part, {})[t.stem] = idx.weight(t.stem)
            # a name may be the subject of both ("Okafor ... He signed"): names never split a clause
            name = bare(t.text) in subjects or bare(t.text) in query.names
            held[t.stem] = (True, True) if name else (t.stem in a.stems, t.stem in b.stems)
    for n, q in enumerate(query.figures):
        key = next((c for start, c in reversed(starts) if start <= q.start), 0)
        words = clauses.setdefault(key, {})
        words[f"#{n}"] = max(words.values(), default=1.0)
        in_a, in_b = (any(compatible(q, e) and agrees(q, e) for e in s.figures) for s in (a, b))
        held[f"#{n}"] = (in_a, in_b)
    if any(_other_event(query, [x for x in words if x.startswith("#")], held, a, b) for words in clauses.values()):
        return True
    if _subject_before(query, held, b):
        return False
    for words in clauses.values():
        need = sum(words.values()) or 1.0
        ca = sum(w for x, w in words.items() if held[x][0])
        cb = sum(w for x, w in words.items() if held[x][1])
        cu = sum(w for x, w in words.items() if held[x][0] or held[x][1])
        if cu - max(ca, cb) > POOL_SHARE * need and min(ca, cb) > 0:
            return True
    return False


_LIGHT = frozenset(stem(w) for w in LIGHT_WORDS)
_BACK = frozenset({"he", "she", "they", "it", "his", "her", "their", "him", "them", "its", "this", "these",
                   "the"})


def _check_siblings(query: Query, reading: Reading, toks: list[Token]) -> None:
    """A word the passage lacks, where the passage has another of its small closed set ("summer" where
    the source says "winter", "gold" where it says "silver"), says a different value in the same slot."""
    window = set().union(*(s.stems for s in reading.window))
    own = {t.stem for t in query.toks}
    for t in query.toks:
        if not (t.content or t.lower in ORDINAL_WORDS) or t.stem in window or (t.capital and not t.initial):
            continue
        kin = siblings_of(t.stem)
        # a value is a noun or an adjective: the source's "jailed" (a verb) is no other value of "prison"
        found = next((u for u in toks if (u.content or u.lower in ORDINAL_WORDS) and u.stem in kin
                      and u.stem not in own and not _verb_form(u, t)), None)
        if found is not None:
            reading.conflicts.append(f"the statement says “{t.text}” where the source says “{found.text}” "
                                     f"(characters {_offset(reading, found)})")


def _verb_form(u: Token, t: Token) -> bool:
    """Whether `u` is a verb's -ed or -ing form where `t` is not ("jailed" / "prison")."""
    return u.lower.endswith(("ed", "ing")) and u.lower != u.root and not t.lower.endswith(("ed", "ing"))


def _check_kinds(query: Query, reading: Reading) -> None:
    """A word the passage holds only as a more general word ("store" for the source's "bakery") with a
    word before it the passage lacks ("hardware store"; not a light word, "former"): the statement says
    which kind, and the passage does not."""
    window = set().union(*(s.stems for s in reading.window))
    raw = {t.stem for s in reading.window for t in s.toks}
    for x, y in zip(query.toks, query.toks[1:]):
        if x.content and y.content and not x.capital and x.stem not in window and x.stem not in _LIGHT \
                and y.stem in window \
                and y.stem not in raw and x.clause == y.clause:
            reading.missing.append(f"the source does not say “{x.text} {y.text}”")
            return


def _check_ordinals(query: Query, reading: Reading) -> None:
    """An ordinal word ("ninth", "third") says which one: the passage must say it too."""
    window = set().union(*(s.stems for s in reading.window))
    inside = [(q.start, q.end) for q in query.figures]
    for t in query.toks:
        if t.lower in ORDINAL_WORDS and t.stem not in window and query.text[t.end:t.end + 1] != "-" \
                and not any(a <= t.start < b for a, b in inside) \
                and not (t.lower == "second" and t.index and query.toks[t.index - 1].lower in {"a", "per", "of"}):
            reading.missing.append(f"the source does not say “{t.text}”")


def _span(e: Quantity, window: list[IndexedSentence]) -> str:
    """' (characters a–b)': where a source figure stands in its source, in code points; '' for a figure
    worked out from others."""
    for s in window:
        if any(f is e for f in s.figures):
            base = s.sentence.start
            return f" (characters {_at(base + e.start, base + e.end)})"
    return ""


def _offset(reading: Reading, tok: Token) -> str:
    """The span of a passage token in its source, as 'start–end' (code points)."""
    for s in reading.window:
        if any(u is tok for u in s.toks):
            base = s.sentence.start
            return _at(base + tok.start, base + tok.end)
    return "?"


def _subjects(idx: SourceIndex) -> set[str]:
    """The names an article is about (its three most-mentioned): "the company" or "it" in any passage
    may stand for them."""
    if idx.subjects is None:
        idx.subjects = _count_subjects(idx)
    return idx.subjects


def _count_subjects(idx: SourceIndex) -> set[str]:
    counts: dict[str, int] = {}
    for s in idx.sentences:
        for t in name_tokens(s.toks, idx.vocabulary_lower, idx.names):
            counts[bare(t.text)] = counts.get(bare(t.text), 0) + 1
    top = sorted(counts, key=lambda n: -counts[n])[:3]
    return {n for n in top if counts[n] >= 2}


def _refers_back(window: list[IndexedSentence]) -> bool:
    """Whether the passage leans on what came before: a pronoun, or a definite description opening it."""
    return any(t.lower in _BACK and (t.lower != "the" or t.index == 0) for s in window for t in s.toks)


def _check_quantifiers(query: Query, reading: Reading) -> None:
    """Words that make a statement all-or-nothing ("entirely", "only", "never", "first") are facts:
    the passage must say them too, and a passage that names more than one payer, cause or share
    contradicts "entirely" and "only"."""
    # "only three", "all six": a hedge on the figure or the count restated, compared with the figure
    starts = {q.start for q in query.figures}
    said = {t.lower: t for t in query.toks
            if not (t.lower in {"only", "all"} and t.index + 1 < len(query.toks)
                    and (query.toks[t.index + 1].start in starts or query.toks[t.index + 1].lower[0].isdigit()))}
    toks = [t for s in reading.window for t in s.toks]
    words = {t.lower for t in toks}
    for family in QUANTIFIERS:
        used = [w for w in family if w in said]
        if not used or family & words:
            continue
        word = said[used[0]].text
        if family is QUANTIFIERS[0]:
            money = [e for s in reading.window for e in s.figures if e.kind == "money" and not e.derived]
            if len(money) >= 2:
                reading.conflicts.append(f"the statement says “{word}” where the source gives more than one part "
                                         f"(“{describe(money[0])}”, “{describe(money[1])}”)")
                continue
        reading.missing.append(f"the source does not say “{word}”")
    s_neg, _ = scopes(query.toks)
    e_neg, _ = scopes(toks)
    if s_neg and not e_neg and not reading.conflicts:
        reading.missing.append("the statement denies something the passage does not deny")


def _check_slots(query: Query, idx: SourceIndex, reading: Reading) -> None:
    """A name in the slot where the source has another: "to face Celtic" where the passage says "face
    Hibernian", "chief executive of Barnsley" where it says "chief executive of Scunthorpe". The slot is
    the content word before the name; the passage must have that word followed, within a few words of
    its clause, by a name the statement never uses and without the statement's name."""
    names = query.names
    for t in query.toks:
        if bare(t.text) not in names or t.index and query.toks[t.index - 1].capital \
                and bare(query.toks[t.index - 1].text) in names:
            continue  # only the first word of a name
        # the slot: the content word just before the name, with only function words between
        slot = None
        for u in reversed(query.toks[max(0, t.index - 3):t.index]):
            if u.clause != t.clause or u.capital or u.lower in _CLAUSE_JOINS | _REPORTING:
                break  # "said Brennan's offer", "bowling when Harwood": the name starts a clause of its own
            if u.content:
                slot = u
                break
        if slot is None or slot.stem in _LIGHT or _possessive(t):
            continue  # "the new Rangers manager": no slot; "Brennan's offer": the name owns the next word
        role = _role(query.toks[slot.index + 1:t.index])
        said = name_run(query.toks, t.index)
        for s in reading.window:
            kind, other = _fills(s, slot.stem, role, names)
            if kind == "other" and other is not None and not _acronym_of(said, name_run(s.toks, other.index)) \
                    and not _holds_name(name_run(s.toks, other.index), names):
                reading.conflicts.append(f"the statement names “{said}” after “{slot.text}” where the source "
                                         f"names “{name_run(s.toks, other.index)}” (characters "
                                         f"{_at(s.sentence.start + other.start, s.sentence.start + other.end)})")
                return
        if not role or bare(t.text) not in {w for s in reading.window for w in s.lowers} \
                or any(_fills(s, slot.stem, role, names)[0] != "none" for s in reading.window):
            continue
        # the passage names the statement's "Ankara" in no "talks in" of its own: where the source says
        # "talks in" anywhere, it says of these talks; another name there (and the statement's nowhere)
        # places them elsewhere
        found = [(s, *_fills(s, slot.stem, role, names)) for s in idx.sentences if s not in reading.window]
        if any(kind == "same" for _, kind, _ in found):
            continue
        for s, kind, other in found:
            if kind == "other" and other is not None and not _acronym_of(said, name_run(s.toks, other.index)) \
                    and not _holds_name(name_run(s.toks, other.index), names):
                reading.window.append(s)
                reading.conflicts.append(f"the statement names “{said}” after “{slot.text} {role}” where the "
                                         f"source names “{name_run(s.toks, other.index)}” (characters "
                                         f"{_at(s.sentence.start + other.start, s.sentence.start + other.end)})")
                return


def _fills(s: IndexedSentence, slot: str, role: str, names: frozenset[str] | set[str]) -> tuple[str, Token | None]:
    """How sentence `s` fills a slot (a content word's stem and the preposition after it, "talks in"):
    ('same', None) with one of the statement's `names`, ('other', the first word of another name) with
    another name in the same role, ('none', None) otherwise. The name must follow the slot word within a
    few words of its clause ("negotiations with Ukraine": the counterpart, not the place)."""
    for u in s.toks:
        if u.stem != slot:
            continue
        after = []
        for v in s.toks[u.index + 1:u.index + 5]:
            if v.clause != u.clause or v.content and not v.capital:
                break
            after.append(v)
        # only the first name after the slot word fills it ("face Hibernian in the Scottish Cup": the
        # Scottish Cup is not whom they face); any word of that name may be the statement's ("Glasgow Celtic")
        first = next((i for i, v in enumerate(after) if v.capital and not v.initial and v.content
                      and v.lower not in WEEKDAY_WORDS | MONTH_WORDS), None)
        if first is None:
            continue
        run = [after[first]]
        for v in after[first + 1:]:
            if not v.capital:
                break
            run.append(v)
        if any(bare(v.text) in names for v in run):
            return "same", None
        follow = s.toks[run[-1].index + 1] if run[-1].index + 1 < len(s.toks) else None
        if follow is not None and follow.content and not follow.capital and not _possessive(run[-1]) \
                and follow.clause == run[-1].clause:
            # "in the Breton capital": an adjective of a common noun, which may be the statement's name in
            # other words; "by Scottish lieutenant Jock Murray": the name right after the description fills it
            nxt = s.toks[follow.index + 1] if follow.index + 1 < len(s.toks) else None
            if nxt is None or not (nxt.capital and nxt.content) or nxt.clause != u.clause:
                continue
            run = [nxt]
            for v in s.toks[nxt.index + 1:]:
                if not v.capital or v.clause != nxt.clause:
                    break
                run.append(v)
            if any(bare(v.text) in names for v in run):
                return "same", None
        other = run[0]
        # the word joining slot and name says its role: "talks in X" (a place) and "talks with Y"
        # (a counterpart) are different slots, and a name in another role is no clash
        if other is not None and _role(s.toks[u.index + 1:other.index]) == role:
            return "other", other
    return "none", None


_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "its", "his", "her", "their", "our"})


def _role(between: list[Token]) -> str:
    """The preposition that joins a slot word to the name after it ("in", "with", "of"), '' for none
    ("to face Celtic"): the last word between them that is neither a content word nor a determiner."""
    return next((v.lower for v in reversed(between) if not v.content and v.lower not in _DETERMINERS), "")


def _check_possessors(query: Query, reading: Reading) -> None:
    """A name the passage uses only as a possessor ("Whitlock's mother") is not the statement's
    "Whitlock": the passage speaks of someone else."""
    toks = [t for s in reading.window for t in s.toks]
    own = {t.stem for t in query.toks if t.content}
    for name in query.names:
        said = [t for t in query.toks if bare(t.text) == name]
        held = [t for t in toks if bare(t.text) == name]
        # "apprenticeships in England" is "England's apprenticeships": a name after "in" is a scope,
        # which a possessive states as well
        said = [t for t in said if not (t.index and query.toks[t.index - 1].lower in _SCOPES)]
        # "Varga's call for talks" is Varga calling for talks: the possessed word is the statement's own
        # act ("Varga called for talks"), and the name its doer
        acts = [t for s in reading.window for t in s.toks[:-1]
                if bare(t.text) == name and s.toks[t.index + 1].stem in own]
        if held and said and all(_possessive(t) for t in held) and not any(_possessive(t) for t in said) \
                and not acts:
            reading.missing.append(f"the passage speaks of “{held[0].text} …”, not of {said[0].text} "
                                   f"(characters {_offset(reading, held[0])})")


_SCOPES = frozenset({"in", "across", "throughout", "within"})
_REPORTING = frozenset({"said", "says", "say", "told", "tells", "added", "adds", "stated", "claimed", "argued"})


def _acronym_of(short: str, name: str) -> bool:
    """Whether `short` is the initials of `name` ("PSG" / "Paris Saint-Germain", "CPS" / "Crown
    Prosecution Service"); small words ("of", "the") may be left out."""
    short = short.strip("'’s") if short.endswith(("'s", "’s")) else short
    if not (2 <= len(short) <= 6 and short.isupper() and short.isalpha()):
        return False
    parts = [p for p in re.split(r"[\s-]+", name) if p]
    full = "".join(p[0] for p in parts).upper()
    capitals = "".join(p[0] for p in parts if p[0].isupper()).upper()
    return short.upper() in {full, capitals}


def _holds_name(run: str, names: frozenset[str] | set[str]) -> bool:
    """Whether a source name run holds one of the statement's names: "Managing Director Paul Downton" is the
    statement's "Paul Downton" with his title, "HBO's political comedy Veep" its "Veep"."""
    return any(bare(w) in names for w in run.split())


def _possessive(t: Token) -> bool:
    return t.text.endswith(("'s", "’s"))


def _check_borrowed(query: Query, idx: SourceIndex, reading: Reading) -> None:
    """A statement word the passage lacks that the source says only of another event: in the sentences
    beside the passage, whose figure of the same kind differs from the statement's ("terminated ... on June 3" against
    "terminated ... on March 1"). Such a statement mixes two events."""
    window = set().union(*(s.stems for s in reading.window))
    agreed = [q for q in query.figures
              if any(compatible(q, e) and agrees(q, e) for s in reading.window for e in s.figures)]
    if not agreed:
        return
    for t in query.toks:
        if not t.content or t.stem in window or t.stem not in idx.stems:
            continue
        homes = [s for s in idx.sentences if t.stem in s.stems and s not in reading.window]
        near = {id(n) for w in reading.window for n in _neighbours(idx, w)}
        if homes and all(id(s) in near for s in homes) and not (t.capital and t.initial) and all(any(compatible(q, e) and not agrees(q, e) for q in agreed for e in s.figures
                             if not e.derived) for s in homes):
            reading.missing.append(f"the source says “{t.text}” only of another event "
                                   f"(“{homes[0].sentence.text[:80]}”)")
            return


def _other_event(query: Query, figures: list[str], held: dict[str, tuple[bool, bool]], a: IndexedSentence,
                 b: IndexedSentence) -> bool:
    """Whether the sentence that lacks a clause's figure gives a different one of the same kind: it
    tells of another event ("terminated the cleaning contract on June 3"), and lends the clause no word."""
    for key in figures:
        q = query.figures[int(key[1:])]
        in_a, in_b = held[key]
        if in_a == in_b:
            continue
        other = b if in_a else a
        if any(compatible(q, e) and not agrees(q, e) for e in other.figures if not e.derived):
            return True
    return False


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
    """The sentence before `s` when `s` continues it, and the one after when that one continues `s`."""
    pos = idx.sentences.index(s)
    out = []
    if pos > 0 and _continues(idx.sentences[pos - 1], s):
        out.append(idx.sentences[pos - 1])
    if pos + 1 < len(idx.sentences) and _continues(s, idx.sentences[pos + 1]):
        out.append(idx.sentences[pos + 1])
    return out


_OPENERS = frozenset({"he", "she", "it", "they", "this", "these", "that", "those", "his", "her", "its", "their",
                      "the", "there", "such", "both"})


def _continues(a: IndexedSentence, b: IndexedSentence) -> bool:
    """Whether `b` (the sentence right after `a`) goes on from it: same paragraph, or, at the start of
    the next paragraph, it opens by pointing back ("The scheme, which ...", "It ...") or takes up a
    word of `a` ("... a 15 percent rise in revenue." / "Revenue for the three months reached ...")."""
    return a.sentence.paragraph == b.sentence.paragraph or _opens_back(b) \
        or bool({t.stem for t in a.toks if t.content} & {t.stem for t in b.toks if t.content})


def _opens_back(s: IndexedSentence) -> bool:
    return bool(s.toks) and s.toks[0].lower in _OPENERS


def _subject_before(query: Query, held: dict[str, tuple[bool, bool]], later: IndexedSentence) -> bool:
    """Whether the later of two sentences opens by pointing back ("The scheme, which will cost £14.2m")
    and the earlier gives only the statement's opening words (its subject, "The barrier"): then the
    pair says one fact, the second sentence's subject standing for the first one's."""
    if not _opens_back(later):
        return False
    first_only = [t.start for t in query.toks if t.content and held.get(t.stem) == (True, False)]
    later_only = [t.start for t in query.toks if t.content and held.get(t.stem) == (False, True)]
    later_only += [q.start for n, q in enumerate(query.figures) if held.get(f"#{n}") == (False, True)]
    return bool(first_only) and bool(later_only) and max(first_only) < min(later_only)


def _context_score(q: Quantity, e: Quantity) -> int:
    return len(q.context & e.context)


def _find(q: Quantity, figures: list[Quantity]) -> tuple[str, Quantity | None]:
    """('match'|'conflict'|'missing', the source figure) for one statement figure."""
    candidates = [e for e in figures if compatible(q, e)]
    if not candidates:
        return "missing", None
    matches = [e for e in candidates if agrees(q, e)]
    # the figure the statement changed: the closest in context, then in value ("11 to 16" against "11 to 14")
    best = max(candidates, key=lambda e: (_context_score(q, e), not e.derived,
                                          -abs(e.value - q.value) / (abs(q.value) + abs(e.value) + 1e-9)))
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
        outcome, found = _bear_out(q, reading.window, everything, query.stems)
        if outcome != "match":
            # the figure may sit in the sentence before or after, when that sentence says the figure's own
            # clause (never a figure from one sentence and its clause from another)
            other = _sentence_with(q, query, idx, reading, everything)
            if other is not None and not any(_pooled(query, idx, s, other) for s in reading.window):
                reading.window.append(other)
                outcome, found = _bear_out(q, reading.window, everything, query.stems)
        if outcome == "match" and found is not None and not fits(q, found, everything):
            outcome, found = "missing", None  # "this year's prize" against "established in 1957"
        other_person = age_of_another(q, found, query, reading.window) if outcome == "match" and found else None
        if outcome != "match" or other_person is not None:
            # "Pat Ingles, 69," / "the mother-of-six": a figure that says who, which the source may give in
            # any sentence about that person (and not the age the passage gives someone else)
            described = said_elsewhere(q, query, idx)
            if described is not None:
                s, e = described
                a, b = (e.start, e.end) if e is not None else (0, len(s.sentence.text))
                reading.agreed.append(f"“{describe(q)}” as the source describes the same person (characters "
                                      f"{_at(s.sentence.start + a, s.sentence.start + b)})")
                continue
            if other_person is not None:
                reading.missing.append(f"the source gives “{describe(q)}” as the age of {other_person}")
                continue
        if outcome == "conflict" and found is not None:
            reading.conflicts.append(f"the statement says “{describe(q)}”, the source says “{describe(found)}”"
                                     f"{_span(found, reading.window)}")
        elif outcome == "missing":
            reading.missing.append(f"the source gives no figure to bear out “{describe(q)}”")
        elif found is not None:
            matched[id(q)] = found
            reading.agreed.append(f"“{describe(q)}” as “{describe(found)}”{_span(found, reading.window)}")
    _check_pairs(query, reading, matched)
    _check_qualifiers(query, idx, reading, matched)
    _check_events(query, reading, matched)


def _check_qualifiers(query: Query, idx: SourceIndex, reading: Reading, matched: dict[int, Quantity]) -> None:
    """A statement figure borne out by one sentence, where the statement ties it to a word that sentence
    lacks and the sentence before or after gives that word another figure of the same kind: "close at
    five on weekdays" against "a library that shuts at five ..." followed by "open until eight every
    weekday". The statement moved the figure from one case to another."""
    home = {id(e): s for s in reading.window for e in s.figures}
    names = {t.stem for t in query.toks if bare(t.text) in query.names}
    for q in query.figures:
        found = matched.get(id(q))
        a = home.get(id(found)) if found is not None else None
        if a is None or found is None or found.derived:
            continue
        # a figure after it that qualifies it ("until 8pm on Saturdays"), which the same sentence gives
        # in another clause, beside another figure of the kind ("until eight every weekday and until
        # four on Saturdays")
        clash = _same_sentence_rival(query, q, found, a, matched)
        if clash is not None:
            said, rival = clash
            reading.conflicts.append(f"the statement says “{describe(q)}” for “{describe(said)}”, the source says "
                                     f"“{describe(rival)}”{_span(rival, reading.window)}")
            return
        # the words after the figure that qualify it ("on weekdays", "in Quayside"), not its subject
        after = {t.stem for t in query.toks if t.start >= q.end and t.content}
        ties = {w for w in (q.context & after) - a.stems - names if w in query.stems and idx.weight(w) > 0.5}
        if not ties:
            continue
        for n in _neighbours(idx, a):
            rivals = [e for e in n.figures if not e.derived and compatible(q, e)]
            if any(agrees(q, e) and ties & e.context for e in rivals):
                continue
            other = next((e for e in rivals if not agrees(q, e) and ties & e.context), None)
            if other is not None:
                if n not in reading.window:
                    reading.window.append(n)
                word = next(t.text for t in query.toks if t.stem in ties & other.context)
                reading.conflicts.append(f"the statement says “{describe(q)}” for “{word}”, the source says "
                                         f"“{describe(other)}”{_span(other, reading.window)}")
                return


def _event_word(toks: list[Token], start: int) -> Token | None:
    """The verb form that says what happened to the figure starting at character `start`: the word just
    before it in its clause ("killing one civilian", "wounded 30"), a participle or past form, with at most
    an article or a hedge between; None when there is none."""
    before = [t for t in toks if t.end <= start]
    for t in reversed(before[-3:]):
        if t.lower in _EVENT_SKIP:
            continue
        if t.content and not t.capital and t.lower.endswith(("ing", "ed")) and len(t.lower) > 4:
            return t
        return None
    return None


# words that may stand between an event verb and its figure ("killing at least one", "injured about 30")
_EVENT_SKIP = frozenset({"a", "an", "the", "at", "least", "about", "around", "some", "nearly", "almost", "more",
                         "than", "over", "up", "to", "another", "roughly", "approximately"})


def _check_events(query: Query, reading: Reading, matched: dict[int, Quantity]) -> None:
    """What happened to a figure is a fact: "killing one civilian" is not borne out by a passage whose "one
    civilian" was "wounding", when the passage never says the statement's verb. The source's verb is quoted
    with its span."""
    window = set().union(*(s.stems for s in reading.window))
    home = {id(e): s for s in reading.window for e in s.figures}
    for q in query.figures:
        found = matched.get(id(q))
        s = home.get(id(found)) if found is not None else None
        if found is None or s is None or found.derived:
            continue
        said = _event_word(query.toks, q.start)
        if said is None or said.stem in window:
            continue
        other = _event_word(s.toks, found.start)
        if other is None or other.stem in related(frozenset({said.stem})):
            continue
        reading.missing.append(f"the source says “{other.text} {describe(found)}” (characters "
                               f"{_at(s.sentence.start + other.start, s.sentence.start + found.end)}), not “{said.text} "
                               f"{describe(q)}”")
        return


def _same_sentence_rival(query: Query, q: Quantity, found: Quantity, a: IndexedSentence,
                         matched: dict[int, Quantity]) -> tuple[Quantity, Quantity] | None:
    """(the statement's qualifying figure, the source's figure for it) when a figure after `q` in its clause
    is borne out in another clause of the same sentence, which gives a different figure of `q`'s kind."""
    for r in query.figures:
        if r is q or r.start < q.end or r.clause != q.clause or compatible(q, r):
            continue
        f = matched.get(id(r))
        if f is None or f.derived or f.clause == found.clause or not any(f is x for x in a.figures):
            continue
        rivals = [e for e in a.figures if e.clause == f.clause and not e.derived and compatible(q, e)]
        if rivals and not any(agrees(q, e) for e in rivals):
            return r, rivals[0]
    return None


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
                    reading.conflicts.append(f"the source gives “{describe(other)}” with “{describe(rivals[0])}”"
                                             f"{_span(rivals[0], reading.window)}, "
                                             f"not with “{describe(q)}”")
                    return


def _bear_out(q: Quantity, window: list[IndexedSentence], everything: list[Quantity],
              said: frozenset[str] = frozenset()) -> tuple[str, Quantity | None]:
    """Whether the passage bears out one statement figure, printed or worked out (`said`: the statement's stems)."""
    figures = [e for s in window for e in s.figures]
    outcome, found = _find(q, figures)
    if outcome != "match" and q.kind == "percent":
        share = _ratios(q, figures, everything, set().union(*(s.stems for s in window)))
        if share is not None:
            return "match", share
    if outcome == "missing" and q.kind == "count" and q.unit is not None and q.precision == 1 and q.value >= 10:
        # "176 games" where the passage says "176 appearances": the same exact figure, counting a noun that
        # no other figure of the passage counts and the statement does not use, is the source's thing in
        # other words
        counted = {e.unit for e in figures}
        same = [e for e in figures if e.kind == "count" and e.unit is not None and e.value == q.value
                and not e.derived and q.unit not in counted and e.unit not in said and "age" not in {q.unit, e.unit}]
        if len(same) == 1:
            return "match", same[0]
    return outcome, found


def _sentence_with(q: Quantity, query: Query, idx: SourceIndex, reading: Reading,
                   everything: list[Quantity]) -> IndexedSentence | None:
    best, best_cover = None, FIGURE_ELSEWHERE
    for s in {id(n): n for w in reading.window for n in _neighbours(idx, w)}.values():
        if s in reading.window:
            continue
        cover = coverage(query, idx, s.stems)
        if cover >= best_cover and _bear_out(q, [s], everything, query.stems)[0] == "match":
            best, best_cover = s, cover
    return best


def _check_names(query: Query, idx: SourceIndex, reading: Reading) -> None:
    seen = _around(idx, reading.window) | (_subjects(idx) if _refers_back(reading.window) else set())
    runs = set().union(*(name_runs(s.toks) for s in reading.window))  # linear: one pass a sentence
    absent = sorted(n for n in query.names - seen
                    if not any(_acronym_of(t.text, r) for t in query.toks if bare(t.text) == n for r in runs))
    if not absent:
        return
    stems = set().union(*(s.stems for s in reading.window))
    name_stems = {t.stem for t in query.toks if bare(t.text) in absent}
    rest = [s for s in query.stems if s not in name_stems]
    total = math.fsum(idx.weight(s) for s in rest) or 1.0
    # the passage says the rest of the statement: an unknown name there is a swap, not an addition
    rest_cover = math.fsum(idx.weight(s) for s in rest if s in stems) / total
    swapped = rest_cover >= SWAP_FROM
    others = [(s.toks[t.index - 1].lower if t.index else "", s.toks, t) for s in reading.window
              for t in name_tokens(s.toks, idx.vocabulary_lower, idx.names) if bare(t.text) not in query.names]
    for name in absent:
        original = next(t for t in query.toks if bare(t.text) == name)
        said = name_run(query.toks, original.index)
        if swapped and others:
            # the source's name in the same slot ("in Springfield" / "in Greenfield"), else one
            # beside a name both share ("Cedar Hollow City Hall" / "Cedar Hollow High School")
            before = query.toks[original.index - 1].lower if original.index else ""
            pick = next((o for o in others if o[0] == before), None) \
                or next((o for o in others if o[0] in query.names), None)
            if pick is None and name not in idx.lowers:
                pick = others[0]  # a name the source never uses, where the passage has another
            if pick is not None:
                instead = name_run(pick[1], pick[2].index)
                reading.conflicts.append(f"the statement names “{said}” where the source names “{instead}” "
                                         f"(characters {_offset(reading, pick[2])})")
            elif not (ELSEWHERE_NAMES and _not_subject(query, original)):
                reading.missing.append(f"the passage does not name “{said}” (the source does, elsewhere)")
        elif name in idx.lowers:
            # a passage that says all the rest and names no one else: the name stands in the article around it
            if not (swapped or rest_cover >= ELSEWHERE_FROM and _not_subject(query, original)):
                reading.missing.append(f"the passage does not name “{said}” (the source does, elsewhere)")
        else:
            reading.missing.append(f"the source never mentions “{said}”")


# prepositions of place, opponent and frame ("in Paris", "over PSG", "under Operation Elveden")
_PLACE_PREPOSITIONS = frozenset({"in", "at", "on", "over", "under", "from", "to", "into", "against", "near",
                                 "across", "through", "outside", "inside", "beyond", "toward", "towards", "via"})


def _not_subject(query: Query, t: Token) -> bool:
    """Whether the name `t` stands after a preposition ("over PSG", "in Paris", "under Operation Elveden"),
    not as the statement's subject or its predicate: who did it, and who someone is, are checked by name;
    where and against whom the passage may say in other words ("the French capital")."""
    a = t.index
    while a > 0 and query.toks[a - 1].capital and not query.toks[a - 1].initial:
        a -= 1
    before = query.toks[a - 1] if a > 0 else None
    return before is not None and before.lower in _PLACE_PREPOSITIONS


def _verdict(query: Query, source: SourceDocument, reading: Reading) -> VerifyResult:
    statement = query.text
    cover = reading.cover
    evidence = [Evidence(source_id=source.id, start=s.sentence.start, end=s.sentence.end,
                         text=source.document.span(s.sentence.start, s.sentence.end).text)
                for s in sorted(reading.window, key=lambda s: s.sentence.start)]
    where = f"source “{source.id}”"
    # Confidence is the share of such verdicts found right on the project's fixtures and the benchmarks
    # (see `python -m app.evals.verify_bench` and the README): figure clashes are nearly always right, word
    # clashes less often; a passage that says too little of a paraphrase is close to a coin toss.
    if cover < NOTHING_BELOW:
        return VerifyResult(statement=statement, label="not_found", confidence=round(0.6 + 0.3 * (1 - cover), 2),
                            evidence=[], rationale=f"no passage of the sources says this (best match shares "
                                                   f"{cover:.0%} of its content)")
    if reading.conflicts:
        figure = any(c.startswith(("the statement says “", "the source gives “")) and re.search(r"\d", c)
                     for c in reading.conflicts)
        return VerifyResult(statement=statement, label="contradicted",
                            confidence=round((0.7 if figure else 0.45) + 0.25 * cover, 2), evidence=evidence,
                            rationale=f"{where} says otherwise: " + "; ".join(reading.conflicts))
    thin = reading.soft < SUPPORTED_FROM or cover < LOCAL_FROM
    if thin and cover >= RELAXED_FROM and reading.act >= ACT_FROM and reading.soft >= RELAXED_FROM \
            and len(query.stems) >= RELAXED_WORDS and (len(reading.window) == 1 or bool(reading.agreed)):
        # a paraphrase: fewer of its words in the passage, but what it says was done is there; in one
        # sentence (two that each hold a part of so loose a match may tell two things), unless a figure
        # borne out ties them
        thin = False
    if not thin and reading.act < ACT_AT_LEAST:
        reading.missing.append(f"the passage names who or what, but holds only {reading.act:.0%} of what the statement "
                               f"says of them")
    if reading.missing or thin or reading.novel > NOVEL_AT_MOST:
        reasons = reading.missing or (
            [f"the closest passage covers only {cover:.0%} of the statement"] if thin
            else [f"{reading.novel:.0%} of the statement is in words the source never uses"])
        confidence = 0.7 if reading.missing else 0.55
        return VerifyResult(statement=statement, label="not_found", confidence=confidence,
                            evidence=evidence, rationale=f"{where} does not bear this out: " + "; ".join(reasons))
    agreed = f"its figures and dates agree ({'; '.join(reading.agreed)}), " if reading.agreed else ""
    return VerifyResult(statement=statement, label="supported", confidence=round(min(0.9, 0.45 + 0.45 * cover), 2),
                        evidence=evidence,
                        rationale=f"{where} states it: {agreed}no negation or opposite word, and the passage "
                                  f"covers {cover:.0%} of the statement's content")
