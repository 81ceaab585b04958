"""What the model fills: sentence ids and verbatim quotes, never offsets.

The validators ground every item: sentence ids must be ones the prompt listed,
and each quote must align to the article (`Document.align`), which gives the
span. An item that fails is named, with the reason, in a ValueError, so
instructor re-asks; on the last attempt it is dropped and a warning names it.
The grounded span is kept on the item (`item.span`), so nothing downstream
ever makes a span of its own.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, Field, PrivateAttr, ValidationError, field_validator, model_validator

from app.document import Document
from app.engines.llm.client import current_call
from app.models import ClaimType, ContradictionType, Label, Span

M = TypeVar("M", bound="Grounded")
# A quote that sits outside the sentence it cites is still taken when it is this long (unambiguous).
_LONG_QUOTE = 20


@dataclass(frozen=True)
class ArticleContext:
    """What validators of an article answer need: the Document and the ids the prompt listed."""

    document: Document
    sentence_ids: frozenset[int]
    claim_ids: frozenset[str] = frozenset()
    words: int = 120
    side_ids: frozenset[int] | None = None  # the ids a contradiction side may cite, when not `sentence_ids`


@dataclass(frozen=True)
class SourcesContext:
    """What validators of a verification answer need: the sources and the ids the prompt listed."""

    sources: dict[str, Document]
    sentence_ids: dict[str, frozenset[int]]
    statement_ids: frozenset[int] = field(default_factory=frozenset)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def ground_quote(document: Document, allowed: frozenset[int], sentence_id: int,
                 quote: str) -> tuple[Span | None, int, str | None]:
    """The span of `quote` in or near sentence `sentence_id`, the sentence it is in, or the reason it fails."""
    if sentence_id not in allowed or not 0 <= sentence_id < len(document.sentences):
        return None, sentence_id, f"sentence id {sentence_id} does not exist; use an id listed above"
    sentence = document.sentences[sentence_id]
    hit = document.align(quote, near=sentence.start)
    if hit is None:
        return None, sentence_id, (f"the quote “{_short(quote)}” is not in sentence {sentence_id} nor anywhere "
                                   "in the text; copy the words exactly")
    span = hit.span
    if not (span.start < sentence.end and sentence.start < span.end):
        # the nearest occurrence may sit just before the cited sentence (a headline saying the same words)
        inside = Document(sentence.text).align(quote)
        if inside is not None:
            return document.span(sentence.start + inside.span.start, sentence.start + inside.span.end), \
                sentence_id, None
        other = document.sentence_at(span.start)
        if len(quote.strip()) < _LONG_QUOTE or other is None or other.id not in allowed:
            return None, sentence_id, f"the quote “{_short(quote)}” is not in sentence {sentence_id}"
        sentence_id = other.id  # the quote is unambiguous: trust the words over the id
    if document.is_furniture(span.start, span.end):
        return None, sentence_id, f"the quote “{_short(quote)}” is page furniture, not the article"
    return span, sentence_id, None


class Grounded(BaseModel):
    """An item the model fills; `ground` checks it against the call's context and says why it fails."""

    def ground(self, context: Any) -> str | None:  # pragma: no cover - every subclass overrides it
        """None when the item is grounded (its spans are then set), else the reason."""
        raise NotImplementedError

    def name(self) -> str:
        """How a warning names the item."""
        return type(self).__name__


def settle(label: str, raw: Any, item_model: type[M]) -> list[M]:
    """Validate and ground each item; re-ask with the reasons, or on the last attempt drop, warn and count the
    drops under `label` (`Call.dropped`, which the engine reads; the warning's words are for people)."""
    call = current_call()
    if not isinstance(raw, list):
        raise ValueError(f"`{label}` must be a list")
    kept: list[M] = []
    failures: list[tuple[int, str, str]] = []
    for i, value in enumerate(raw):
        try:
            item = item_model.model_validate(value)
        except ValidationError as exc:
            why = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'item'}: {e['msg']}" for e in exc.errors())
            failures.append((i, f"{label}[{i}]", why))
            continue
        reason = item.ground(call.context)
        if reason:
            failures.append((i, f"{label}[{i}] ({item.name()})", reason))
        else:
            kept.append(item)
    if failures and not call.final:
        raise ValueError("fix these items (or leave them out) and answer again with the whole list:\n"
                         + "\n".join(f"- {where}: {why}" for _, where, why in failures))
    for _, where, why in failures:
        call.warnings.append(f"dropped {where} after {call.max_reasks} re-asks: {why}")
    if failures:
        call.dropped[label] += len(failures)
    return kept


def _list_validator(label: str, item_model: Callable[[], type[M]]) -> Any:
    def check(_cls: type[BaseModel], raw: Any, _handler: Any) -> list[M]:
        return settle(label, raw, item_model())
    return field_validator(label, mode="wrap")(classmethod(check))


# Schema keys the model does not need to answer well: the task text says what each field means once,
# and pydantic still checks every bound (a value out of range is re-asked like an ungrounded quote).
_LEAN_DROP = frozenset({"title", "description", "default", "minLength", "maxLength", "minimum", "maximum",
                        "minItems", "maxItems", "exclusiveMinimum", "exclusiveMaximum"})


def lean_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A JSON schema without `$defs`/`$ref` (inlined), titles, descriptions, defaults and bounds.

    `anyOf: [X, null]` becomes `type: [X, "null"]`; an enum loses its redundant `type`. The top-level
    `title` stays: tools mode names the tool after it.
    """
    defs: dict[str, Any] = {**schema.get("$defs", {}), **schema.get("definitions", {})}

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(n) for n in node]
        if not isinstance(node, dict):
            return node
        while "$ref" in node:
            target = defs[node["$ref"].rsplit("/", 1)[-1]]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        options = node.get("anyOf")
        if isinstance(options, list) and len(options) == 2 and {"type": "null"} in options:
            other = walk(next(o for o in options if o != {"type": "null"}))
            if isinstance(other.get("type"), str) and set(other) == {"type"}:
                node = {**{k: v for k, v in node.items() if k != "anyOf"}, "type": [other["type"], "null"]}
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in _LEAN_DROP or key in ("$defs", "definitions"):
                continue
            if key == "properties":
                out[key] = {name: walk(sub) for name, sub in value.items()}
            else:
                out[key] = walk(value)
        if "enum" in out:
            out.pop("type", None)
        return out

    lean: dict[str, Any] = walk(schema)
    if "title" in schema:
        lean = {"title": schema["title"], **lean}
    return lean


class Answer(BaseModel):
    """A model the LLM fills: its JSON schema (in every instructor mode) is the lean one, computed once."""

    _schemas: ClassVar[dict[tuple[type, str], dict[str, Any]]] = {}

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The lean schema (`lean_schema`) of the model, the same dict content on every call."""
        key = (cls, repr((args, sorted(kwargs.items()))))
        cached = Answer._schemas.get(key)
        if cached is None:
            cached = Answer._schemas[key] = lean_schema(super().model_json_schema(*args, **kwargs))
        return copy.deepcopy(cached)


# -- summary ------------------------------------------------------------------
class KeyPointAnswer(Grounded):
    """One point of the summary and the sentences it rests on."""

    text: str = Field(min_length=1)
    sentence_ids: list[int] = Field(min_length=1)

    def ground(self, context: ArticleContext) -> str | None:
        unknown = [i for i in self.sentence_ids if i not in context.sentence_ids]
        if unknown:
            return f"sentence ids {unknown} do not exist; use ids listed above"
        return None

    def name(self) -> str:
        return f"key point “{_short(self.text, 40)}”"


class SummaryAnswer(Answer):
    """The summary and its key points."""

    summary: str = Field(min_length=1)
    key_points: list[KeyPointAnswer]

    ground_points: ClassVar[Any] = _list_validator("key_points", lambda: KeyPointAnswer)
    _warnings: list[str] = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _within_limit(self) -> SummaryAnswer:
        call = current_call()
        limit = call.context.words
        words = self.summary.split()
        if len(words) > limit:
            if not call.final:
                raise ValueError(f"the summary has {len(words)} words; the limit is {limit}: shorten it")
            self.summary = " ".join(words[:limit]).rstrip(",;:") + "…"
            call.warnings.append(f"summary cut to the {limit}-word limit after {call.max_reasks} re-asks")
        return self


# -- claims -------------------------------------------------------------------
class ClaimAnswer(Grounded):
    """One check-worthy claim: the sentence, the exact words, and the claim made to read alone."""

    sentence_id: int
    quote: str = Field(min_length=1)
    text: str = Field(min_length=1)
    speaker: str | None = None
    type: ClaimType
    checkworthy: float = Field(ge=0.0, le=1.0)

    _span: Span | None = PrivateAttr(default=None)

    @property
    def span(self) -> Span:
        """The grounded span (set by `ground`)."""
        assert self._span is not None, "ground() first"
        return self._span

    def ground(self, context: ArticleContext) -> str | None:
        span, sentence_id, reason = ground_quote(context.document, context.sentence_ids, self.sentence_id,
                                                 self.quote)
        if reason:
            return reason
        self._span, self.sentence_id = span, sentence_id
        return None

    def name(self) -> str:
        return f"claim in sentence {self.sentence_id} “{_short(self.text, 40)}”"


class ClaimsAnswer(Answer):
    """The article's check-worthy claims."""

    claims: list[ClaimAnswer]

    ground_claims: ClassVar[Any] = _list_validator("claims", lambda: ClaimAnswer)


class SummaryClaimsAnswer(ClaimsAnswer, SummaryAnswer):
    """The summary, its key points and the claims, in one answer (COPYDESK_LLM_CALLS=combined)."""


# -- contradictions -----------------------------------------------------------
class QuotedSide(BaseModel):
    """One side of a contradiction: a sentence and the words of it that clash."""

    sentence_id: int
    quote: str = Field(min_length=1)

    _span: Span | None = PrivateAttr(default=None)

    @property
    def span(self) -> Span:
        """The grounded span."""
        assert self._span is not None, "ground() first"
        return self._span


class SideAnswer(QuotedSide):
    """One side of a contradiction asked for over a list of claims: also the ids of the claims it makes."""

    claim_ids: list[str] = Field(default_factory=list)


def _ground_sides(context: ArticleContext, a: QuotedSide, b: QuotedSide) -> str | None:
    """Ground both sides (spans set), or the reason one fails: an id not listed, a quote not in its sentence, a
    claim id not listed, or both sides the same passage."""
    allowed = context.sentence_ids if context.side_ids is None else context.side_ids
    for label, side in (("a", a), ("b", b)):
        span, sentence_id, reason = ground_quote(context.document, allowed, side.sentence_id, side.quote)
        if reason:
            return f"side {label}: {reason}"
        unknown = [c for c in getattr(side, "claim_ids", []) if c not in context.claim_ids]
        if unknown:
            return f"side {label}: claim ids {unknown} do not exist"
        side._span, side.sentence_id = span, sentence_id
    if a.span.start < b.span.end and b.span.start < a.span.end:
        return "sides a and b are the same passage"
    return None


SideT = TypeVar("SideT", bound=QuotedSide)


class Contradiction(Grounded, Generic[SideT]):
    """The fields and the grounding both contradiction answers share; each names its kind of side. The fields are
    declared here, in the order the model sees them (type, a, b, explanation, confidence): the JSON schemas of
    the two answers are what they were when each declared its own (tests/llm/test_combined.py)."""

    type: ContradictionType
    a: SideT
    b: SideT
    explanation: str = Field(min_length=1)
    confidence: float = Field(ge=0.0, le=1.0)

    def ground(self, context: ArticleContext) -> str | None:
        return _ground_sides(context, self.a, self.b)

    def name(self) -> str:
        return f"{self.type} contradiction between sentences {self.a.sentence_id} and {self.b.sentence_id}"


class ContradictionAnswer(Contradiction[SideAnswer]):
    """Two passages of the article that cannot both be true."""


class ContradictionsAnswer(Answer):
    """The article's internal contradictions; empty when there are none."""

    contradictions: list[ContradictionAnswer]

    ground_contradictions: ClassVar[Any] = _list_validator("contradictions", lambda: ContradictionAnswer)


class ArticleContradictionAnswer(Contradiction[QuotedSide]):
    """Two passages of the article that cannot both be true, asked for in the same call as the claims (no claim
    ids yet: the claims a side makes are found from the spans)."""


class SummaryClaimsContradictionsAnswer(SummaryClaimsAnswer):
    """The summary, its key points, the claims and the contradictions, in one answer (COPYDESK_LLM_CALLS=single)."""

    contradictions: list[ArticleContradictionAnswer]

    ground_contradictions: ClassVar[Any] = _list_validator("contradictions", lambda: ArticleContradictionAnswer)


# -- verification -------------------------------------------------------------
class EvidenceAnswer(BaseModel):
    """A source passage that bears on a statement."""

    source_id: str
    sentence_id: int
    quote: str = Field(min_length=1)

    _span: Span | None = PrivateAttr(default=None)

    @property
    def span(self) -> Span:
        """The grounded span."""
        assert self._span is not None, "ground() first"
        return self._span


class VerdictAnswer(Grounded):
    """The verdict on one statement."""

    statement_id: int
    label: Label
    evidence: list[EvidenceAnswer] = Field(default_factory=list)
    confidence: float = Field(ge=0.0, le=1.0)
    rationale: str = Field(min_length=1)

    def ground(self, context: SourcesContext) -> str | None:
        if self.statement_id not in context.statement_ids:
            return f"statement id {self.statement_id} does not exist"
        call = current_call()
        kept: list[EvidenceAnswer] = []
        for i, ev in enumerate(self.evidence):
            document = context.sources.get(ev.source_id)
            if document is None:
                reason: str | None = f"evidence[{i}]: source id {ev.source_id!r} does not exist"
            else:
                span, sentence_id, reason = ground_quote(document, context.sentence_ids.get(ev.source_id, frozenset()),
                                                         ev.sentence_id, ev.quote)
                if reason:
                    reason = f"evidence[{i}]: {reason}"
                else:
                    ev._span, ev.sentence_id = span, sentence_id
                    kept.append(ev)
            if reason and not call.final:
                return reason
            if reason:
                call.warnings.append(f"statement {self.statement_id}: dropped {reason}")
        self.evidence = kept
        if self.label != "not_found" and not kept:
            return f"a {self.label} verdict needs evidence quoted from the sources"
        return None

    def name(self) -> str:
        return f"verdict on statement {self.statement_id}"


class VerifyAnswer(Answer):
    """One verdict per statement."""

    verdicts: list[VerdictAnswer]

    ground_verdicts: ClassVar[Any] = _list_validator("verdicts", lambda: VerdictAnswer)

    @model_validator(mode="after")
    def _every_statement(self) -> VerifyAnswer:
        call = current_call()
        seen: set[int] = set()
        unique = []
        for v in self.verdicts:
            if v.statement_id not in seen:  # a second verdict on one statement is ignored
                seen.add(v.statement_id)
                unique.append(v)
        self.verdicts = unique
        missing = sorted(call.context.statement_ids - seen)
        if missing and not call.final:
            raise ValueError(f"give a verdict for statements {[i for i in missing]} too")
        return self
