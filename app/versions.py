"""What made an answer: the ruleset version of the deterministic checks and the hash of the prompts.

Every `/v1/analyze` and `/v1/verify` `meta` and every `copydesk batch` row carries them, so that two
answers made by different rules or prompts are never mixed silently (a resumed batch refuses to
append to an output written under other versions).

- `ruleset_version()`: `rules-` and the first 12 hex digits of the sha256 over the source files of the
  deterministic layer (the checks, the fact layer, the offline engine's selection and the verifier),
  in path order. Any change to a rule changes it; a change elsewhere (the API, the CLI) does not.
- `prompt_hash(directory)`: the first 12 hex digits of the sha256 over the highest version of each
  prompt file, in name order, and over the code that lays out what the model is sent and must answer
  (`PROMPT_CODE`: the numbered article, the claim list, the answer schemas), or None when the folder
  holds no prompt. `llm_prompt_hash(settings)` also digests the settings that change which calls are made
  and how (`LLM_SHAPE_SETTINGS`: COPYDESK_LLM_CALLS, COPYDESK_LLM_MODE, COPYDESK_LLM_CHUNK_TOKENS): the
  same article asked in one combined call or in two, with tools or in JSON mode, is another answer, so a
  batch resumed under another setting refuses instead of mixing them. The API's `meta.prompt_hash` and
  every batch line carry this one.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.settings import Settings

_APP = Path(__file__).resolve().parent
#: folders and files (relative to app/) whose code decides the offline answers
RULESET_PARTS = ("checks", "facts", "verify", "engines/offline.py", "engines/claims.py", "engines/summary.py",
                 "attribution.py", "furniture.py")
_PROMPT = re.compile(r"^(?P<name>[a-z_]+)\.v(?P<version>\d+)\.md$")


@lru_cache(maxsize=1)
def ruleset_version() -> str:
    """`rules-<12 hex>`: the digest of the deterministic layer's source (see the module docstring)."""
    digest = hashlib.sha256()
    for part in RULESET_PARTS:
        path = _APP / part
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.is_file() else []
        for file in files:
            digest.update(str(file.relative_to(_APP)).encode())
            digest.update(b"\0")
            digest.update(file.read_bytes())
            digest.update(b"\0")
    return "rules-" + digest.hexdigest()[:12]


#: files (relative to app/) whose code shapes the llm engine's requests: the data layout and the schemas
PROMPT_CODE = ("engines/llm/analyze.py", "engines/llm/schemas.py", "engines/llm/verify.py")


#: the prompts an analysis with every part asks with, whatever COPYDESK_LLM_CALLS (their labels: meta.prompt_version)
ANALYSIS_PROMPTS = ("summary", "claims", "contradictions")


def llm_prompt_version(settings: Settings) -> str | None:
    """meta.prompt_version of an llm analysis with every part under `settings` (`app.prompts.prompt_version` of the
    highest version of each ANALYSIS_PROMPTS file), or None when the prompts folder lacks one of them."""
    from app.prompts import load, prompt_version, prompts_dir

    directory = prompts_dir(settings.prompts_dir)
    try:
        return prompt_version({load(name, directory).label for name in ANALYSIS_PROMPTS})
    except FileNotFoundError:
        return None


#: the settings that change the llm engine's calls (how many, their wire format, how an article is cut)
LLM_SHAPE_SETTINGS = ("llm_calls", "llm_mode", "llm_chunk_tokens")


def llm_prompt_hash(settings: Settings) -> str | None:
    """The prompt hash of the llm engine under `settings`: its prompts, its request-layout code and the
    LLM_SHAPE_SETTINGS' values (None when the prompts folder holds no prompt)."""
    from app.prompts import prompts_dir

    shape = tuple(f"{name}={getattr(settings, name)}" for name in LLM_SHAPE_SETTINGS)
    return prompt_hash(prompts_dir(settings.prompts_dir), shape)


@lru_cache(maxsize=8)
def prompt_hash(directory: Path, shape: tuple[str, ...] = ()) -> str | None:
    """The digest of the prompts in `directory` (highest version of each) and of `shape` (settings as
    `name=value`), or None when there are no prompts."""
    best: dict[str, tuple[int, Path]] = {}
    if directory.is_dir():
        for path in directory.glob("*.v*.md"):
            if (m := _PROMPT.match(path.name)) and int(m["version"]) >= best.get(m["name"], (-1, path))[0]:
                best[m["name"]] = (int(m["version"]), path)
    if not best:
        return None
    digest = hashlib.sha256()
    for name in sorted(best):
        version, path = best[name]
        digest.update(f"{name}.v{version}\0".encode())
        digest.update(path.read_bytes())
        digest.update(b"\0")
    for part in PROMPT_CODE:
        code = _APP / part
        if code.is_file():
            digest.update(f"{part}\0".encode())
            digest.update(code.read_bytes())
    for setting in shape:
        digest.update(f"\0{setting}".encode())
    return digest.hexdigest()[:12]
