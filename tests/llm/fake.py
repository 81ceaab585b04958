"""A fake OpenAI-compatible endpoint for respx: it answers each task from what the request lists.

It reads the numbered sentences, claims and statements out of the prompt (as
a real model would), so its answers are grounded unless a test says otherwise,
and it shapes them for the request's mode: a tool call, JSON content, or JSON
in a markdown block.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

BASE_URL = "http://llm.test/v1"
URL = f"{BASE_URL}/chat/completions"
TASKS = {
    "Task: summarise": "summary",  # with "Task: list the check-worthy" after it: summary_claims
    "Task: list the check-worthy": "claims",
    "Task: find where": "contradictions",
    "Task: check each": "verify",
}
_SENTENCE = re.compile(r"^\[?(\d+)(?:\] |\t)(?:\((heading|dateline)\) )?(.*)$")
_FENCE = re.compile(r"<<<BEGIN (\w+) ([^>]*)>>>\n(.*?)\n<<<END \1 \2>>>", re.S)

Payload = dict[str, Any]
# A test's override: (default payload, the request, how many times this task was asked) -> a payload or a Response
Override = Callable[[Payload, "Asked"], "Payload | httpx.Response | str"]


@dataclass
class Asked:
    """One request as the fake saw it."""

    task: str
    body: dict[str, Any]
    attempt: int

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The request's chat messages."""
        return self.body["messages"]

    @property
    def text(self) -> str:
        """Every message's text joined: what the model was shown."""
        return "\n".join(m.get("content") or "" for m in self.messages if isinstance(m.get("content"), str))


def fenced(text: str) -> dict[str, list[str]]:
    """The bodies of the fenced blocks in a prompt, by kind (SOURCE blocks keyed 'SOURCE <id>')."""
    out: dict[str, list[str]] = {}
    for kind, tag, body in _FENCE.findall(text):
        key = f"SOURCE {tag.split()[0]}" if kind == "SOURCE" else kind
        out.setdefault(key, []).extend(body.splitlines())
    return out


def sentences(lines: list[str], body_only: bool = True) -> list[tuple[int, str]]:
    """(id, text) of the numbered sentence lines."""
    found = []
    for line in lines:
        m = _SENTENCE.match(line)
        if m and (not body_only or m.group(2) is None):
            found.append((int(m.group(1)), m.group(3)))
    return found


def default_payload(task: str, text: str) -> Payload:
    """A grounded answer for the task, built from what the prompt lists."""
    blocks = fenced(text)
    if task == "summary":
        listed = sentences(blocks["ARTICLE"])
        return {"summary": " ".join(t for _, t in listed[:2]),
                "key_points": [{"text": t, "sentence_ids": [i]} for i, t in listed[:2]]}
    if task == "summary_claims":
        return {**default_payload("summary", text), **default_payload("claims", text)}
    if task == "claims":
        return {"claims": [{"sentence_id": i, "quote": " ".join(t.split()[:8]), "text": t, "speaker": None,
                            "type": "event", "checkworthy": 0.8} for i, t in sentences(blocks["ARTICLE"])]}
    if task == "contradictions":
        return {"contradictions": []}
    statements = [(int(n), s) for n, s in (line.split(". ", 1) for line in blocks["STATEMENTS"])]
    verdicts = []
    for number, _ in statements:
        source = next((k for k in blocks if k.startswith("SOURCE ")), None)
        listed = sentences(blocks[source]) if source else []
        if listed:
            sid, stext = listed[0]
            verdicts.append({"statement_id": number, "label": "supported", "confidence": 0.8,
                             "rationale": "the source says so",
                             "evidence": [{"source_id": source.split()[1], "sentence_id": sid, "quote": stext}]})
        else:
            verdicts.append({"statement_id": number, "label": "not_found", "confidence": 0.5,
                             "rationale": "nothing on it", "evidence": []})
    return {"verdicts": verdicts}


def completion(body: dict[str, Any], payload: Payload | str, mode: str, *, prompt_tokens: int = 100,
               completion_tokens: int = 20) -> httpx.Response:
    """A chat.completion response carrying `payload` the way `mode` expects (a str is sent as is)."""
    raw = payload if isinstance(payload, str) else json.dumps(payload)
    message: dict[str, Any] = {"role": "assistant", "content": None}
    if mode == "tools":
        name = body["tools"][0]["function"]["name"]
        message["tool_calls"] = [{"id": "call_1", "type": "function", "function": {"name": name, "arguments": raw}}]
    elif mode == "md_json":
        message["content"] = f"Here is the answer.\n```json\n{raw}\n```"
    else:
        message["content"] = raw
    return httpx.Response(200, json={
        "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": body.get("model", "m"),
        "choices": [{"index": 0, "finish_reason": "stop", "message": message}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    })


@dataclass
class FakeLLM:
    """The respx side effect: records every request and answers it."""

    mode: str
    overrides: dict[str, Override] = field(default_factory=dict)
    asked: list[Asked] = field(default_factory=list)

    def of(self, task: str) -> list[Asked]:
        """The requests made for one task, in order."""
        return [a for a in self.asked if a.task == task]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        text = "\n".join(m.get("content") or "" for m in body["messages"] if isinstance(m.get("content"), str))
        task = next(name for marker, name in TASKS.items() if marker in text)
        if task == "summary" and "Task: list the check-worthy" in text:
            task = "summary_claims"
        asked = Asked(task, body, attempt=len(self.of(task)) + 1)
        self.asked.append(asked)
        payload: Payload | httpx.Response | str = default_payload(task, text)
        if task in self.overrides:
            payload = self.overrides[task](payload, asked)  # type: ignore[arg-type]
        if isinstance(payload, httpx.Response) or inspect.isawaitable(payload):
            return payload  # respx awaits an awaitable: how a test makes the server hang
        return completion(body, payload, self.mode)
