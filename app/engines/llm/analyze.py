"""The llm engine's analysis: summary, claims and contradictions from any OpenAI-compatible endpoint.

Per article (COPYDESK_LLM_CALLS): `single`, the default, asks for the summary, the claims and the
contradictions in one call (when that call fails, the summary and the claims degrade and the contradictions are
asked for over the offline claims, as `combined` would); `combined` asks for the summary and the claims in one call, then for the
contradictions over the article and the list of its claims; `split` asks for the summary and the claims in two
concurrent calls, then the contradictions. Every call that returns spans sees the whole numbered article. Every
call's messages are the system rules, the fenced numbered article, then (contradictions after claims) the claim
list, then the task (and, in the json modes, the schema): the calls about one article share the system rules and
the article as a prefix the endpoint can cache. The deterministic checks run beside them; their findings are
merged with the model's. A part that fails after retries and re-asks degrades to the offline engine's result for
that part, with a warning; when no part could be had from the model, the request fails with 502 or 504 and a
Retry-After hint.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from app.checks import Finding, run_checks, same_finding
from app.cpu import Overloaded, run_cpu
from app.document import Document, Sentence
from app.engines.base import Analysis, AnalyzeOptions, SourceDocument, Verification
from app.engines.claims import extract_claims
from app.engines.llm import run as shared
from app.engines.llm.client import LLMCallError, LLMClient, shared_client
from app.engines.llm.run import M, Run
from app.engines.llm.schemas import (
    ArticleContext,
    ArticleContradictionAnswer,
    ClaimsAnswer,
    ContradictionAnswer,
    ContradictionsAnswer,
    SideAnswer,
    SummaryAnswer,
    SummaryClaimsAnswer,
    SummaryClaimsContradictionsAnswer,
)
from app.engines.llm.verify import verify_with_llm
from app.engines.offline import findings_to_contradictions
from app.engines.summary import summarise
from app.models import Claim, Contradiction, ContradictionSide, EngineName, KeyPoint, Span, Summary
from app.prompts import fence, prompt_version, prompts_dir
from app.settings import Settings

CHECKS_LATE = ("contradictions: the deterministic checks did not finish before the request deadline; "
               "their findings are left out")
T = TypeVar("T")
# Rough tokens per character of English news text; only used to decide when to split an article.
_CHARS_PER_TOKEN = 4


def _tag(document: Document) -> str:
    return document.sha256[:12]


def _line(sentence: Sentence) -> str:
    """`12<TAB>text`: the id and a tab (one token where `[12] ` takes three), then the sentence on one line."""
    marker = "" if sentence.kind == "body" else f"({sentence.kind}) "
    return f"{sentence.id}\t{marker}{' '.join(sentence.text.split())}"


def article_block(document: Document, sentences: list[Sentence] | None = None) -> str:
    """The fenced, numbered article: the same for every call about it, so it is a cacheable prefix."""
    lines = []
    if document.title:
        lines.append(f"Headline: {' '.join(document.title.split())}")
    if document.dateline is not None:
        lines.append(f"Published: {document.dateline.date.isoformat()}")
    lines.extend(_line(s) for s in (document.sentences if sentences is None else sentences))
    return fence("ARTICLE", _tag(document), "\n".join(lines))


def claims_block(document: Document, claims: list[Claim]) -> str:
    """The claims, fenced, for the contradiction call (which sees the numbered article before it): one line a
    claim, its id, the number of its sentence, its speaker in brackets, and its rewritten text only where that says
    more than the sentence (words copied from the sentence are not sent twice): `c3<TAB>12 (Speaker): the claim`.
    """
    sentences = {s.id: _words(s.text) for s in document.sentences}
    lines = []
    for c in claims:
        text = " ".join(c.text.split())
        line = f"{c.id}\t{c.sentence_id}{f' ({c.speaker})' if c.speaker else ''}"
        lines.append(line if _words(text) in sentences.get(c.sentence_id, "") else f"{line}: {text}")
    return fence("CLAIMS", _tag(document), "\n".join(lines))


_WORD = re.compile(r"[^\W_]+")  # a run of letters and digits (str.isalnum), linear


def _words(text: str) -> str:
    """The text's letters and digits, lower-cased, one space between runs (punctuation and spacing ignored)."""
    return " ".join(_WORD.findall(text)).lower()


def chunks(document: Document, budget_tokens: int) -> list[list[Sentence]]:
    """Body sentences in groups under the token budget, split at paragraph boundaries."""
    body = document.body
    if len(document.text) <= budget_tokens * _CHARS_PER_TOKEN:
        return [body] if body else []
    limit = budget_tokens * _CHARS_PER_TOKEN
    groups: list[list[Sentence]] = []
    current: list[Sentence] = []
    size = 0
    paragraphs: dict[int, list[Sentence]] = {}
    for s in body:
        paragraphs.setdefault(s.paragraph, []).append(s)
    for para in paragraphs.values():
        para_size = sum(len(s.text) for s in para)
        if current and size + para_size > limit:
            groups.append(current)
            current, size = [], 0
        for s in para:  # a paragraph over the budget on its own is split at sentences
            if current and size + len(s.text) > limit:
                groups.append(current)
                current, size = [], 0
            current.append(s)
            size += len(s.text)
    if current:
        groups.append(current)
    return groups


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _same_claim(a: Claim, b: Claim) -> bool:
    if a.sentence_id != b.sentence_id or not _overlap(a.span, b.span):
        return False
    shared = min(a.span.end, b.span.end) - max(a.span.start, b.span.start)
    return shared >= 0.5 * min(a.span.end - a.span.start, b.span.end - b.span.start)


def merge_contradictions(model: list[Contradiction], checks: list[Contradiction]) -> list[Contradiction]:
    """Checks' and model's contradictions, one per pair of passages; found_by names every finder."""
    merged = [c.model_copy(deep=True) for c in checks]
    for m in model:
        for c in merged:
            if same_finding(c.a.spans, c.b.spans, m.a.spans, m.b.spans):
                finders = dict.fromkeys([*m.found_by.split(" + "), *c.found_by.split(" + ")])
                c.found_by = " + ".join(finders)
                c.confidence = max(c.confidence, m.confidence)
                break
        else:
            merged.append(m.model_copy(deep=True))
    merged.sort(key=lambda c: min(s.start for s in c.a.spans + c.b.spans))
    for i, c in enumerate(merged, start=1):
        c.id = f"x{i}"
    return merged


class LLMEngine:
    """Summary, claims, contradictions and verification from an OpenAI-compatible endpoint."""

    name: EngineName = "llm"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.prompts = prompts_dir(settings.prompts_dir)

    def client(self) -> LLMClient:
        """The process's shared client (one connection pool and concurrency cap per loop)."""
        return shared_client(self.settings)

    def deadline(self) -> float:
        """The loop time by which the model's calls must be done for a request started now (run.deadline)."""
        return shared.deadline(self.settings)

    async def analyze(self, document: Document, options: AnalyzeOptions) -> Analysis:
        """The calls of COPYDESK_LLM_CALLS (see the module docstring); checks beside; degrade per part."""
        run = Run(self.deadline())
        parts = options.parts
        want_claims = bool(parts & {"claims", "contradictions"})
        first: asyncio.Future[_FirstParts]
        if self.single(document, parts):
            first = asyncio.ensure_future(_one_call(run.attempt(
                lambda: self._summary_claims_contradictions(document, options.summary_words, run)),
                contradictions=True))
        elif self.combined(document, "summary" in parts, want_claims):
            first = asyncio.ensure_future(_one_call(run.attempt(
                lambda: self._summary_claims(document, options.summary_words, run)), contradictions=False))
        else:
            summary_part = run.attempt(lambda: self._summary(document, options.summary_words, run)) \
                if "summary" in parts else _none()
            claims_part = run.attempt(lambda: self._claims(document, run)) if want_claims else _none()
            # gather starts both calls now (as tasks); _two_calls only names their results
            first = asyncio.ensure_future(_two_calls(asyncio.gather(summary_part, claims_part)))
        checks: asyncio.Future[list[Finding]] | None = None
        if "contradictions" in parts:
            # The checks are ~20 ms of pure Python: they run in a CPU worker process (app.cpu), not on a thread
            # of this one, so they neither hold the GIL the event loop needs to send and parse the model's calls
            # nor count against this process's one core, and they stop at the request's deadline. The first calls
            # reach the network first (each runs to its first wait on the endpoint), then the document goes to a
            # worker (pickled: ~0.3 ms).
            for _ in range(3):
                await asyncio.sleep(0)
            checks = asyncio.ensure_future(run_cpu(run_checks, document))
        try:
            return await self._finish(document, options, run, first, checks)
        finally:
            if checks is not None and not checks.done():
                checks.cancel()  # the answer failed before the checks were needed: stop them

    async def _finish(self, document: Document, options: AnalyzeOptions, run: Run,
                      first: asyncio.Future[_FirstParts],
                      checks: asyncio.Future[list[Finding]] | None) -> Analysis:
        """The answers of the first calls, their offline fallbacks (in a CPU worker, within the deadline), then
        the contradictions (asked now, unless the first call gave them: a failed call for every part degrades the
        summary and the claims and then asks for the contradictions over the offline claims)."""
        parts = options.parts
        answers = await first
        summary: Summary | LLMCallError | None = answers.summary
        claims: list[Claim] | LLMCallError | None = answers.claims
        given = answers.contradictions  # the model's contradictions, when the first call gave them
        if not run.answered and run.failures and asyncio.get_running_loop().time() >= run.deadline:
            # every call failed and no time is left for another: the answer is a 504/502 now, not after
            # offline fallbacks that would be thrown away (they made answers late when every call hung)
            run.raise_if_nothing()

        analysis = Analysis(model=self.settings.llm_model)
        if isinstance(summary, Summary) and summary.text and not summary.key_points and document.body:
            # every key point was dropped as ungrounded: nothing ties the summary's text to the article (the
            # summary check reads the key points), so it is treated as a failed part, not shown unchecked
            summary = LLMCallError("no key point of the summary could be grounded in the article")
            run.failures.append(summary)
        if isinstance(summary, LLMCallError):
            run.degrade("summary", summary, "the offline summary is returned instead")
            summary = await run_cpu(summarise, document, options.summary_words)
        if isinstance(claims, list) and not claims and run.dropped["claims"]:
            # the model gave claims and every one was dropped as ungrounded (schemas.settle counts the drops):
            # a failed part, not an article without claims
            claims = LLMCallError("no claim the model gave could be grounded in the article")
            run.failures.append(claims)
        if isinstance(claims, LLMCallError):
            run.degrade("claims", claims, "the offline claims are used instead")
            claims = await run_cpu(extract_claims, document)
        analysis.summary = summary if "summary" in parts else None
        analysis.claims = claims if "claims" in parts else None

        late = False
        if checks is not None:
            model: list[Contradiction] | LLMCallError = []
            if given is not None and not isinstance(given, LLMCallError):
                model = given
            elif claims:
                # asked now (after the claims, or, when the one call for every part failed, over the offline
                # claims, as `combined` would); the call does not wait for the checks: only the merge needs them
                model = await run.attempt(lambda: self._contradictions(document, claims, run))
            try:
                findings = await checks
            except Overloaded:  # the checks could not finish before the request's deadline: say so
                findings, late = [], True
                run.warnings.append(CHECKS_LATE)
            found = findings_to_contradictions(findings, claims or [])
            if isinstance(model, LLMCallError):
                run.degrade("contradictions", model, "only the deterministic checks' findings are returned")
                model = []
            analysis.contradictions = merge_contradictions(model, found)

        run.raise_if_nothing()
        analysis.prompt_version = prompt_version(run.labels)
        analysis.usage = run.usage
        analysis.degraded = bool(run.failures) or late
        analysis.warnings = run.warnings
        return analysis

    def single(self, document: Document, parts: frozenset[str] | set[str]) -> bool:
        """True when the summary, the claims and the contradictions are asked for in one call (COPYDESK_LLM_CALLS
        =single, the summary and the contradictions wanted, the article one chunk)."""
        return (self.settings.llm_calls == "single" and "summary" in parts and "contradictions" in parts
                and len(chunks(document, self.settings.llm_chunk_tokens)) <= 1)

    def combined(self, document: Document, summary: bool, claims: bool) -> bool:
        """True when the summary and the claims are asked for in one call (COPYDESK_LLM_CALLS=combined, or single
        without the contradictions; both wanted, the article one chunk)."""
        return (self.settings.llm_calls in ("combined", "single") and summary and claims
                and len(chunks(document, self.settings.llm_chunk_tokens)) <= 1)

    def messages(self, task: str, data: str, **values: object) -> tuple[list[dict[str, str]], set[str]]:
        """The chat messages of one call and its prompt labels (run.messages)."""
        return shared.messages(self.prompts, task, data, **values)

    async def ask(self, run: Run, task: str, data: str, model: type[M], context: object,
                  **values: object) -> M:
        """One grounded call (run.ask): render the prompt, ask, count usage, keep the warnings of dropped items and
        their counts (`Run.dropped`)."""
        return await shared.ask(run, self.settings, self.prompts, task, data, model, context, **values)

    async def _summary(self, document: Document, words: int, run: Run) -> Summary:
        context = ArticleContext(document, frozenset(s.id for s in document.body), words=words)
        answer = await self.ask(run, "summary", article_block(document), SummaryAnswer, context, words=words)
        return _to_summary(document, answer)

    async def _summary_claims(self, document: Document, words: int, run: Run) -> tuple[Summary, list[Claim]]:
        context = ArticleContext(document, frozenset(s.id for s in document.body), words=words)
        answer = await self.ask(run, "summary+claims", article_block(document), SummaryClaimsAnswer, context,
                                words=words)
        return _to_summary(document, answer), self._to_claims(_claims_of(answer))

    async def _summary_claims_contradictions(self, document: Document, words: int, run: Run
                                             ) -> tuple[Summary, list[Claim], list[Contradiction]]:
        """One call for the three parts; a contradiction's sides may cite any sentence of the article."""
        context = ArticleContext(document, frozenset(s.id for s in document.body), words=words,
                                 side_ids=frozenset(s.id for s in document.sentences))
        answer = await self.ask(run, "summary+claims+contradictions", article_block(document),
                                SummaryClaimsContradictionsAnswer, context, words=words)
        claims = self._to_claims(_claims_of(answer))
        return _to_summary(document, answer), claims, _to_contradictions(answer.contradictions, claims)

    async def _claims(self, document: Document, run: Run) -> list[Claim]:
        groups = chunks(document, self.settings.llm_chunk_tokens)
        if len(groups) <= 1:
            return self._to_claims(await self._claims_of(document, None, run))
        # a long article: one call per chunk, concurrently; a chunk that fails falls back alone
        results = await asyncio.gather(*(_catch(self._claims_of(document, g, run)) for g in groups))
        errors = [r for r in results if isinstance(r, LLMCallError)]
        if len(errors) == len(results):
            raise errors[0]
        found: list[Claim] = []
        offline: list[Claim] | None = None
        for index, (group, result) in enumerate(zip(groups, results, strict=True), start=1):
            if not isinstance(result, LLMCallError):
                found.extend(result)
                continue
            run.failures.append(result)
            run.warnings.append(f"claims: part {index} of {len(groups)}: {result.reason}; "
                                "the offline claims of that part are returned instead")
            offline = offline if offline is not None else await run_cpu(extract_claims, document)
            ids = {s.id for s in group}
            found.extend(c for c in offline if c.sentence_id in ids)
        return self._to_claims(found)

    async def _claims_of(self, document: Document, group: list[Sentence] | None, run: Run) -> list[Claim]:
        listed = document.body if group is None else group
        context = ArticleContext(document, frozenset(s.id for s in listed))
        data = article_block(document, None if group is None else _with_heads(document, group))
        answer = await self.ask(run, "claims", data, ClaimsAnswer, context)
        return _claims_of(answer)

    @staticmethod
    def _to_claims(found: list[Claim]) -> list[Claim]:
        """The claims in article order, one of each pair that is the same claim (same sentence, spans sharing
        half of the shorter), numbered c1, c2, ...; compared within a sentence only (linear in the claims)."""
        kept: list[Claim] = []
        by_sentence: dict[int, list[Claim]] = {}
        for claim in sorted(found, key=lambda c: (c.span.start, c.span.end)):
            same_sentence = by_sentence.setdefault(claim.sentence_id, [])
            if not any(_same_claim(claim, k) for k in same_sentence):
                same_sentence.append(claim)
                kept.append(claim)
        for i, claim in enumerate(kept, start=1):
            claim.id = f"c{i}"
        return kept

    async def _contradictions(self, document: Document, claims: list[Claim], run: Run) -> list[Contradiction]:
        """The contradiction call: the whole numbered article (the same block, so the same cacheable prefix, as the
        first call), then the claim list."""
        context = ArticleContext(document, frozenset(s.id for s in document.sentences),
                                 claim_ids=frozenset(c.id for c in claims))
        data = article_block(document) + "\n\n" + claims_block(document, claims)
        answer = await self.ask(run, "contradictions", data, ContradictionsAnswer, context)
        return _to_contradictions(answer.contradictions, claims)

    async def verify(self, statements: list[str], sources: list[SourceDocument]) -> Verification:
        """Batched calls over the sentences retrieved for each statement; evidence grounded as quotes (verify.py)."""
        return await verify_with_llm(self.settings, self.prompts, statements, sources)


def _to_summary(document: Document, answer: SummaryAnswer) -> Summary:
    points = [KeyPoint(text=p.text, sentence_ids=p.sentence_ids,
                       spans=[document.span(document.sentences[i].start, document.sentences[i].end)
                              for i in p.sentence_ids])
              for p in answer.key_points]
    return Summary(text=answer.summary.strip(), key_points=points)


def _to_contradictions(found: Sequence[ContradictionAnswer | ArticleContradictionAnswer],
                       claims: list[Claim]) -> list[Contradiction]:
    """The model's grounded contradictions, `m1`, `m2`, ...; a side's claim ids are those it names, else those of
    `claims` whose spans it overlaps."""
    out = []
    for i, c in enumerate(found, start=1):
        sides = []
        for side in (c.a, c.b):
            named = side.claim_ids if isinstance(side, SideAnswer) else []
            ids = named or [k.id for k in claims if _overlap(k.span, side.span)]
            sides.append(ContradictionSide(spans=[side.span], claim_ids=list(dict.fromkeys(ids))))
        out.append(Contradiction(id=f"m{i}", type=c.type, a=sides[0], b=sides[1], explanation=c.explanation,
                                 confidence=c.confidence, found_by="llm"))
    return out


def _claims_of(answer: ClaimsAnswer) -> list[Claim]:
    return [Claim(id="", text=c.text, span=c.span, sentence_id=c.sentence_id, speaker=c.speaker or None,
                  type=c.type, checkworthy=c.checkworthy) for c in answer.claims]


def _with_heads(document: Document, group: list[Sentence]) -> list[Sentence]:
    """A chunk's sentences plus the dateline, so each chunk still knows when it was written."""
    ids = {s.id for s in group}
    return [s for s in document.sentences if s.id in ids or s.kind == "dateline"]


async def _none() -> None:
    return None


@dataclass(frozen=True)
class _FirstParts:
    """What the first call or calls gave for each part: the part, the failure it degrades from, or None (not asked
    for; the contradictions: not asked for in the first call)."""

    summary: Summary | LLMCallError | None
    claims: list[Claim] | LLMCallError | None
    contradictions: list[Contradiction] | LLMCallError | None = None


async def _one_call(call: Awaitable[tuple[Summary, list[Claim]] | tuple[Summary, list[Claim], list[Contradiction]]
                                    | LLMCallError], *, contradictions: bool) -> _FirstParts:
    """The parts of one call's answer (summary, claims[, contradictions]), or its failure for each part it was
    asked for (every one of them degrades)."""
    result = await call
    if isinstance(result, LLMCallError):
        return _FirstParts(result, result, result if contradictions else None)
    if len(result) == 3:
        return _FirstParts(result[0], result[1], result[2])
    return _FirstParts(result[0], result[1])


async def _two_calls(calls: Awaitable[tuple[Summary | LLMCallError | None, list[Claim] | LLMCallError | None]]
                     ) -> _FirstParts:
    """The summary's and the claims' calls (each may fail, or not have been asked for)."""
    summary, claims = await calls
    return _FirstParts(summary, claims)


async def _catch(call: Awaitable[T]) -> T | LLMCallError:
    try:
        return await call
    except LLMCallError as exc:
        return exc
