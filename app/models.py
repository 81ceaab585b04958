"""The public contract (v1): request and response models of the API and CLI.

These names are relied on by clients; add fields freely, rename nothing.
`copydesk schemas` writes their JSON Schemas into schemas/.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = "1"

Part = Literal["summary", "claims", "contradictions"]
EngineName = Literal["offline", "llm"]
ClaimType = Literal["event", "quote", "statistic", "prediction", "opinion"]
ContradictionType = Literal["temporal", "numeric", "entity", "factual", "logical"]
Label = Literal["supported", "contradicted", "not_found"]
OffsetUnit = Literal["codepoint", "utf16"]
OFFSET_UNIT_DESCRIPTION = ("unit of every start/end in the response: codepoint (Python str indices, the default) "
                           "or utf16 (UTF-16 code units, JavaScript string indices); span texts are the same")

EXAMPLE_ARTICLE = (
    "Sunday, June 1, 2025\n\n"
    "President Vladimir Putin on Sunday called for direct, unconditional negotiations with "
    "Ukraine to be held in Istanbul this Thursday. “We are proposing that Kyiv resume direct "
    "negotiations without any preconditions,” Mr. Putin said.\n\n"
    "Ukrainian President Volodymyr Zelenskiy said Ukraine expects “a full, lasting and reliable "
    "ceasefire starting tomorrow, May 12.”\n\n"
    "The war began in February 2022. Officials hope two years of war might yet give way to peace."
)


class Span(BaseModel):
    """A slice of the article: `text == article[start:end]`."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class AnalyzeRequest(BaseModel):
    """POST /v1/analyze: an article as plain text or HTML."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"text": EXAMPLE_ARTICLE, "engine": "offline"}]},
    )

    text: str | None = Field(default=None, description="the article as plain text; exactly one of text and html")
    html: str | None = Field(default=None, description="the article as HTML (a fragment or a whole page)")
    title: str | None = Field(default=None, description="headline, if the CMS keeps it apart from the body")
    published_at: dt.date | None = Field(default=None, description="publication date, if known")
    include: list[Part] | None = Field(default=None, description="parts to compute; default all")
    summary_words: int = Field(default=120, ge=20, le=400, description="the summary's word limit")
    engine: EngineName | None = Field(default=None, description="offline or llm; default llm when configured")
    verify_summary: bool = Field(default=True, description="check the summary against the article")
    offset_unit: OffsetUnit = Field(default="codepoint", description=OFFSET_UNIT_DESCRIPTION)

    @field_validator("text", "html")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("must not be empty or only white space")
        return value

    @model_validator(mode="after")
    def _exactly_one_body(self) -> AnalyzeRequest:
        if (self.text is None) == (self.html is None):
            raise ValueError("exactly one of 'text' and 'html' is required")
        return self

    def parts(self) -> set[str]:
        """The parts the client asked for."""
        return set(self.include) if self.include is not None else {"summary", "claims", "contradictions"}


class DocumentInfo(BaseModel):
    """What Copydesk made of the text it was given."""

    text: str | None = Field(default=None, description="only for HTML input: the extracted text offsets refer to")
    sha256: str
    dateline: dt.date | None = None
    dateline_weekday: str | None = Field(default=None, description="the weekday printed beside the dateline")
    dateline_source: Literal["text", "request"] | None = None
    sentences: int
    furniture: list[Span] = Field(default_factory=list, description="page furniture that no engine used")
    headings: list[Span] = Field(default_factory=list)


class KeyPoint(BaseModel):
    """One point of the summary and the sentences it rests on."""

    text: str
    sentence_ids: list[int]
    spans: list[Span] = Field(default_factory=list)


class Summary(BaseModel):
    """A summary within the word limit."""

    text: str
    key_points: list[KeyPoint]


class Claim(BaseModel):
    """A check-worthy statement of the article, pinned to its span."""

    id: str
    text: str = Field(description="the claim, decontextualised so it reads alone")
    span: Span
    sentence_id: int
    speaker: str | None = None
    type: ClaimType
    checkworthy: float = Field(ge=0.0, le=1.0)


class ContradictionSide(BaseModel):
    """One side of a contradiction: the passages and the claims they belong to."""

    spans: list[Span]
    claim_ids: list[str] = Field(default_factory=list)


class Contradiction(BaseModel):
    """Two passages of the article that cannot both be true."""

    id: str
    type: ContradictionType
    a: ContradictionSide
    b: ContradictionSide
    explanation: str
    confidence: float = Field(ge=0.0, le=1.0)
    found_by: str = Field(description="check:<name> or llm; several joined by ' + '")


class Usage(BaseModel):
    """LLM usage summed over every call, retry and re-ask of one request."""

    input_tokens: int = 0
    output_tokens: int = 0
    calls: int = 0
    retries: int = 0
    reasks: int = 0


class Meta(BaseModel):
    """How the answer was made."""

    engine: EngineName
    model: str | None = None
    prompt_version: str | None = None
    prompt_hash: str | None = Field(default=None, description="digest of the prompt files the llm engine used")
    ruleset_version: str | None = Field(default=None, description="digest of the deterministic checks' rules")
    schema_version: str = SCHEMA_VERSION
    usage: Usage = Field(default_factory=Usage)
    duration_ms: float = 0.0
    degraded: bool = False
    warnings: list[str] = Field(default_factory=list)


class AnalyzeResponse(BaseModel):
    """POST /v1/analyze 200."""

    document: DocumentInfo
    summary: Summary | None = None
    claims: list[Claim] | None = None
    contradictions: list[Contradiction] | None = None
    meta: Meta


class Source(BaseModel):
    """A source to verify statements against."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=200)
    text: str | None = None
    html: str | None = None

    _not_blank = field_validator("text", "html")(AnalyzeRequest._not_blank.__func__)  # type: ignore[attr-defined]

    @model_validator(mode="after")
    def _exactly_one_body(self) -> Source:
        if (self.text is None) == (self.html is None):
            raise ValueError("exactly one of 'text' and 'html' is required")
        return self


class VerifyRequest(BaseModel):
    """POST /v1/verify: statements to check against sources."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "statements": ["Putin proposed talks in Istanbul.", "Putin proposed talks in Geneva."],
            "sources": [{"id": "article", "text": EXAMPLE_ARTICLE}],
            "engine": "offline",
        }]},
    )

    statements: list[str] = Field(min_length=1, max_length=100)
    sources: list[Source] = Field(min_length=1, max_length=20)
    engine: EngineName | None = None
    offset_unit: OffsetUnit = Field(default="codepoint", description=OFFSET_UNIT_DESCRIPTION)

    @field_validator("statements")
    @classmethod
    def _no_empty_statement(cls, value: list[str]) -> list[str]:
        for i, statement in enumerate(value):
            if not statement.strip():
                raise ValueError(f"statement {i} is empty")
        return value

    @model_validator(mode="after")
    def _unique_source_ids(self) -> VerifyRequest:
        ids = [s.id for s in self.sources]
        if len(ids) != len(set(ids)):
            raise ValueError("source ids must be unique")
        return self


class Evidence(BaseModel):
    """A passage of a source that bears on a statement."""

    source_id: str
    start: int
    end: int
    text: str


class VerifyResult(BaseModel):
    """The verdict on one statement."""

    statement: str
    label: Label
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: list[Evidence]
    rationale: str


class VerifyResponse(BaseModel):
    """POST /v1/verify 200."""

    results: list[VerifyResult]
    sources: dict[str, str] = Field(default_factory=dict,
                                    description="for HTML sources: the extracted text evidence offsets refer to")
    meta: Meta


class ProblemError(BaseModel):
    """One bad field of a request."""

    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """An RFC 9457 problem, as every error is answered."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    request_id: str | None = None
    errors: list[ProblemError] | None = None
