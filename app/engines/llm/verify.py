"""Verification with the llm engine: batched calls over the sentences retrieved for each statement.

Each batch lists the candidate sentences of its statements (fenced, numbered per
source) and then the statements; the model answers one verdict per statement
with evidence as quotes, which the validators align to spans. A statement the
model leaves without a grounded verdict, or a batch that fails, gets the
offline verifier's verdict and a warning.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
from pathlib import Path

from app.cpu import run_cpu
from app.engines.base import SourceDocument, Verification
from app.engines.llm.client import LLMCallError
from app.engines.llm.run import Run, ask, deadline
from app.engines.llm.schemas import SourcesContext, VerifyAnswer
from app.models import Evidence, VerifyResult
from app.prompts import fence, prompt_version
from app.settings import Settings
from app.verify.retrieve import retrieve


def _block(sources: list[SourceDocument], picked: dict[str, set[int]], statements: list[tuple[int, str]]) -> str:
    parts = []
    for source in sources:
        ids = picked.get(source.id)
        if not ids:
            continue
        lines = [f"[{s.id}] {' '.join(s.text.split())}" for s in source.document.sentences if s.id in ids]
        parts.append(fence("SOURCE", f"{source.id} {source.document.sha256[:12]}", "\n".join(lines)))
    listed = "\n".join(f"{i}. {' '.join(text.split())}" for i, text in statements)
    digest = hashlib.sha256(listed.encode()).hexdigest()[:12]
    parts.append(fence("STATEMENTS", digest, listed))
    return "\n\n".join(parts)


def _candidates(batches: list[list[str]], sources: list[SourceDocument], k: int) -> list[dict[str, set[int]]]:
    """For each batch of statements, the ids of the source sentences retrieved for them (the best `k` a statement),
    by source id."""
    out: list[dict[str, set[int]]] = []
    for batch in batches:
        picked: dict[str, set[int]] = {}
        for text in batch:
            for source, sentence, score in retrieve(text, sources, k):
                if score > 0:
                    picked.setdefault(source.id, set()).add(sentence.id)
        out.append(picked)
    return out


async def verify_with_llm(settings: Settings, prompts: Path, statements: list[str],
                          sources: list[SourceDocument]) -> Verification:
    """A verdict on each statement, asked with the prompts in `prompts`; 502/504 only when no batch could be had
    from the model."""
    from app.verify import verify_offline

    run = Run(deadline(settings))
    numbered = list(enumerate(statements, start=1))
    size = max(1, settings.llm_verify_batch)
    batches = [numbered[i:i + size] for i in range(0, len(numbered), size)]

    # Retrieval over every source is CPU work (seconds for 20 long sources): one job in a CPU worker (app.cpu), not
    # a thread of this process, so it neither holds the GIL the event loop needs nor runs past the deadline.
    chosen = await run_cpu(_candidates, [[text for _, text in b] for b in batches], sources,
                           settings.llm_verify_sentences)

    async def ask_batch(batch: list[tuple[int, str]], picked: dict[str, set[int]]) -> VerifyAnswer:
        context = SourcesContext(sources={s.id: s.document for s in sources},
                                 sentence_ids={k: frozenset(v) for k, v in picked.items()},
                                 statement_ids=frozenset(i for i, _ in batch))
        return await ask(run, settings, prompts, "verify", _block(sources, picked, batch), VerifyAnswer, context)

    answers = await asyncio.gather(*(run.attempt(functools.partial(ask_batch, b, p))
                                     for b, p in zip(batches, chosen, strict=True)))
    run.raise_if_nothing()

    results: dict[int, VerifyResult] = {}
    fallback: list[tuple[int, str]] = []
    for batch, answer in zip(batches, answers, strict=True):
        if isinstance(answer, LLMCallError):
            run.warnings.append(f"verify: statements {batch[0][0]}–{batch[-1][0]}: {answer.reason}; "
                                "the offline verdicts are returned instead")
            fallback.extend(batch)
            continue
        by_id = {v.statement_id: v for v in answer.verdicts}
        for i, text in batch:
            verdict = by_id.get(i)
            if verdict is None:
                run.warnings.append(f"verify: the model gave no grounded verdict on statement {i}; "
                                    "the offline verdict is returned instead")
                fallback.append((i, text))
                continue
            results[i] = VerifyResult(
                statement=text, label=verdict.label, confidence=verdict.confidence, rationale=verdict.rationale,
                evidence=[Evidence(source_id=e.source_id, start=e.span.start, end=e.span.end, text=e.span.text)
                          for e in verdict.evidence])
    if fallback:
        offline = await run_cpu(verify_offline, [t for _, t in fallback], sources)  # a CPU worker, in the deadline
        results.update({i: r for (i, _), r in zip(fallback, offline, strict=True)})
    return Verification(results=[results[i] for i, _ in numbered], model=settings.llm_model,
                        prompt_version=prompt_version(run.labels), usage=run.usage,
                        degraded=bool(fallback), warnings=run.warnings)
