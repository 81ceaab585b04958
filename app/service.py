"""The core calls that the API, the CLI and the eval harness all make."""

from __future__ import annotations

import time

from app.cpu import Overloaded, request_deadline, run_cpu
from app.decisions import fingerprint
from app.document import Document
from app.engines import AnalyzeOptions, SourceDocument, get_engine
from app.errors import ArticleTooLarge, InvalidInput
from app.limits import check_html
from app.models import (
    AnalyzeRequest,
    AnalyzeResponse,
    DocumentInfo,
    KeyPoint,
    Meta,
    SummaryWarning,
    Usage,
    VerifyRequest,
    VerifyResponse,
    VerifyResult,
)
from app.offsets import analyze_to_utf16, verify_to_utf16
from app.settings import Settings
from app.versions import llm_prompt_hash, ruleset_version


def build_document(request: AnalyzeRequest, settings: Settings) -> Document:
    """The Document of a request, within the article size limit."""
    if request.text is not None:
        _check_size(len(request.text), settings, "text")
        document = Document(request.text, title=request.title, published_at=request.published_at)
    else:
        check_html(request.html or "", ["body", "html"])  # depth and attribute caps, before the parser (422)
        document = Document.from_html(request.html or "", title=request.title, published_at=request.published_at)
        _check_size(len(document.text), settings, "html")
    if not document.text.strip():
        raise _no_text(["body", "html"])
    return document


def _no_text(loc: list[str | int]) -> InvalidInput:
    """The one answer, on both endpoints, for HTML that holds no text (only scripts, styles, markup): 422."""
    return InvalidInput("the HTML holds no article text", errors=[
        {"loc": loc, "msg": "no article text found in the HTML", "type": "no_text"}])


def _check_size(chars: int, settings: Settings, field: str) -> None:
    if chars > settings.max_article_chars:
        raise ArticleTooLarge(
            f"the article has {chars:,} characters; the limit is {settings.max_article_chars:,}",
            errors=[{"loc": ["body", field], "msg": "article too large", "type": "too_large"}],
        )


def document_info(document: Document) -> DocumentInfo:
    """What the response says about the text offsets refer to."""
    dateline = document.dateline
    return DocumentInfo(
        text=document.text if document.is_html else None,
        sha256=document.sha256,
        dateline=dateline.date if dateline else None,
        dateline_weekday=dateline.weekday if dateline else None,
        dateline_source=dateline.source if dateline else None,
        sentences=len(document.body),
        furniture=document.furniture,
        headings=[document.span(h.start, h.end) for h in document.headings],
    )


def versions(engine: str, settings: Settings) -> dict[str, str | None]:
    """meta's version fields: the ruleset of the deterministic checks (both engines run them) and, for the llm
    engine, the digest of its prompts, request layout and the settings that shape its calls."""
    return {"ruleset_version": ruleset_version(),
            "prompt_hash": llm_prompt_hash(settings) if engine == "llm" else None}


#: analyses in progress in this process (`analyze`): a lone one builds a short text's Document here
_in_flight = 0
#: the longest text whose Document a lone analysis builds on the event loop (~3 ms for 8,000 characters)
INLINE_DOCUMENT_CHARS = 20_000


async def analyze(request: AnalyzeRequest, settings: Settings) -> AnalyzeResponse:
    """Analyse one article with the requested (or default) engine, within COPYDESK_REQUEST_DEADLINE_S from now
    (the CPU work and its waits included: app.cpu; `Overloaded` (503) when it cannot be done in time)."""
    global _in_flight
    _in_flight += 1
    try:
        with request_deadline(settings.request_deadline_s):
            return await _analyze(request, settings)
    finally:
        _in_flight -= 1


async def _document(request: AnalyzeRequest, settings: Settings) -> Document:
    """The request's Document: built in a CPU worker (HTML parsing, segmentation), except a plain text of at most
    INLINE_DOCUMENT_CHARS when no other analysis is in progress here, built on the event loop: there it would
    block no one, and the round trip to a worker (the request and the Document pickled, the worker woken) was
    most of the time before an llm engine's first call."""
    if _in_flight == 1 and request.text is not None and len(request.text) <= INLINE_DOCUMENT_CHARS:
        return build_document(request, settings)
    return await run_cpu(build_document, request, settings)


async def _analyze(request: AnalyzeRequest, settings: Settings) -> AnalyzeResponse:
    started = time.perf_counter()
    engine = get_engine(request.engine, settings)
    document = await _document(request, settings)
    options = AnalyzeOptions(parts=frozenset(request.parts()), summary_words=request.summary_words)
    analysis = await engine.analyze(document, options)
    warnings = list(analysis.warnings)
    degraded = analysis.degraded
    if request.verify_summary and analysis.summary is not None and analysis.summary.key_points:
        try:  # within the request's deadline (app.cpu), like all CPU work
            analysis.summary.warnings = await _check_summary(analysis.summary.key_points, document)
        except Overloaded:
            # the deadline came first: answer in time with the summary unchecked, and say so
            degraded = True
            warnings.append(SUMMARY_UNCHECKED)
        else:
            warnings.extend(w.message for w in analysis.summary.warnings)
    meta = Meta(
        engine=engine.name, model=analysis.model, prompt_version=analysis.prompt_version,
        usage=analysis.usage, duration_ms=round((time.perf_counter() - started) * 1000, 2),
        degraded=degraded, warnings=warnings, **versions(engine.name, settings),
    )
    contradictions = analysis.contradictions
    if contradictions and "claims" not in options.parts:
        # without the claim list in the answer, a claim id would point at nothing: the spans say where
        contradictions = [c.model_copy(update={"a": c.a.model_copy(update={"claim_ids": []}),
                                               "b": c.b.model_copy(update={"claim_ids": []})})
                          for c in contradictions]
    response = AnalyzeResponse(document=document_info(document), summary=analysis.summary,
                               claims=analysis.claims if "claims" in options.parts else None,
                               contradictions=contradictions, meta=meta)
    fingerprint.stamp(response)  # a stable id per finding, for editors' decisions (app/decisions)
    if request.offset_unit == "utf16":  # tens of ms for a long article with emoji: off the event loop
        return await run_cpu(analyze_to_utf16, response, document.text)
    return response


SUMMARY_UNCHECKED = ("summary check: not done before the request deadline; the key points were not checked "
                     "against the article")


async def _check_summary(key_points: list[KeyPoint], document: Document) -> list[SummaryWarning]:
    """A warning for each key point that the article does not support (a summary must never invent)."""
    # a key point that is the article's own sentences, word for word, needs no verifier
    to_check = [(i, k) for i, k in enumerate(key_points) if not _verbatim(k, document)]
    if not to_check:
        return []
    # CPU work (milliseconds, more for a long article): off the event loop
    results = await run_cpu(_verify_points, [k for _, k in to_check], document)
    return [SummaryWarning(key_point=i, text=k.text, label=r.label, rationale=r.rationale, spans=k.spans,
                           message=f"summary key point {i + 1} is not supported by the article "
                                   f"({r.label.replace('_', ' ')}): {r.rationale}").with_positions(r.positions)
            for (i, k), r in zip(to_check, results) if r.label != "supported"]


def _verify_points(points: list[KeyPoint], document: Document) -> list[VerifyResult]:
    """Each key point against the sentences it cites; only one they do not support is checked against the whole
    article (so a point that cites the wrong sentence is not flagged, and the article is indexed only then)."""
    from app.verify import verify_offline

    results = []
    for point in points:
        cited = [document.sentences[i] for i in point.sentence_ids if 0 <= i < len(document.sentences)]
        result = None
        if cited:
            passage = Document("\n\n".join(s.text for s in cited))
            result = verify_offline([point.text], [SourceDocument("article", passage)])[0]
        if result is None or result.label != "supported":
            result = verify_offline([point.text], [SourceDocument("article", document)])[0]
        results.append(result)
    return results


def _verbatim(point: KeyPoint, document: Document) -> bool:
    """True when the key point's text is exactly the article text of its spans (an extractive point)."""
    if not point.spans:
        return False
    quoted = " ".join(document.span(s.start, s.end).text for s in point.spans)
    return " ".join(point.text.split()) == " ".join(quoted.split())


def _source_documents(request: VerifyRequest, settings: Settings) -> list[SourceDocument]:
    """The Documents of the sources, each within the article size limit (HTML parsing, segmentation: CPU)."""
    sources: list[SourceDocument] = []
    for i, source in enumerate(request.sources):
        if source.text is not None:
            _check_size(len(source.text), settings, "sources")
            doc = Document(source.text)
        else:
            check_html(source.html or "", ["body", "sources", i, "html"])
            doc = Document.from_html(source.html or "")
            _check_size(len(doc.text), settings, "sources")
            if not doc.text.strip():
                raise _no_text(["body", "sources", i, "html"])
        sources.append(SourceDocument(source.id, doc))
    return sources


async def verify(request: VerifyRequest, settings: Settings) -> VerifyResponse:
    """Verdicts on statements against sources, within COPYDESK_REQUEST_DEADLINE_S from now (as `analyze`)."""
    with request_deadline(settings.request_deadline_s):
        return await _verify(request, settings)


async def _verify(request: VerifyRequest, settings: Settings) -> VerifyResponse:
    started = time.perf_counter()
    engine = get_engine(request.engine, settings)
    if len(request.statements) > settings.max_statements:
        raise InvalidInput(
            f"{len(request.statements)} statements; the limit is {settings.max_statements}",
            errors=[{"loc": ["body", "statements"], "msg": f"at most {settings.max_statements} statements",
                     "type": "too_long"}])
    sources = await run_cpu(_source_documents, request, settings)
    extracted = {s.id: s.document.text for s, given in zip(sources, request.sources) if given.html is not None}
    outcome = await engine.verify(request.statements, sources)
    meta = Meta(engine=engine.name, model=outcome.model, prompt_version=outcome.prompt_version,
                usage=outcome.usage or Usage(), duration_ms=round((time.perf_counter() - started) * 1000, 2),
                degraded=outcome.degraded, warnings=outcome.warnings, **versions(engine.name, settings))
    response = VerifyResponse(results=outcome.results, sources=extracted, meta=meta)
    if request.offset_unit == "utf16":
        return await run_cpu(verify_to_utf16, response, {s.id: s.document.text for s in sources})
    return response
