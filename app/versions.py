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
  holds no prompt.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

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
PROMPT_CODE = ("engines/llm.py", "engines/llm_schemas.py", "engines/llm_verify.py")


@lru_cache(maxsize=8)
def prompt_hash(directory: Path) -> str | None:
    """The digest of the prompts in `directory` (highest version of each), or None when there are none."""
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
    return digest.hexdigest()[:12]
