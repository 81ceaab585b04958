"""The llm engine: any OpenAI-compatible endpoint, grounded and resilient.

Modules, each importing only those listed before it:
- `client.py`: the process's shared client (retries, re-asks, the concurrency cap, usage, a transport for tests);
- `schemas.py`: the answer models the model fills and their grounding validators;
- `run.py`: what analysis and verification share: `Run` (a request's usage, warnings, failures, deadline),
  `deadline`, `messages` and `ask` (one grounded call);
- `verify.py`: `/v1/verify` with the model (batched calls over the retrieved source sentences);
- `analyze.py`: `/v1/analyze` with the model, and `LLMEngine`, the engine both endpoints use.
"""

from __future__ import annotations

from app.engines.llm.analyze import LLMEngine, article_block, chunks, claims_block, merge_contradictions

__all__ = ["LLMEngine", "article_block", "chunks", "claims_block", "merge_contradictions"]
