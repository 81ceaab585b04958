"""The decisions API: POST /v1/decisions, GET /v1/decisions?article=..., GET /v1/decisions/export,
and the hook that applies decisions to /v1/analyze when it is given an `article_key`.

Mounted by app.api with `install(app, settings, guards)`; every route sits behind the same API-key and
rate-limit guards as /v1/analyze, and every failure is a problem+json answer (app.api's handlers).
"""

from __future__ import annotations

import csv
import io
import json
import logging
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from app.decisions import fingerprint
from app.decisions.apply import apply
from app.decisions.store import DatabaseUnavailable, Store, tenant_of
from app.models import AnalyzeResponse, Decision, DecisionList, DecisionRequest, Problem
from app.settings import Settings

log = logging.getLogger("copydesk.decisions")
PROBLEM = "application/problem+json"
EXPORT_FIELDS = ["article_key", "fingerprint", "decision", "correction", "note", "kind", "found_by", "span_hashes",
                 "decided_by", "decided_at", "created_at", "revision"]
UNAVAILABLE_WARNING = ("decisions: the decisions database is unavailable; the findings are shown without the "
                       "editors' decisions")


def _problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    descriptions = {400: "Malformed JSON (not UTF-8, or a syntax error: line and column given)",
                    401: "Missing or wrong API key", 408: "The body did not arrive in time", 404: "No such article for this API key",
                    413: "Too large", 415: "Not JSON", 422: "Invalid request, or an Idempotency-Key reused",
                    429: "Too many requests", 503: "Decisions database unavailable (see Retry-After)"}
    return {code: {"model": Problem, "content": {PROBLEM: {}}, "description": descriptions[code]} for code in codes}


def store_of(request: Request) -> Store:
    """The app's decisions store."""
    store: Store = request.app.state.decisions
    return store


def tenant(request: Request) -> str:
    """The caller's tenant: its API key's id, or the shared tenant when no key is configured."""
    return tenant_of(getattr(request.state, "client_id", None))


async def apply_decisions(request: Request, response: AnalyzeResponse, article_key: str) -> AnalyzeResponse:
    """Remember the analysis's findings for the article and apply its decisions; a database that is down
    leaves the answer as it was, with a warning."""
    try:
        decisions = await run_in_threadpool(store_of(request).remember_analysis, tenant(request), article_key,
                                            fingerprint.records(response))
    except DatabaseUnavailable:
        response.meta.warnings.append(UNAVAILABLE_WARNING)
        return response
    apply(response, article_key, decisions)
    return response


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    # a cell a spreadsheet would run as a formula (OWASP's CSV injection advice) is quoted with a '
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_text(decisions: list[Decision], fmt: Literal["jsonl", "csv"]) -> str:
    """Decisions as JSON lines (one Decision object a line) or CSV (header row; JSON in the correction and
    span_hashes cells; every other cell is the value's JSON form, so a time reads the same in both formats)."""
    if fmt == "jsonl":
        return "".join(d.model_dump_json() + "\n" for d in decisions)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_FIELDS)
    for d in decisions:
        row = d.model_dump(mode="json")
        writer.writerow([_csv_cell(row[f]) for f in EXPORT_FIELDS])
    return out.getvalue()


def router() -> APIRouter:
    """The /v1/decisions routes."""
    api = APIRouter(prefix="/v1/decisions", tags=["decisions"])

    @api.post("", response_model=Decision, status_code=201,
              responses={200: {"model": Decision, "description": "The same decision was already stored (or the "
                                                                 "Idempotency-Key replayed): nothing changed"},
                         **_problems(400, 401, 404, 408, 413, 415, 422, 429, 503)})
    async def post_decision(body: DecisionRequest, request: Request,
                            idempotency_key: Annotated[str | None, Header(
                                min_length=1, max_length=200,
                                description="makes a retried POST safe: the same key answers the stored decision")
                            ] = None) -> JSONResponse:
        """Record an editor's decision on one finding (accepted, dismissed or corrected); the latest wins."""
        decision, created, replayed = await run_in_threadpool(store_of(request).decide, tenant(request), body,
                                                              idempotency_key)
        headers = {"Idempotent-Replayed": "true"} if replayed else None
        return JSONResponse(decision.model_dump(mode="json"), status_code=201 if created else 200, headers=headers)

    @api.get("", response_model=DecisionList, responses=_problems(401, 404, 422, 429, 503))
    async def list_decisions(request: Request,
                             article: Annotated[str, Query(min_length=1, max_length=200,
                                                           description="the article_key")]) -> DecisionList:
        """The decisions on one article, oldest first (404 when this key never analysed it)."""
        decisions = await run_in_threadpool(store_of(request).for_article, tenant(request), article)
        return DecisionList(article_key=article, decisions=decisions)

    @api.get("/export", response_class=Response, responses={
        200: {"description": "JSON lines (one Decision a line) or CSV",
              "content": {"application/x-ndjson": {"schema": {"type": "string"}},
                          "text/csv": {"schema": {"type": "string"}}}},
        **_problems(401, 422, 429, 503)})
    async def export(request: Request,
                     format: Annotated[Literal["jsonl", "csv"],
                                       Query(description="jsonl or csv")] = "jsonl") -> Response:
        """Every decision of this API key (all articles), as JSON lines or CSV."""
        decisions = await run_in_threadpool(store_of(request).export, tenant(request))
        media = "application/x-ndjson" if format == "jsonl" else "text/csv; charset=utf-8"
        return Response(export_text(decisions, format), media_type=media, headers={
            "Content-Disposition": f'attachment; filename="copydesk-decisions.{format}"'})

    return api


def install(app: FastAPI, settings: Settings, guards: list[Any]) -> None:
    """Give the app its decisions store (made and migrated on first use) and the /v1/decisions routes."""
    app.state.decisions = Store.from_settings(settings)
    app.include_router(router(), dependencies=guards)
