"""Scorers: pure functions from (a response as plain JSON data, the gold labels) to figures.

They never do I/O, so anyone can re-score the raw responses an eval run saved.
The rules are those of ../shared/FIXTURES.md; each function says which. Each family's score is a
dataclass, with its metric (the micro totals over fixtures, a TypedDict) beside its scorer;
`FixtureScore.as_dict()` and `totals()` give report.json's plain JSON shape.
Spans are `(start, end)` pairs of character offsets; a gold quote the text
lost (HTML extraction) is `None` and can never be hit.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, TypedDict

from app.evals.fixtures import LABELS, Fixture
from app.stats import balanced_accuracy, ratio

MAX_HIT_CHARS = 600  # a predicted span longer than this hits nothing: covering half the article proves nothing
Pair = tuple[int, int]


# -- spans ------------------------------------------------------------------------------------------

def span_of(item: Mapping[str, Any] | None) -> Pair | None:
    """The (start, end) of a span mapping, or None when it is missing or malformed."""
    if not isinstance(item, Mapping):
        return None
    start, end = item.get("start"), item.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or end < start:
        return None
    return start, end


def overlap(a: Pair | None, b: Pair | None) -> int:
    """Characters two spans share (0 when either is missing)."""
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def hits(predicted: Pair | None, gold: Pair | None) -> bool:
    """A predicted span hits a gold quote: at least one shared character, and at most 600 characters long."""
    return predicted is not None and predicted[1] - predicted[0] <= MAX_HIT_CHARS and overlap(predicted, gold) >= 1


def hits_any(predicted: Iterable[Pair | None], gold: Iterable[Pair | None]) -> bool:
    """True when any predicted span hits any gold span."""
    gold = list(gold)
    return any(hits(p, g) for p in predicted for g in gold)


def locate(text: str, quote: str) -> Pair | None:
    """Where a quote sits in `text`: exactly, else with white space runs matched loosely; None when lost.

    The loose match is for HTML, where extraction may turn a line break into a space;
    with several occurrences the first is taken (the loader made sure the page has one).
    """
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    words = quote.split()
    if not words:
        return None
    m = re.search(r"\s+".join(map(re.escape, words)), text)
    return (m.start(), m.end()) if m else None


def line_spans(text: str, line: str) -> list[Pair]:
    """Every line of `text` that is, trimmed and case aside, the boilerplate `line`.

    Whole lines only, so that boilerplate "Share" does not match "shareholders"; a boilerplate
    entry of three words or more also counts where it sits inside a longer line.
    """
    want = line.strip().casefold()
    out = [(m.start(), m.end()) for m in re.finditer(r"[^\r\n]+", text) if m.group().strip().casefold() == want]
    if not out and len(want.split()) >= 3:
        out = [(m.start(), m.end()) for m in re.finditer(re.escape(line.strip()), text, re.IGNORECASE)]
    return out


def has_term(text: str, term: str) -> bool:
    """A leak term as a whole word, case-insensitive."""
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE) is not None


def _side_spans(flag: Mapping[str, Any], side: str) -> list[Pair | None]:
    part = flag.get(side)
    spans = part.get("spans") if isinstance(part, Mapping) else None
    return [span_of(s) for s in spans] if isinstance(spans, list) else []


# -- contradictions ---------------------------------------------------------------------------------

def _max_matching(edges: list[list[int]]) -> dict[int, int]:
    """A maximum one-to-one matching of flags to gold items, {flag index: gold index}, where `edges[flag]` lists
    the gold items that flag may match (augmenting paths; both sides are small)."""
    gold_of: dict[int, int] = {}

    def augment(flag: int, seen: set[int]) -> bool:
        for g in edges[flag]:
            if g in seen:
                continue
            seen.add(g)
            if g not in gold_of or augment(gold_of[g], seen):
                gold_of[g] = flag
                return True
        return False

    for flag in range(len(edges)):
        augment(flag, set())
    return {flag: g for g, flag in gold_of.items()}


@dataclass
class ContradictionScore:
    """Flagged contradictions of one fixture against its gold ones.

    `missed` holds gold ids (the fixture's scorer puts each missed item's quotes there) and
    `false_positives` flag indexes (the fixture's scorer puts each flag's quotes there).
    """

    gold: int
    flagged: int
    tp: int
    fp: int
    fn: int
    tolerated: int
    duplicates: int
    leaked: int
    matched: dict[str, str]
    missed: list[Any]
    false_positives: list[Any]
    false_alarm: bool = False


class ContradictionTotals(TypedDict):
    """report.json's `totals.contradictions`: micro counts and ratios (None when their denominator is 0)."""

    gold: int
    flagged: int
    tp: int
    fp: int
    fn: int
    precision: float | None
    recall: float | None
    f1: float | None
    false_alarm_rate: float | None
    clean_controls: int
    tolerated: int
    duplicates: int
    leaked: int


def contradiction_totals(scores: Sequence[ContradictionScore], clean_controls: Sequence[bool]) -> ContradictionTotals:
    """The metric: micro precision, recall, F1, and the share of clean controls with a false positive."""
    tp, fp, fn = (sum(getattr(x, k) for x in scores) for k in ("tp", "fp", "fn"))
    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision and recall else (
        0.0 if precision is not None and recall is not None else None)
    clean = [x for x, is_clean in zip(scores, clean_controls, strict=True) if is_clean]
    return {"gold": sum(x.gold for x in scores), "flagged": sum(x.flagged for x in scores), "tp": tp, "fp": fp,
            "fn": fn, "precision": precision, "recall": recall, "f1": f1,
            "false_alarm_rate": ratio(sum(1 for x in clean if x.fp), len(clean)),
            "clean_controls": len(clean), "tolerated": sum(x.tolerated for x in scores),
            "duplicates": sum(x.duplicates for x in scores), "leaked": sum(x.leaked for x in scores)}


def score_contradictions(flags: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]],
                         tolerated: Sequence[Pair | None], boilerplate: Sequence[Pair] = ()) -> ContradictionScore:
    """tp/fp/fn of flagged contradictions against gold ones.

    `gold` items are `{"id", "a": [span|None], "b": [span|None]}`. A flag matches gold X when one
    side hits a quote of X.a and the other a quote of X.b; matching is one-to-one (maximum
    matching). A flag left unmatched that hits no tolerated quote is a false positive; that
    includes a second flag of an already matched item, which is also counted in `duplicates`.
    """
    edges: list[list[int]] = []
    for flag in flags:
        a, b = _side_spans(flag, "a"), _side_spans(flag, "b")
        edges.append([i for i, g in enumerate(gold)
                      if (hits_any(a, g["a"]) and hits_any(b, g["b"]))
                      or (hits_any(a, g["b"]) and hits_any(b, g["a"]))])
    matched = _max_matching(edges)
    fp: list[int] = []
    tolerated_hits = duplicates = leaked = 0
    for i, flag in enumerate(flags):
        spans = _side_spans(flag, "a") + _side_spans(flag, "b")
        if any(overlap(s, line) for s in spans for line in boilerplate):
            leaked += 1
        if i in matched:
            continue
        if hits_any(spans, tolerated):
            tolerated_hits += 1
            continue
        fp.append(i)
        duplicates += bool(edges[i])
    found = set(matched.values())
    return ContradictionScore(
        gold=len(gold), flagged=len(flags), tp=len(matched), fp=len(fp), fn=len(gold) - len(found),
        tolerated=tolerated_hits, duplicates=duplicates, leaked=leaked,
        matched={str(flags[f].get("id", f)): gold[g]["id"] for f, g in sorted(matched.items())},
        missed=[g["id"] for i, g in enumerate(gold) if i not in found],
        false_positives=list(fp),
    )


# -- claims -----------------------------------------------------------------------------------------

def same_speaker(gold: str, predicted: str | None) -> bool:
    """Case-insensitive: the gold speaker's last word is in the predicted speaker, or the reverse."""
    if not predicted or not predicted.strip() or not gold.strip():
        return False

    def last_word(name: str) -> str:
        words = re.findall(r"[\w’'-]+", name)
        return words[-1] if words else name.strip()

    return has_term(predicted, last_word(gold)) or has_term(gold, last_word(predicted))


def grounded(claim: Mapping[str, Any], text: str) -> bool:
    """The claim has a span and `text[start:end]` is exactly its quoted text."""
    span = claim.get("span")
    pair = span_of(span)
    return isinstance(span, Mapping) and pair is not None and pair[1] <= len(text) \
        and text[pair[0]:pair[1]] == span.get("text")


@dataclass
class ClaimScore:
    """Predicted claims of one fixture against its must-have claims."""

    gold: int
    predicted: int
    hit: int
    recall: float | None
    speakers_judged: int
    speakers_right: int
    speaker_accuracy: float | None
    leaked: int
    ungrounded: int
    missed: list[str]
    wrong_speakers: list[dict[str, Any]]
    leaked_claims: list[int]
    ungrounded_claims: list[int]


class ClaimTotals(TypedDict):
    """report.json's `totals.claims`."""

    gold: int
    predicted: int
    hit: int
    recall: float | None
    speaker_accuracy: float | None
    speakers_judged: int
    leaked: int
    ungrounded: int


def claim_totals(scores: Sequence[ClaimScore]) -> ClaimTotals:
    """The metric: micro recall and speaker accuracy; leaked and ungrounded claims counted."""
    hit, gold = sum(c.hit for c in scores), sum(c.gold for c in scores)
    right, judged = sum(c.speakers_right for c in scores), sum(c.speakers_judged for c in scores)
    return {"gold": gold, "predicted": sum(c.predicted for c in scores), "hit": hit, "recall": ratio(hit, gold),
            "speaker_accuracy": ratio(right, judged), "speakers_judged": judged,
            "leaked": sum(c.leaked for c in scores), "ungrounded": sum(c.ungrounded for c in scores)}


def score_claims(claims: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]], text: str,
                 boilerplate: Sequence[Pair] = (), leak_terms: Sequence[str] = ()) -> ClaimScore:
    """Recall, speaker accuracy, leakage and grounding of predicted claims.

    `gold` items are `{"id", "span": span|None, "speaker": str|None}`. The speaker is judged on the
    predicted claim that overlaps the gold quote most.
    """
    spans = [span_of(c.get("span")) for c in claims]
    hit: list[str] = []
    missed: list[str] = []
    speakers_right: list[str] = []
    speakers_wrong: list[dict[str, Any]] = []
    for g in gold:
        best, best_overlap = None, 0
        for claim, span in zip(claims, spans):
            if hits(span, g["span"]) and overlap(span, g["span"]) > best_overlap:
                best, best_overlap = claim, overlap(span, g["span"])
        if best is None:
            missed.append(g["id"])
            continue
        hit.append(g["id"])
        if g.get("speaker"):
            if same_speaker(g["speaker"], best.get("speaker")):
                speakers_right.append(g["id"])
            else:
                speakers_wrong.append({"id": g["id"], "gold": g["speaker"], "predicted": best.get("speaker")})
    leaked = [i for i, (claim, span) in enumerate(zip(claims, spans))
              if any(overlap(span, line) for line in boilerplate)
              or any(has_term(str(claim.get("text") or ""), t) for t in leak_terms)]
    ungrounded = [i for i, claim in enumerate(claims) if not grounded(claim, text)]
    with_speaker = len(speakers_right) + len(speakers_wrong)
    return ClaimScore(
        gold=len(gold), predicted=len(claims), hit=len(hit), recall=ratio(len(hit), len(gold)),
        speakers_judged=with_speaker, speakers_right=len(speakers_right),
        speaker_accuracy=ratio(len(speakers_right), with_speaker),
        leaked=len(leaked), ungrounded=len(ungrounded),
        missed=missed, wrong_speakers=speakers_wrong,
        leaked_claims=leaked, ungrounded_claims=ungrounded,
    )


# -- summary ----------------------------------------------------------------------------------------

_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‑": "-", "\u00a0": " "})
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _fold(text: str) -> str:
    return text.translate(_FOLD).casefold()


def numbers(text: str) -> set[str]:
    """The numbers written in digits, thousands separators dropped ('412,000' -> '412000')."""
    out = set()
    for m in _NUMBER.finditer(text):
        token = m.group()
        # a comma followed by exactly three digits groups thousands; anything else is a decimal mark
        token = re.sub(r",(?=\d{3}(?!\d))", "", token).replace(",", ".")
        out.add(token)
    return out


def covered(summary: str, must: Sequence[Sequence[str]]) -> bool:
    """Every group has at least one alias in the summary (case-insensitive substring)."""
    folded = _fold(summary)
    return bool(must) and all(any(_fold(alias) in folded for alias in group) for group in must)


@dataclass
class SummaryScore:
    """One fixture's summary against its key points, length limit and leak terms."""

    present: bool
    key_points: int
    covered: int
    coverage: float | None
    missed: list[str]
    words: int
    max_words: int
    over_length: bool
    leaks: list[str]
    invented_numbers: list[str]


class SummaryTotals(TypedDict):
    """report.json's `totals.summary`: coverage, and the count of summaries with each fault."""

    key_points: int
    covered: int
    key_point_coverage: float | None
    leaks: int
    over_length: int
    invented_numbers: int
    missing: int


def summary_totals(scores: Sequence[SummaryScore]) -> SummaryTotals:
    """The metric: micro key-point coverage; summaries that leak, run over or are missing counted."""
    covered, points = sum(s.covered for s in scores), sum(s.key_points for s in scores)
    return {"key_points": points, "covered": covered, "key_point_coverage": ratio(covered, points),
            "leaks": sum(1 for s in scores if s.leaks), "over_length": sum(1 for s in scores if s.over_length),
            "invented_numbers": sum(len(s.invented_numbers) for s in scores),
            "missing": sum(1 for s in scores if not s.present)}


def score_summary(summary: Mapping[str, Any] | None, key_points: Sequence[Mapping[str, Any]], article: str,
                  max_words: int, leak_terms: Sequence[str] = ()) -> SummaryScore:
    """Key-point coverage, leaked terms, length against `max_words`, numbers the article never gives.

    `key_points` items are `{"id", "must": [[alias, ...], ...]}`. A missing summary covers nothing.
    """
    text = str(summary.get("text") or "") if isinstance(summary, Mapping) else ""
    done = [k["id"] for k in key_points if covered(text, k["must"])]
    words = len(text.split())
    invented = sorted(numbers(text) - numbers(article))
    leaks = [t for t in leak_terms if has_term(text, t)]
    return SummaryScore(
        present=bool(text), key_points=len(key_points), covered=len(done),
        coverage=ratio(len(done), len(key_points)),
        missed=[k["id"] for k in key_points if k["id"] not in done],
        words=words, max_words=max_words, over_length=words > max_words,
        leaks=leaks, invented_numbers=invented,
    )


# -- verification ---------------------------------------------------------------------------------
# (Knowledge errors, FIXTURES.md's statements false as of the dateline, are not scored: the public Claim carries
# no verdict, so no engine could be scored on them; report.json keeps their key, null, as FIXTURES.md shows.)


@dataclass
class VerifyScore:
    """One fixture's verdicts against its statements' gold labels."""

    statements: int
    correct: int
    supported_right: int
    supported: int
    not_supported_right: int
    not_supported: int
    supported_recall: float | None
    not_supported_recall: float | None
    balanced_accuracy: float | None
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)


class VerifyTotals(TypedDict):
    """report.json's `totals.verify`: `confusion[gold][predicted]` counts statements."""

    statements: int
    correct: int
    balanced_accuracy: float | None
    confusion: dict[str, dict[str, int]]


def verify_totals(scores: Sequence[VerifyScore]) -> VerifyTotals:
    """The metric: micro balanced accuracy (supported against not supported) and the summed confusion."""
    confusion = {g: {p: sum(v.confusion[g][p] for v in scores) for p in LABELS} for g in LABELS}
    return {"statements": sum(v.statements for v in scores), "correct": sum(v.correct for v in scores),
            "balanced_accuracy": balanced_accuracy(sum(v.supported_right for v in scores),
                                                   sum(v.supported for v in scores),
                                                   sum(v.not_supported_right for v in scores),
                                                   sum(v.not_supported for v in scores)),
            "confusion": confusion}


def score_verify(gold: Sequence[str], predicted: Sequence[str | None]) -> VerifyScore:
    """Balanced accuracy of supported against not supported, and the 3x3 confusion (gold -> predicted).

    A missing verdict (the call failed) counts as wrong on both sides.
    """
    confusion = {g: {p: 0 for p in LABELS} for g in LABELS}
    pos = [0, 0]  # [right, total] among gold supported
    neg = [0, 0]
    for g, p in zip(gold, predicted):
        if p in LABELS:
            confusion[g][p] += 1
        side = pos if g == "supported" else neg
        side[1] += 1
        side[0] += p is not None and (p == "supported") == (g == "supported")
    return VerifyScore(
        statements=len(gold), correct=sum(1 for g, p in zip(gold, predicted) if g == p),
        supported_right=pos[0], supported=pos[1], not_supported_right=neg[0], not_supported=neg[1],
        supported_recall=ratio(*pos), not_supported_recall=ratio(*neg),
        balanced_accuracy=balanced_accuracy(pos[0], pos[1], neg[0], neg[1]),
        confusion=confusion,
    )


# -- one fixture, and the totals --------------------------------------------------------------------

def response_text(fixture: Fixture, response: Mapping[str, Any] | None) -> str:
    """The text offsets refer to: the extracted `document.text` for HTML, else the text as sent."""
    if fixture.is_html:
        doc = (response or {}).get("document") or {}
        return str(doc.get("text") or "")
    return fixture.text


def _flag_summary(flag: Mapping[str, Any]) -> dict[str, Any]:
    """What an editor needs to see of a false contradiction: its quotes and why it was flagged."""
    def quotes(side: str) -> list[str]:
        part = flag.get(side)
        spans = part.get("spans") if isinstance(part, Mapping) else None
        return [str(s.get("text", "")) for s in spans or [] if isinstance(s, Mapping)]

    return {"id": flag.get("id"), "type": flag.get("type"), "found_by": flag.get("found_by"),
            "a": quotes("a"), "b": quotes("b"), "explanation": flag.get("explanation")}


@dataclass
class FixtureScore:
    """Every figure of one fixture; `as_dict()` is its entry in report.json's `per_fixture`."""

    id: str
    html: bool
    clean_control: bool
    lost_quotes: list[str]
    contradictions: ContradictionScore
    claims: ClaimScore
    summary: SummaryScore
    knowledge_errors: None  # not scored (see above); the key stays in report.json
    verify: VerifyScore | None

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON data, in report.json's shape."""
        return asdict(self)


def score_fixture(fixture: Fixture, response: Mapping[str, Any] | None, verdicts: Sequence[str | None] | None,
                  summary_words: int) -> FixtureScore:
    """Every figure of one fixture from its raw /v1/analyze response (None when the call failed)."""
    response = response or {}
    text = response_text(fixture, response)
    # with no text at all the call failed: that is the run's error, not quotes lost in extraction
    lost = [quote for _, quote in fixture.quotes() if locate(text, quote) is None] if text else []
    boilerplate = [s for line in fixture.boilerplate for s in line_spans(text, line)]
    claims = [c for c in response.get("claims") or [] if isinstance(c, Mapping)]
    flags = [x for x in response.get("contradictions") or [] if isinstance(x, Mapping)]
    gold_x = [{"id": x.id, "a": [locate(text, q) for q in x.a], "b": [locate(text, q) for q in x.b]}
              for x in fixture.contradictions or []]
    x = score_contradictions(flags, gold_x, [locate(text, q) for q in fixture.tolerated], boilerplate)
    x.false_alarm = fixture.is_clean_control and x.fp > 0
    x.missed = [{"id": g.id, "type": g.type, "a": list(g.a), "b": list(g.b)}
                for g in fixture.contradictions or [] if g.id in x.missed]
    x.false_positives = [_flag_summary(flags[i]) for i in x.false_positives]
    gold_c = [{"id": c.id, "span": locate(text, c.quote), "speaker": c.speaker} for c in fixture.claims]
    return FixtureScore(
        id=fixture.id, html=fixture.is_html, clean_control=fixture.is_clean_control, lost_quotes=lost,
        contradictions=x,
        claims=score_claims(claims, gold_c, text, boilerplate, fixture.leak_terms),
        summary=score_summary(response.get("summary"), [{"id": k.id, "must": k.must} for k in fixture.key_points],
                              text or fixture.text, fixture.max_words or summary_words, fixture.leak_terms),
        knowledge_errors=None,
        verify=score_verify([s.label for s in fixture.statements], list(verdicts)) if verdicts is not None else None,
    )


def _sum(items: Iterable[Mapping[str, Any] | None], key: str) -> int:
    return sum(int(i.get(key) or 0) for i in items if i is not None)


class RunTotals(TypedDict):
    """report.json's `totals.run`: how the calls went (seconds, tokens per article: None without runs)."""

    fixtures: int
    ok: int
    errors: int
    verify_errors: int
    schema_valid: int
    degraded: int
    seconds_per_article_median: float | None
    input_tokens: int
    output_tokens: int
    input_tokens_per_article: float | None
    output_tokens_per_article: float | None


def run_totals(runs: Sequence[Mapping[str, Any]]) -> RunTotals:
    """How the run went: errors, schema-valid and degraded answers, median seconds, tokens."""
    seconds = [r["seconds"] for r in runs if r.get("seconds") is not None]
    ok = sum(1 for r in runs if r.get("error") is None)
    tokens_in, tokens_out = _sum(runs, "input_tokens"), _sum(runs, "output_tokens")
    return {"fixtures": len(runs), "ok": ok, "errors": len(runs) - ok,
            "verify_errors": sum(1 for r in runs if r.get("verify_error")),
            "schema_valid": sum(1 for r in runs if r.get("schema_valid")),
            "degraded": sum(1 for r in runs if r.get("degraded")),
            "seconds_per_article_median": round(statistics.median(seconds), 4) if seconds else None,
            "input_tokens": tokens_in, "output_tokens": tokens_out,
            "input_tokens_per_article": ratio(tokens_in, len(runs)),
            "output_tokens_per_article": ratio(tokens_out, len(runs))}


class Totals(TypedDict):
    """report.json's `totals`: each family's metric (knowledge errors are not scored: always None)."""

    contradictions: ContradictionTotals
    claims: ClaimTotals
    summary: SummaryTotals
    knowledge_errors: None
    verify: VerifyTotals
    run: RunTotals


def totals(per_fixture: Sequence[FixtureScore], runs: Sequence[Mapping[str, Any]]) -> Totals:
    """Micro totals over every fixture, each family's by its own metric, in the shape of report.json's `totals`."""
    return {
        "contradictions": contradiction_totals([f.contradictions for f in per_fixture],
                                               [f.clean_control for f in per_fixture]),
        "claims": claim_totals([f.claims for f in per_fixture]),
        "summary": summary_totals([f.summary for f in per_fixture]),
        "knowledge_errors": None,
        "verify": verify_totals([f.verify for f in per_fixture if f.verify is not None]),
        "run": run_totals(runs),
    }
