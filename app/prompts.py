"""Prompts: one file per task in app/prompt_files/, versioned in the name, rendered by one function.

A call's messages are the system rules, then the data (the fenced article or
sources), then the task. The data is joined in as a plain string and never
passes through a template engine, so an article holding `{{ }}`, `{% %}` or
`$name` reaches the model byte for byte; only the task text has placeholders.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template

_FILE = re.compile(r"^(?P<name>[a-z_]+)\.v(?P<version>\d+)\.md$")


@dataclass(frozen=True)
class Prompt:
    """One prompt file: its task name, version and text."""

    name: str
    version: int
    text: str

    @property
    def label(self) -> str:
        """`claims.v1`: what meta.prompt_version is made of."""
        return f"{self.name}.v{self.version}"


def prompts_dir(configured: str | None = None) -> Path:
    """The prompts folder: the configured one (COPYDESK_PROMPTS_DIR), else the package's own `prompt_files/`,
    which ships in the wheel, so the llm engine works from any directory an installed copydesk runs in."""
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parent / "prompt_files"


@lru_cache(maxsize=64)
def load(name: str, directory: Path) -> Prompt:
    """The highest version of prompt `name` in `directory`."""
    found = [(int(m["version"]), path) for path in directory.glob(f"{name}.v*.md")
             if (m := _FILE.match(path.name)) and m["name"] == name]
    if not found:
        raise FileNotFoundError(f"no prompt {name}.v<N>.md in {directory}")
    version, path = max(found)
    return Prompt(name, version, path.read_text(encoding="utf-8").strip())


_UNSAFE = re.compile(r"[<>]")


def fence(kind: str, label: str, body: str) -> str:
    """Data between fence lines `<<<BEGIN kind label digest>>>` and `<<<END kind label digest>>>`.

    `digest` is 16 hex digits of the sha256 of everything the fence holds (kind, label and body: the
    headline, the HTML's title, a source id, every sentence), so nothing inside can forge the end line: it
    would have to contain the digest of itself. The same data gives the same fence, so a block stays a
    cacheable prompt prefix. `label` (a digest or a source id) is shown on one line, `<>` replaced.
    """
    digest = hashlib.sha256(f"{kind}\0{label}\0{body}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
    shown = " ".join(_UNSAFE.sub("_", label).split())  # one line, no fence brackets
    tag = f"{shown} {digest}" if shown else digest
    return f"<<<BEGIN {kind} {tag}>>>\n{body}\n<<<END {kind} {tag}>>>"


def render(task: str, data: str, *, directory: Path, **values: object) -> tuple[list[dict[str, str]], str]:
    """The chat messages of one call and the prompt label: system rules, then `data`, then the task.

    `values` fill `$name` placeholders of the task text only; `data` is joined in untouched.
    """
    system = load("system", directory)
    prompt = load(task, directory)
    task_text = Template(prompt.text).substitute({k: str(v) for k, v in values.items()})
    messages = [
        {"role": "system", "content": system.text},
        {"role": "user", "content": f"{data}\n\n{task_text}"},
    ]
    return messages, prompt.label


def prompt_version(labels: set[str]) -> str | None:
    """meta.prompt_version: `v1` when every prompt used is at v1, else the labels joined."""
    if not labels:
        return None
    versions = {label.rsplit(".", 1)[1] for label in labels}
    return versions.pop() if len(versions) == 1 else "+".join(sorted(labels))
