"""Engines: `offline` (the embedded default) and `llm` (any OpenAI-compatible endpoint)."""

from __future__ import annotations

from app.engines.base import Analysis, AnalyzeOptions, Engine, SourceDocument, Verification
from app.errors import EngineUnavailable
from app.settings import Settings

ENGINES = ("offline", "llm")


def default_engine(settings: Settings) -> str:
    """`llm` when an LLM is configured, else `offline`."""
    return "llm" if settings.llm_configured else "offline"


def get_engine(name: str | None, settings: Settings) -> Engine:
    """The engine called `name` (or the default), or EngineUnavailable with a clear reason."""
    name = name or default_engine(settings)
    if name == "offline":
        from app.engines.offline import OfflineEngine

        return OfflineEngine()
    if name == "llm":
        if not settings.llm_configured:
            raise EngineUnavailable(
                "engine 'llm' is not configured: set COPYDESK_LLM_BASE_URL (and COPYDESK_LLM_API_KEY) "
                "or OPENAI_API_KEY, or use engine 'offline'"
            )
        from app.engines.llm import LLMEngine

        return LLMEngine(settings)
    raise EngineUnavailable(f"unknown engine {name!r}: use one of {', '.join(ENGINES)}")


__all__ = ["AnalyzeOptions", "Analysis", "Engine", "SourceDocument", "Verification", "default_engine",
           "get_engine", "ENGINES"]
