"""The one fake OpenAI-compatible endpoint: a pure function from a chat-completions request to its answer.

`answer(request)` reads a `POST /v1/chat/completions` body the way a model would and returns the
`chat.completion` body, in the request's mode (a tool call for `tools`, JSON content for
`json_schema`/`json`, JSON in a markdown fence for `md_json`):

- the task is the title of the schema asked for (the tool's name, the json_schema's name, or the
  schema instructor writes into the prompt): for the llm engine's answer models (`TASKS`) the answer
  is what a careful model gives, grounded in the fenced blocks of the prompt (`task_payload`): the
  first two body sentences as the summary, every body sentence as a claim (its first eight words
  quoted), no contradictions, every statement supported by the first sentence of the first source;
- any other schema gets an instance of it (`instance`) whose ids and quotes are real: fields named
  like `sentence_id(s)` get ids of the numbered sentences in the prompt, fields named like
  `quote`/`text`/`evidence` those sentences verbatim, fields named like `claim_id` ids `c<n>` seen in
  the prompt; everything else the smallest value its schema allows;
- `usage` counts tokens with `count_tokens` (words and punctuation) over the messages and the schemas.

It is served two ways, both answering with this function:
- in-process: `FakeLLM` records every request, lets a test change one task's answer (`overrides`), and
  is an `httpx.MockTransport` that `app.engines.llm.client.use_transport` gives the llm engine's client
  (`with FakeLLM().serving(): ...`); no socket, no global patching;
- on loopback: `bench/fake_openai.py` (benchmarks, the Batch API, transport faults over real sockets).

respx stays for the tests of transport faults alone (tests/llm/test_deadline.py and the retry tests).
Nothing here imports the engine: only JSON Schema, the answer models' names and the prompt's fences.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import itertools
import json
import re
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

_TOKEN = re.compile(r"\w+|[^\w\s]")

# How prompts number sentences. The pattern with the most hits wins, so a numbered list in the
# instructions does not outvote the article. `12<TAB>text` is what app/engines/llm/analyze.py sends, `[12] text`
# what app/engines/llm/verify.py sends; the others keep the fake useful for other prompt styles.
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


# -- the request: its mode, schema and task -------------------------------------------------------------

#: The llm engine's answer models (app/engines/llm/schemas.py) by the task they answer: the schema's title.
TASKS = {"SummaryAnswer": "summary", "ClaimsAnswer": "claims", "SummaryClaimsAnswer": "summary_claims",
         "ContradictionsAnswer": "contradictions", "VerifyAnswer": "verify",
         "SummaryClaimsContradictionsAnswer": "summary_claims_contradictions"}
_FENCE = re.compile(r"<<<BEGIN (\w+) ([^>]*)>>>\n(.*?)\n<<<END \1 \2>>>", re.S)
_LISTED = re.compile(r"^\[?(\d+)(?:\] |\t)(?:\((heading|dateline)\) )?(.*)$")

Payload = dict[str, Any]


@dataclass(frozen=True)
class Shape:
    """How a request wants its answer: the mode, the schema, the tool's name (tools mode) and the task."""

    mode: str  # tools, json_schema, json, md_json, or text (no schema anywhere)
    schema: dict[str, Any]
    tool: str | None
    task: str  # a TASKS value, or the schema's title for any other schema ("" without one)


def shape(request: dict[str, Any]) -> Shape:
    """The mode, schema and task of a chat-completions request body."""
    messages = request.get("messages") or []
    fmt = request.get("response_format") or {}
    tools = request.get("tools") or []
    tool_name: str | None = None
    name = ""
    if tools:
        mode = "tools"
        choice = request.get("tool_choice")
        wanted = (choice.get("function") or {}).get("name") if isinstance(choice, dict) else None
        tool = next((t["function"] for t in tools if t.get("function", {}).get("name") == wanted), tools[0]["function"])
        tool_name, schema = tool.get("name"), tool.get("parameters", {})
        name = tool_name or ""
    elif fmt.get("type") == "json_schema":
        mode, schema = "json_schema", fmt.get("json_schema", {}).get("schema", {})
        name = fmt.get("json_schema", {}).get("name", "")
    else:
        found = schema_in_prompt(messages)
        mode = "json" if fmt.get("type") == "json_object" else "md_json" if found is not None else "text"
        schema = found or {}
    title = str(schema.get("title") or name)
    return Shape(mode, schema, tool_name, TASKS.get(title, TASKS.get(name, title)))


def fenced(text: str) -> dict[str, list[str]]:
    """The lines of the fenced blocks in a prompt, by kind (SOURCE blocks keyed 'SOURCE <id>')."""
    out: dict[str, list[str]] = {}
    for kind, tag, body in _FENCE.findall(text):
        key = f"SOURCE {tag.split()[0]}" if kind == "SOURCE" else kind
        out.setdefault(key, []).extend(body.splitlines())
    return out


def listed(lines: list[str]) -> list[tuple[int, str]]:
    """(id, text) of the numbered body sentences of a fenced block (headings and datelines left out)."""
    found = []
    for line in lines:
        m = _LISTED.match(line)
        if m and m.group(2) is None:
            found.append((int(m.group(1)), m.group(3)))
    return found


def task_payload(task: str, text: str) -> Payload | None:
    """What a careful model answers for one of the engine's tasks, from the prompt's fenced blocks; None for
    a task that is not the engine's."""
    blocks = fenced(text)
    if task == "summary":
        body = listed(blocks.get("ARTICLE", []))
        return {"summary": " ".join(t for _, t in body[:2]),
                "key_points": [{"text": t, "sentence_ids": [i]} for i, t in body[:2]]}
    if task == "claims":
        return {"claims": [{"sentence_id": i, "quote": " ".join(t.split()[:8]), "text": t, "speaker": None,
                            "type": "event", "checkworthy": 0.8} for i, t in listed(blocks.get("ARTICLE", []))]}
    if task == "summary_claims":
        return {**(task_payload("summary", text) or {}), **(task_payload("claims", text) or {})}
    if task == "summary_claims_contradictions":
        return {**(task_payload("summary_claims", text) or {}), **(task_payload("contradictions", text) or {})}
    if task == "contradictions":
        return {"contradictions": []}
    if task == "verify":
        source = next((k for k in blocks if k.startswith("SOURCE ")), None)
        evidence = listed(blocks[source])[:1] if source else []
        verdicts = []
        for line in blocks.get("STATEMENTS", []):
            number = int(line.split(". ", 1)[0])
            if evidence and source:
                sid, quote = evidence[0]
                verdicts.append({"statement_id": number, "label": "supported", "confidence": 0.8,
                                 "rationale": "the source says so",
                                 "evidence": [{"source_id": source.split()[1], "sentence_id": sid, "quote": quote}]})
            else:
                verdicts.append({"statement_id": number, "label": "not_found", "confidence": 0.5,
                                 "rationale": "nothing on it", "evidence": []})
        return {"verdicts": verdicts}
    return None


def payload(request: dict[str, Any], *, items: int = 3, ungrounded: bool = False) -> Any:
    """The answer's content for a request, before the mode's envelope (see the module docstring)."""
    found = shape(request)
    messages = request.get("messages") or []
    if not ungrounded:
        known = task_payload(found.task, message_text([m for m in messages if m.get("role") in {"system", "user"}]))
        if known is not None:
            return known
    return instance(found.schema, read_article(messages), items=items, ungrounded=ungrounded)


def completion(request: dict[str, Any], content: Any, *, index: int = 0,
               usage: tuple[int, int] | None = None) -> dict[str, Any]:
    """The chat.completion body carrying `content` (a str is sent as it is) the way the request's mode expects.
    `usage`: (prompt, completion) tokens; counted with `count_tokens` when not given."""
    found = shape(request)
    if isinstance(content, str):
        text = content
    elif found.mode == "text":  # no schema anywhere: a plain sentence of the article, as a chat model would say
        article = read_article(request.get("messages") or [])
        text = article.sentences[0][1] if article.sentences else "OK."
    else:
        text = json.dumps(content, ensure_ascii=False)
    message: dict[str, Any] = {"role": "assistant", "content": None}
    if found.mode == "tools":
        message["tool_calls"] = [{"id": f"call_{index}", "type": "function",
                                  "function": {"name": found.tool, "arguments": text}}]
    else:
        message["content"] = f"```json\n{text}\n```" if found.mode == "md_json" else text
    prompt, output = usage or (prompt_tokens(request), count_tokens(text))
    return {
        "id": f"chatcmpl-fake-{index}", "object": "chat.completion", "created": int(time.time()),
        "model": request.get("model", "fake-model"),
        "choices": [{"index": 0, "message": message, "logprobs": None,
                     "finish_reason": "tool_calls" if found.mode == "tools" else "stop"}],
        "usage": {"prompt_tokens": prompt, "completion_tokens": output, "total_tokens": prompt + output},
    }


def answer(request: dict[str, Any], *, index: int = 0, items: int = 3, bad: bool = False,
           ungrounded: bool = False) -> dict[str, Any]:
    """THE fake: the chat.completion body answering a chat-completions request body.

    `index` numbers the call (in ids); `items` is the length of the open lists of a schema that is not the
    engine's; `bad` answers JSON that does not fit the schema; `ungrounded` fits the schema but cites
    sentence 9999 with a made-up quote."""
    if bad:
        return completion(request, '{"this answer": "does not fit the schema"}', index=index)
    return completion(request, payload(request, items=items, ungrounded=ungrounded), index=index)


# -- served in-process ------------------------------------------------------------------------------------

BASE_URL = "http://llm.test/v1"


@dataclass
class Asked:
    """One request as the fake saw it."""

    task: str
    body: dict[str, Any]
    attempt: int  # 1 for the task's first request, 2 for its second, ...
    index: int  # 0 for the first request of any task, ...

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The request's chat messages."""
        return list(self.body["messages"])

    @property
    def text(self) -> str:
        """Every message's text joined: what the model was shown."""
        return "\n".join(m.get("content") or "" for m in self.messages if isinstance(m.get("content"), str))

    @property
    def mode(self) -> str:
        """The mode the request was sent in."""
        return shape(self.body).mode


# A test's change to one task's answer: (the default payload, the request) -> a payload, a str sent as the
# answer's content, an httpx.Response sent instead, or an awaitable of one (how a test makes the call hang);
# raising an httpx exception fails the call at the transport.
Override = Callable[[Payload, Asked], "Payload | str | httpx.Response | Awaitable[httpx.Response]"]


@dataclass
class FakeLLM:
    """`answer` served in-process as an httpx.MockTransport: records every request and answers it."""

    overrides: dict[str, Override] = field(default_factory=dict)
    asked: list[Asked] = field(default_factory=list)
    answered: list[dict[str, Any]] = field(default_factory=list)  # the completion bodies sent, in order

    def of(self, task: str) -> list[Asked]:
        """The requests made for one task, in order."""
        return [a for a in self.asked if a.task == task]

    def usage(self) -> tuple[int, int]:
        """(prompt, completion) tokens of every answer sent so far."""
        return (sum(a["usage"]["prompt_tokens"] for a in self.answered),
                sum(a["usage"]["completion_tokens"] for a in self.answered))

    def handle(self, request: httpx.Request) -> httpx.Response | Awaitable[httpx.Response]:
        """The transport's handler: only `POST .../chat/completions` is served."""
        if request.method != "POST" or not request.url.path.endswith("/chat/completions"):
            return httpx.Response(404, json={"error": {"message": f"no route {request.method} {request.url.path}"}})
        body = json.loads(request.content)
        task = shape(body).task
        asked = Asked(task, body, attempt=len(self.of(task)) + 1, index=len(self.asked))
        self.asked.append(asked)
        content: Any = payload(body)
        if task in self.overrides:
            content = self.overrides[task](content, asked)
        if isinstance(content, httpx.Response) or inspect.isawaitable(content):
            return content
        sent = completion(body, content, index=asked.index)
        self.answered.append(sent)
        return httpx.Response(200, json=sent)

    def transport(self) -> httpx.MockTransport:
        """An httpx transport that answers with this fake."""
        return httpx.MockTransport(self.handle)

    @contextlib.contextmanager
    def serving(self, base_url: str = BASE_URL) -> Iterator[FakeLLM]:
        """The llm engine's clients for `base_url` talk to this fake while the block runs."""
        from app.engines.llm.client import use_transport

        with use_transport(base_url, self.transport()):
            yield self
