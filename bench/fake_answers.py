"""The answers of the fake OpenAI server: an instance of the request's JSON schema, grounded in the article.

The fake server reads the article from the prompt (the numbered sentences the llm engine sends) and
fills every field whose name says it is a sentence id, a quote or a claim id with a real id and a
verbatim sentence, so that the engine's grounding accepts the answer. Everything else gets the
smallest value its schema allows. Nothing here knows the engine's models: only JSON Schema and
field names.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from typing import Any

_TOKEN = re.compile(r"\w+|[^\w\s]")

# How prompts number sentences. The pattern with the most hits wins, so a numbered list in the
# instructions does not outvote the article. `12<TAB>text` is what app/engines/llm.py sends, `[12] text`
# what app/engines/llm_verify.py sends; the others keep the fake useful for other prompt styles.
_SENTENCE_PATTERNS = (
    re.compile(r"^(\d+)\t[ \t]*(\S.*?)[ \t]*$", re.M),
    re.compile(r"^[ \t]*\[[Ss]?(\d+)\][ \t]*(\S.*?)[ \t]*$", re.M),
    re.compile(r"<s(?:entence)?\s+id=\"?[Ss]?(\d+)\"?\s*>(.*?)</s(?:entence)?>", re.S),
    re.compile(r"^[ \t]*[Ss]?(\d+)[ \t]*[|:.)][ \t]+(\S.*?)[ \t]*$", re.M),
)
_KIND = re.compile(r"^\((?:heading|dateline|furniture|title|byline|caption)\)\s+")
_CLAIM_ID = re.compile(r"\b(c\d+)\b")
_NAME = re.compile(r"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+")
_QUOTE_FIELDS = ("quote", "span", "evidence", "excerpt", "verbatim", "text", "source_text", "passage")


def count_tokens(text: str) -> int:
    """Tokens as the fake server counts them: words and punctuation marks (close to BPE for English)."""
    return len(_TOKEN.findall(text))


def message_text(messages: list[dict[str, Any]]) -> str:
    """All the text of a chat's messages, in order."""
    parts: list[str] = []
    for message in messages:
        content = message.get("content")
        if isinstance(content, str):
            parts.append(content)
        elif isinstance(content, list):
            parts.extend(str(p.get("text", "")) for p in content if isinstance(p, dict))
        for call in message.get("tool_calls") or []:
            parts.append(str(call.get("function", {}).get("arguments", "")))
    return "\n".join(parts)


def schema_tokens(request: dict[str, Any]) -> int:
    """Input tokens of the tool definitions or response-format schema a request sends beside its messages."""
    tokens = count_tokens(json.dumps(request["tools"])) if request.get("tools") else 0
    fmt = request.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        tokens += count_tokens(json.dumps(fmt.get("json_schema", {})))
    return tokens


def prompt_tokens(request: dict[str, Any]) -> int:
    """Input tokens of a request: its messages plus the tool or response-format schemas it sends."""
    return count_tokens(message_text(request.get("messages") or [])) + schema_tokens(request)


_FENCED = re.compile(r"<<<BEGIN (\w+) [^>]*>>>\n.*?\n<<<END \1 [^>]*>>>", re.S)
#: OpenAI caches a repeated prompt prefix of at least this many tokens, then in steps of CACHE_STEP
CACHE_MIN, CACHE_STEP = 1024, 128


def sections(request: dict[str, Any]) -> dict[str, int]:
    """Input tokens of a request by part: `schema` (tools or response format), `system`, each fenced block by its
    kind (`ARTICLE`, `CLAIMS`, `SOURCE`, ...), and `task` (the rest of the other messages)."""
    out: dict[str, int] = {"schema": schema_tokens(request)}
    for message in request.get("messages") or []:
        text = message_text([message])
        if message.get("role") == "system":
            out["system"] = out.get("system", 0) + count_tokens(text)
            continue
        for m in _FENCED.finditer(text):
            out[m.group(1)] = out.get(m.group(1), 0) + count_tokens(m.group(0))
        out["task"] = out.get("task", 0) + count_tokens(_FENCED.sub(" ", text))
    return out


def prompt_stream(request: dict[str, Any]) -> list[str]:
    """The request's input tokens in the order a provider reads them: tool or schema definitions first (OpenAI
    puts them ahead of the messages), then each message's role and text."""
    tokens: list[str] = []
    if request.get("tools"):
        tokens += _TOKEN.findall(json.dumps(request["tools"]))
    fmt = request.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        tokens += _TOKEN.findall(json.dumps(fmt.get("json_schema", {})))
    for message in request.get("messages") or []:
        tokens.append(f"<{message.get('role')}>")
        tokens += _TOKEN.findall(message_text([message]))
    return tokens


def prefix_marks(request: dict[str, Any]) -> list[str]:
    """Digests of the request's cacheable prefixes: of its first 1024 tokens, 1152, 1280, ... up to its length.
    Two requests share a cacheable prefix of n tokens when their marks agree up to n."""
    import hashlib

    tokens = prompt_stream(request)
    marks = []
    digest = hashlib.sha1()
    done = 0
    for end in range(CACHE_MIN, len(tokens) + 1, CACHE_STEP):
        digest.update("\x00".join(tokens[done:end]).encode("utf-8", "surrogatepass") + b"\x00")
        done = end
        marks.append(digest.copy().hexdigest()[:12])
    return marks


def cached_tokens(marks: list[str], earlier: list[list[str]]) -> int:
    """Tokens of a request billed as cached: its longest cacheable prefix (`prefix_marks`) that an earlier,
    finished request also had, or 0."""
    best = 0
    for other in earlier:
        n = 0
        while n < min(len(marks), len(other)) and marks[n] == other[n]:
            n += 1
        best = max(best, n)
    return CACHE_MIN + CACHE_STEP * (best - 1) if best else 0


@dataclass
class Article:
    """What the fake server can see of the article: numbered sentences and claim ids."""

    sentences: list[tuple[int, str]] = field(default_factory=list)
    claim_ids: list[str] = field(default_factory=list)


def read_article(messages: list[dict[str, Any]]) -> Article:
    """The numbered sentences (and any claim ids like `c3`) in the prompt."""
    text = message_text([m for m in messages if m.get("role") in {"system", "user"}])
    best: list[tuple[int, str]] = []
    for pattern in _SENTENCE_PATTERNS:
        found = [(int(m.group(1)), m.group(2).strip()) for m in pattern.finditer(text) if m.group(2).strip()]
        if len(found) > len(best):
            best = found
    unique = list(dict(best).items())
    # `[3] (heading) …`: headings, datelines and furniture are listed but are not the article's body,
    # which is what ids must cite, so they are cited only when nothing else is listed.
    body = [(i, s) for i, s in unique if not _KIND.match(s)]
    claim_ids = list(dict.fromkeys(_CLAIM_ID.findall(text)))
    return Article(sentences=body or [(i, _KIND.sub("", s)) for i, s in unique], claim_ids=claim_ids)


def schema_in_prompt(messages: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The JSON schema that instructor's json/md_json modes write into the system prompt, if any."""
    text = message_text(messages)
    at = text.find("json_schema:")
    if at < 0:
        return None
    brace = text.find("{", at)
    if brace < 0:
        return None
    try:
        schema, _ = json.JSONDecoder().raw_decode(text[brace:])
    except json.JSONDecodeError:
        return None
    return schema if isinstance(schema, dict) else None


class Instance:
    """Builds one instance of a JSON schema, drawing ids and quotes from the article in turn."""

    def __init__(self, root: dict[str, Any], article: Article, items: int = 3, ungrounded: bool = False) -> None:
        self.defs: dict[str, Any] = {**root.get("definitions", {}), **root.get("$defs", {})}
        self.article = article
        self.items = items
        self.ungrounded = ungrounded
        self._sentences = itertools.cycle(article.sentences) if article.sentences else None
        self._claims = itertools.cycle(article.claim_ids) if article.claim_ids else None

    def next_sentence(self) -> tuple[int, str]:
        """The next article sentence (or an invented one when asked to be ungrounded)."""
        if self.ungrounded or self._sentences is None:
            return (9999, "This sentence appears nowhere in the article.")
        return next(self._sentences)

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        """The schema with its `$ref` followed (sibling keys win)."""
        while "$ref" in schema:
            target = self.defs.get(schema["$ref"].rsplit("/", 1)[-1], {})
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        return schema

    def build(self, schema: dict[str, Any], name: str = "", sentence: tuple[int, str] | None = None) -> Any:
        """A value that satisfies `schema`, for a field called `name`."""
        schema = self.resolve(schema)
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return schema["enum"][0]
        for key in ("anyOf", "oneOf"):
            if key in schema:
                options = [self.resolve(o) for o in schema[key]]
                if name.lower() == "speaker" and any(o.get("type") == "null" for o in options) and sentence:
                    if not _NAME.search(sentence[1]):
                        return None
                real = [o for o in options if o.get("type") != "null"] or options
                return self.build(real[0], name, sentence)
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                merged.update(self.resolve(part))
            return self.build(merged, name, sentence)
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        if kind is None:
            kind = "object" if "properties" in schema else "array" if "items" in schema else "string"
        return getattr(self, f"_{kind}", self._string)(schema, name, sentence)

    def _object(self, schema: dict[str, Any], name: str, sentence: tuple[int, str] | None) -> dict[str, Any]:
        props: dict[str, Any] = schema.get("properties", {})
        if any(_is_sentence(k) or _is_quote(k) for k in props):
            sentence = self.next_sentence()  # one sentence per object, so its id and quote agree
        return {key: self.build(sub, key, sentence) for key, sub in props.items()}

    def _array(self, schema: dict[str, Any], name: str, sentence: tuple[int, str] | None) -> list[Any]:
        item = self.resolve(schema.get("items", {}))
        low, high = schema.get("minItems", 0), schema.get("maxItems", 10**6)
        count = min(max(self.items, low), high)
        if _is_sentence(name) and sentence is not None:
            count = min(max(1, low), high)  # the sentence the object cites, not a list of others
        return [self.build(item, name, sentence) for _ in range(count)]

    def _integer(self, schema: dict[str, Any], name: str, sentence: tuple[int, str] | None) -> int:
        if _is_sentence(name):
            return (sentence or self.next_sentence())[0]
        low = schema.get("minimum", schema.get("exclusiveMinimum", -1) + 1)
        high = schema.get("maximum", schema.get("exclusiveMaximum", low + 2) - 1)
        return max(low, min(high, 1))

    def _number(self, schema: dict[str, Any], name: str, sentence: tuple[int, str] | None) -> float:
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0.0))
        high = schema.get("maximum", schema.get("exclusiveMaximum", low + 1.0))
        return round(low + 0.8 * (high - low), 3)

    def _boolean(self, schema: dict[str, Any], name: str, sentence: tuple[int, str] | None) -> bool:
        return bool(schema.get("default", False))

    def _null(self, schema: dict[str, Any], name: str, sentence: tuple[int, str] | None) -> None:
        return None

    def _string(self, schema: dict[str, Any], name: str, sentence: tuple[int, str] | None) -> str:
        lowered = name.lower()
        if schema.get("format") == "date":
            return "2025-06-01"
        if "claim" in lowered and "id" in lowered and self._claims is not None:
            return next(self._claims)
        sentence = sentence or self.next_sentence()
        if lowered == "speaker":
            found = _NAME.search(sentence[1])
            value = found.group(0) if found else "the article"
        elif _is_quote(lowered) or lowered in {"summary", "explanation", "rationale", "reason"}:
            value = sentence[1]
        else:
            value = sentence[1] if self.article.sentences else "fake"
        return _fit(value, schema.get("minLength", 0), schema.get("maxLength"))


def _is_sentence(name: str) -> bool:
    return "sentence" in name.lower()


def _is_quote(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in _QUOTE_FIELDS)


def _fit(value: str, low: int, high: int | None) -> str:
    """`value` cut at a word boundary to `high` characters, padded to `low`."""
    if high is not None and len(value) > high:
        value = value[:high].rsplit(" ", 1)[0] if " " in value[:high] else value[:high]
    return value.ljust(low, ".")


def instance(schema: dict[str, Any], article: Article, *, items: int = 3, ungrounded: bool = False) -> Any:
    """An instance of `schema` grounded in `article` (or, with `ungrounded`, citing text it does not hold)."""
    return Instance(schema, article, items=items, ungrounded=ungrounded).build(schema)
