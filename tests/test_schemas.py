"""schemas/ holds exactly the JSON Schemas of the public models."""

from __future__ import annotations

from app.schemas import render_schemas
from tests.conftest import ROOT


def test_schema_files_match_the_models():
    rendered = render_schemas()
    for name, text in rendered.items():
        path = ROOT / "schemas" / name
        assert path.exists(), f"{name} missing: run `make schemas`"
        assert path.read_text(encoding="utf-8") == text, f"{name} differs from the models: run `make schemas`"
    assert sorted(p.name for p in (ROOT / "schemas").glob("*.json")) == sorted(rendered)
