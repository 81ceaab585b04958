"""Reading the tests' YAML data: with libyaml's C loader when PyYAML has it (the same data, about ten times less
CPU than the pure-Python SafeLoader; app/evals/fixtures.py reads the eval's fixtures the same way)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """The data of a UTF-8 YAML file, read as yaml.safe_load reads it."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
