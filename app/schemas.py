"""JSON Schemas of the public models, written into schemas/ for CMS plugin authors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from app.models import (
    AnalyzeRequest,
    AnalyzeResponse,
    Decision,
    DecisionList,
    DecisionRequest,
    Problem,
    VerifyRequest,
    VerifyResponse,
)

PUBLIC_MODELS: dict[str, type[BaseModel]] = {
    "analyze-request": AnalyzeRequest,
    "analyze-response": AnalyzeResponse,
    "verify-request": VerifyRequest,
    "verify-response": VerifyResponse,
    "problem": Problem,
    "decision-request": DecisionRequest,
    "decision": Decision,
    "decision-list": DecisionList,
}


def render_schemas() -> dict[str, str]:
    """File name -> JSON text of every public schema."""
    mode: dict[str, Literal["validation", "serialization"]] = {
        "analyze-request": "validation", "verify-request": "validation", "decision-request": "validation"}
    return {
        f"{name}.schema.json": json.dumps(model.model_json_schema(mode=mode.get(name, "serialization")),
                                          indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        for name, model in PUBLIC_MODELS.items()
    }


def write_schemas(out: Path) -> list[Path]:
    """Write every schema into `out`; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
