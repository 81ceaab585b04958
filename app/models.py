"""The public contract (v1): request and response models of the API and CLI.

These names are relied on by clients; add fields freely, rename nothing.
`copydesk schemas` writes their JSON Schemas into schemas/.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
    computed_field,
    field_validator,
    model_validator,
)

from app.warnings import WARNING_CODES, warning_codes

SCHEMA_VERSION = "1"
WarningCode = Literal[WARNING_CODES]  # type: ignore[valid-type]

Part = Literal["summary", "claims", "contradictions"]
EngineName = Literal["offline", "llm"]
ClaimType = Literal["event", "quote", "statistic", "prediction", "opinion"]
ContradictionType = Literal["temporal", "numeric", "entity", "factual", "logical"]
Label = Literal["supported", "contradicted", "not_found"]
OffsetUnit = Literal["codepoint", "utf16"]
OFFSET_UNIT_DESCRIPTION = ("unit of every start/end in the response: codepoint (Python str indices, the default) "
                           "or utf16 (UTF-16 code units, JavaScript string indices); span texts are the same")
FindingKind = Literal["claim", "contradiction", "summary_warning"]
DecisionValue = Literal["accepted", "dismissed", "corrected"]
FINGERPRINT_DESCRIPTION = ("a stable id of the finding across edits elsewhere in the article and across engines: "
                           "from its kind and the normalised text of its spans, never offsets or ids "
                           "(see app/decisions/fingerprint.py); send it to POST /v1/decisions")
# The shape of every fingerprint the API issues (app/decisions/fingerprint.py): "f", the recipe's version (f1 today;
# a later recipe raises it), "-", and 24 lowercase hex digits of a SHA-256. POST /v1/decisions refuses any other
# shape (a 422): a plugin that sends a claim id ("c1") or its own text has a bug, and such a decision could never
# match a finding. Read the same by Python's `re` and ECMA-262 (the schema's `pattern`).
FINGERPRINT_PATTERN = "^f[1-9][0-9]*-[0-9a-f]{24}$"
_FINGERPRINT = re.compile(FINGERPRINT_PATTERN)
FINGERPRINT_RULE = ("\"f\", the recipe's version, \"-\" and 24 lowercase hex digits (such as "
                    "f1-0123456789abcdef01234567), exactly as the analysis gave it in a finding's `fingerprint`")

EXAMPLE_ARTICLE = (
    "Sunday, June 1, 2025\n\n"
    "President Vladimir Putin on Sunday called for direct, unconditional negotiations with "
    "Ukraine to be held in Istanbul this Thursday. “We are proposing that Kyiv resume direct "
    "negotiations without any preconditions,” Mr. Putin said.\n\n"
    "Ukrainian President Volodymyr Zelenskiy said Ukraine expects “a full, lasting and reliable "
    "ceasefire starting tomorrow, May 12.”\n\n"
    "The war began in February 2022. Officials hope two years of war might yet give way to peace."
)


def _article_key(value: str | None) -> str | None:
    """An article key is text without control characters and without surrounding white space
    (ARTICLE_KEY_PATTERN, stated in the schema)."""
    if value is None:
        return None
    if not _ARTICLE_KEY.fullmatch(value):
        raise ValueError(f"must be {ARTICLE_KEY_RULE}")
    return value


class DecisionMark(BaseModel):
    """An editor's decision on a finding, as /v1/analyze with `article_key` applies it."""

    decision: Literal["accepted", "corrected"]
    decided_at: dt.datetime
    note: str | None = None
    original: dict[str, Any] | None = Field(
        default=None, description="corrected only: the engine's value of each field the editor corrected")


_SURROGATE = re.compile("[\ud800-\udfff]")
_DATETIME = TypeAdapter(dt.datetime)
_PRINTED_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def unicode_text(value: object) -> object:
    """`value` unchanged, unless a string in it holds a lone surrogate (JSON `"\\ud800"`): that is not Unicode
    text (it cannot be encoded as UTF-8), so it is refused as a validation error, never passed to the engines."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str) and (m := _SURROGATE.search(item)):
            raise ValueError(f"holds a lone surrogate (U+{ord(m.group()):04X}) at character {m.start()}: "
                             "not Unicode text")
    return value


def _date_of(value: object) -> object:
    if not isinstance(value, (str, dt.date)):  # JSON gives a string; a number is not a date (as the schema says)
        raise ValueError("must be a date string (YYYY-MM-DD) or an RFC 3339 timestamp")
    # A CMS sends timestamps ("2025-06-01T10:00:00Z"): the date is the one written in it, in its own zone.
    if isinstance(value, str) and len(value) > 10 and value[10:11] in ("T", "t", " "):
        try:
            return _DATETIME.validate_python(value).date()
        except ValidationError:
            raise ValueError("not a date (YYYY-MM-DD) or an RFC 3339 timestamp") from None
    # only a printed date: pydantic's lax date would read "0" as 1970-01-01 and "1773100800" as Unix seconds
    if isinstance(value, str) and _PRINTED_DATE.fullmatch(value) is None:
        raise ValueError("not a date (YYYY-MM-DD) or an RFC 3339 timestamp")
    return value


# Years 1000 to 8999: every reader may add or take days, weeks and years to a date without leaving the calendar
# (9999-12-31 has no tomorrow), and no newspaper is dated outside them. The schema states it as a pattern.
_YEARS = (1000, 8999)
_YEAR_PATTERN = "^[1-8][0-9]{3}-"


def _in_years(value: dt.date) -> dt.date:
    if not _YEARS[0] <= value.year <= _YEARS[1]:
        raise ValueError(f"the year must be between {_YEARS[0]} and {_YEARS[1]}")
    return value


PublishedAt = Annotated[
    dt.date,
    BeforeValidator(_date_of),
    AfterValidator(_in_years),
    WithJsonSchema({"anyOf": [{"type": "string", "format": "date", "pattern": _YEAR_PATTERN},
                              {"type": "string", "format": "date-time", "pattern": _YEAR_PATTERN}]}),
]
# White space as both Python's str.isspace() and ECMA-262's \\s know it: a string of only these is blank, and
# the schema's pattern (which JSON Schema tools read as ECMA-262) says the same as the server's check.
_SPACE = "\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_INK = re.compile(f"[^{_SPACE}]")
NON_BLANK = {"type": "string", "minLength": 1, "pattern": f"[^{_SPACE}]"}


def _not_blank(value: str) -> str:
    if not _INK.search(value):
        raise ValueError("must not be empty or only white space")
    return value


NonBlank = Annotated[str, AfterValidator(_not_blank), WithJsonSchema(NON_BLANK)]

# An article key: no control character (C0, DEL, C1) or line/paragraph separator anywhere, no white space at either
# end. One pattern, read the same by Python's `re` (the server) and ECMA-262 (the schema's `pattern`): explicit
# character classes only (as _SPACE).
_CONTROL = "\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029"
ARTICLE_KEY_PATTERN = f"^[^{_SPACE}{_CONTROL}](?:[^{_CONTROL}]*[^{_SPACE}{_CONTROL}])?$"
_ARTICLE_KEY = re.compile(ARTICLE_KEY_PATTERN)
ARTICLE_KEY_RULE = "text without control characters and without leading or trailing white space"


def _key_pattern(schema: dict[str, Any]) -> None:
    """ARTICLE_KEY_PATTERN on the string branch of an optional article key's schema."""
    for option in schema.get("anyOf", [schema]):
        if option.get("type") == "string":
            option["pattern"] = ARTICLE_KEY_PATTERN


def _one_of_text_html(schema: dict[str, Any]) -> None:
    """`oneOf` in the model's JSON Schema: exactly one of `text` and `html` is a string (the other absent or null)."""
    schema["oneOf"] = [
        {"required": [have], "properties": {have: {"type": "string"}, other: {"type": "null"}}}
        for have, other in (("text", "html"), ("html", "text"))
    ]


def _request_schema_extra(schema: dict[str, Any]) -> None:
    """AnalyzeRequest's JSON Schema: one of text and html, and the bundled article as its example."""
    _one_of_text_html(schema)
    schema.update(examples=[{"text": EXAMPLE_ARTICLE, "engine": "offline"}])


class Span(BaseModel):
    """A slice of the article: `text == article[start:end]`."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class AnalyzeRequest(BaseModel):
    """POST /v1/analyze: an article as plain text or HTML.

    Every rule here is in the JSON Schema too: exactly one of `text` and `html` (`oneOf`), strings that are not
    blank, `verify_summary` a JSON boolean (not 0 or "true"), `include` not empty. Strings holding a lone
    surrogate are refused (422).
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=_request_schema_extra,
    )

    text: NonBlank | None = Field(default=None,
                                  description="the article as plain text; exactly one of text and html")
    html: NonBlank | None = Field(default=None, description="the article as HTML (a fragment or a whole page)")
    title: str | None = Field(default=None, description="headline, if the CMS keeps it apart from the body")
    published_at: PublishedAt | None = Field(
        default=None, description="publication date, if known: a date, or a timestamp whose date is taken as written")
    include: list[Part] | None = Field(default=None, min_length=1,
                                       description="parts to compute (not empty); default all. Contradictions "
                                                   "without claims name no claim ids")
    summary_words: int = Field(default=120, ge=20, le=400, strict=True,
                               description="the summary's word limit (a JSON integer)")
    engine: EngineName | None = Field(default=None, description="offline or llm; default llm when configured")
    verify_summary: bool = Field(default=True, strict=True,
                                 description="check the summary against the article (a JSON boolean)")
    offset_unit: OffsetUnit = Field(default="codepoint", description=OFFSET_UNIT_DESCRIPTION)
    article_key: str | None = Field(
        default=None, min_length=1, max_length=200, json_schema_extra=_key_pattern,
        description=f"the CMS's id of the story ({ARTICLE_KEY_RULE}): findings the editors dismissed for it are left out (counted in "
                    "meta.decisions), accepted ones marked, corrections applied; the findings' fingerprints, kinds "
                    "and span hashes are remembered for it (never the article's text)")

    _unicode = field_validator("*")(classmethod(lambda _cls, v: unicode_text(v)))

    @model_validator(mode="after")
    def _exactly_one_body(self) -> AnalyzeRequest:
        if (self.text is None) == (self.html is None):
            raise ValueError("exactly one of 'text' and 'html' is required")
        return self

    @field_validator("article_key")
    @classmethod
    def _printable_key(cls, value: str | None) -> str | None:
        return _article_key(value)

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


class SummaryWarning(BaseModel):
    """A key point of the summary that the article does not support (also a line of meta.warnings)."""

    key_point: int = Field(ge=0, description="index into summary.key_points")
    text: str = Field(description="the key point")
    label: Label
    rationale: str
    spans: list[Span] = Field(default_factory=list, description="the passages the key point cites")
    message: str = Field(description="the same warning as the line in meta.warnings")
    fingerprint: str | None = Field(default=None, description=FINGERPRINT_DESCRIPTION)
    decision: DecisionMark | None = None
    # the positions written in `rationale`, as VerifyResult.positions (not serialised: for app.offsets)
    _positions: list[tuple[int, int, str | None]] = PrivateAttr(default_factory=list)

    @property
    def positions(self) -> list[tuple[int, int, str | None]]:
        """Where the rationale writes a position ("a–b" of the article; None: of the key point), as
        `VerifyResult.positions`."""
        return list(self._positions)

    def with_positions(self, positions: list[tuple[int, int, str | None]]) -> SummaryWarning:
        """A copy carrying the positions its rationale writes."""
        out = self.model_copy()
        out._positions = list(positions)
        return out


class Summary(BaseModel):
    """A summary within the word limit."""

    text: str
    key_points: list[KeyPoint]
    warnings: list[SummaryWarning] = Field(default_factory=list,
                                           description="key points the article does not support")


class Claim(BaseModel):
    """A check-worthy statement of the article, pinned to its span."""

    id: str
    text: str = Field(description="the claim, decontextualised so it reads alone")
    span: Span
    sentence_id: int
    speaker: str | None = None
    type: ClaimType
    checkworthy: float = Field(ge=0.0, le=1.0)
    fingerprint: str | None = Field(default=None, description=FINGERPRINT_DESCRIPTION)
    decision: DecisionMark | None = None


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
    fingerprint: str | None = Field(default=None, description=FINGERPRINT_DESCRIPTION)
    decision: DecisionMark | None = None


class Usage(BaseModel):
    """LLM usage summed over every call, retry and re-ask of one request."""

    input_tokens: int = 0
    output_tokens: int = 0
    calls: int = 0
    retries: int = 0
    reasks: int = 0


class DecisionsApplied(BaseModel):
    """What the editors' decisions on `article_key` changed in this answer."""

    article_key: str
    dismissed: int = Field(default=0, description="findings left out because an editor dismissed them")
    accepted: int = 0
    corrected: int = 0
    dismissed_fingerprints: list[str] = Field(default_factory=list)


class Meta(BaseModel):
    """How the answer was made."""

    engine: EngineName
    model: str | None = None
    prompt_version: str | None = None
    prompt_hash: str | None = Field(default=None, description="digest of the prompt files, the request layout and the call settings (COPYDESK_LLM_CALLS, _MODE, _CHUNK_TOKENS) the llm engine used")
    ruleset_version: str | None = Field(default=None, description="digest of the deterministic checks' rules")
    schema_version: str = SCHEMA_VERSION
    usage: Usage = Field(default_factory=Usage)
    duration_ms: float = 0.0
    degraded: bool = False
    warnings: list[str] = Field(default_factory=list, description="each distinct warning once, in the order first met")

    @field_validator("warnings")
    @classmethod
    def _once(cls, v: list[str]) -> list[str]:
        """Identical lines kept once, first first (re-asks and drops repeat the same words: a plugin shows
        each line)."""
        return list(dict.fromkeys(v))

    @computed_field(description="a stable code for each entry of `warnings`, in the same order (app/warnings.py)")  # type: ignore[prop-decorator]
    @property
    def warning_codes(self) -> list[WarningCode]:
        """The code of each warning: what a client can act on without parsing the text."""
        return warning_codes(self.warnings)
    decisions: DecisionsApplied | None = Field(
        default=None, description="with article_key, when the decisions database answered")


class AnalyzeResponse(BaseModel):
    """POST /v1/analyze 200."""

    document: DocumentInfo
    summary: Summary | None = None
    claims: list[Claim] | None = None
    contradictions: list[Contradiction] | None = None
    meta: Meta


class Source(BaseModel):
    """A source to verify statements against: exactly one of `text` and `html` (`oneOf` in the schema)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_one_of_text_html)

    id: str = Field(min_length=1, max_length=200)
    text: NonBlank | None = None
    html: NonBlank | None = None

    _unicode = field_validator("*")(classmethod(lambda _cls, v: unicode_text(v)))

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

    statements: list[NonBlank] = Field(min_length=1, max_length=100,
                                       description="at most 100 (COPYDESK_MAX_STATEMENTS can lower it); none blank")
    sources: list[Source] = Field(min_length=1, max_length=20,
                                  description="each `id` once (422 otherwise: evidence names its source by id)")
    engine: EngineName | None = None
    offset_unit: OffsetUnit = Field(default="codepoint", description=OFFSET_UNIT_DESCRIPTION)

    _unicode = field_validator("statements")(classmethod(lambda _cls, v: unicode_text(v)))

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
    # each position written in `rationale` ("characters 57–70"): (start, end) of its "57–70" in the rationale,
    # and the source id whose text the numbers index (None: the statement's). Not serialised: app.offsets
    # rewrites the numbers when a client asks for UTF-16 units.
    _positions: list[tuple[int, int, str | None]] = PrivateAttr(default_factory=list)

    @property
    def positions(self) -> list[tuple[int, int, str | None]]:
        """Where the rationale writes a position ("a–b", code points unless converted): (start, end) in the
        rationale and the source id it refers to (None: the statement)."""
        return list(self._positions)

    def with_rationale(self, rationale: str, positions: list[tuple[int, int, str | None]]) -> VerifyResult:
        """A copy with another rationale and the positions written in it."""
        out = self.model_copy(update={"rationale": rationale})
        out._positions = list(positions)
        return out


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
    line: int | None = Field(default=None, description="malformed JSON: the line of the fault (from 1)")
    column: int | None = Field(default=None, description="malformed JSON: the column of the fault (from 1)")
    offset: int | None = Field(default=None, description="a body that is not UTF-8: the offset of the bad byte")


PROBLEM_TYPES = ("malformed-json", "unauthorized", "request-timeout", "body-too-large", "unsupported-media-type",
                 "validation-error", "article-too-large", "engine-unavailable", "rate-limited", "overloaded",
                 "internal", "upstream-error", "upstream-timeout", "http-404", "http-405", "shutting-down")


class Problem(BaseModel):
    """An RFC 9457 problem, as every error is answered (media type application/problem+json)."""

    type: str = Field(description="https://copydesk.dev/problems/<name>, one of the listed URIs",
                      json_schema_extra={"enum": [f"https://copydesk.dev/problems/{t}" for t in PROBLEM_TYPES]})
    title: str
    status: int
    detail: str
    instance: str | None = None
    request_id: str | None = None
    errors: list[ProblemError] | None = None


class Correction(BaseModel):
    """What the editor corrected; only the fields given are applied (a null speaker means no speaker)."""

    model_config = ConfigDict(extra="forbid")

    speaker: str | None = Field(default=None, max_length=200, description="claims: the right speaker")
    type: str | None = Field(default=None, max_length=40, description="claims or contradictions: the right type")
    text: str | None = Field(default=None, max_length=2000, description="claims: the claim as it should read")
    explanation: str | None = Field(default=None, max_length=2000, description="contradictions")


def _decision_schema(schema: dict[str, Any]) -> None:
    """The example, and the rule `_correction_only_when_corrected` enforces, in the schema: `corrected` needs a
    correction with at least one field; `accepted` and `dismissed` take none (absent or null)."""
    schema["examples"] = [{"article_key": "cms-story-4711", "fingerprint": "f1-0123456789abcdef01234567",
                           "decision": "corrected", "correction": {"speaker": "Volodymyr Zelenskiy"},
                           "note": "the quote is Zelenskiy's"}]
    schema["oneOf"] = [
        {"required": ["decision", "correction"],
         "properties": {"decision": {"const": "corrected"}, "correction": {"type": "object", "minProperties": 1}}},
        {"required": ["decision"],
         "properties": {"decision": {"enum": ["accepted", "dismissed"]}, "correction": {"type": "null"}}},
    ]


class DecisionRequest(BaseModel):
    """POST /v1/decisions: an editor's decision on one finding of one article."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_decision_schema)

    article_key: str = Field(min_length=1, max_length=200, json_schema_extra={"pattern": ARTICLE_KEY_PATTERN},
                             description=f"the CMS's id of the story ({ARTICLE_KEY_RULE})")
    fingerprint: str = Field(min_length=1, max_length=64, json_schema_extra={"pattern": FINGERPRINT_PATTERN},
                             description=f"the finding's fingerprint: {FINGERPRINT_RULE}; another shape is a 422; "
                                         "one of that shape the server never saw is stored all the same")
    decision: DecisionValue
    correction: Correction | None = Field(default=None, description="required with decision=corrected, only then")
    note: str | None = Field(default=None, max_length=2000, description="the editor's note (at most 2,000 characters)")
    kind: FindingKind | None = Field(default=None, description="optional: the finding's kind, when the server "
                                                               "has not seen the fingerprint")
    found_by: str | None = Field(default=None, max_length=200, description="optional: the check that found it")

    @field_validator("article_key")
    @classmethod
    def _printable_key(cls, value: str) -> str | None:
        return _article_key(value)

    @field_validator("fingerprint")
    @classmethod
    def _issued_shape(cls, value: str) -> str:
        """A fingerprint has the shape the API issues (FINGERPRINT_PATTERN); ValueError (a 422) otherwise."""
        if not _FINGERPRINT.fullmatch(value):
            raise ValueError(f"must be {FINGERPRINT_RULE}")
        return value

    @model_validator(mode="after")
    def _correction_only_when_corrected(self) -> DecisionRequest:
        if self.decision == "corrected" and (self.correction is None or not self.correction.model_fields_set):
            raise ValueError("a corrected decision needs a correction with at least one field")
        if self.decision != "corrected" and self.correction is not None:
            raise ValueError(f"a correction goes only with decision=corrected, not {self.decision}")
        return self


class Decision(BaseModel):
    """One stored decision: the latest word of one key's editors on one finding of one article."""

    article_key: str
    fingerprint: str
    decision: DecisionValue
    correction: dict[str, Any] | None = None
    note: str | None = None
    kind: FindingKind | None = Field(default=None, description="null when the fingerprint was never analysed here")
    found_by: str | None = None
    span_hashes: list[str] = Field(default_factory=list,
                                   description="sha256 of each span's normalised text (never the text)")
    decided_by: str = Field(description="the client that decided: key:<digest prefix>, or 'shared' when open")
    decided_at: dt.datetime
    created_at: dt.datetime
    revision: int = Field(ge=1, description="1, plus one for each change of mind")


class DecisionList(BaseModel):
    """GET /v1/decisions?article=...: the article's decisions, oldest first."""

    article_key: str
    decisions: list[Decision]
