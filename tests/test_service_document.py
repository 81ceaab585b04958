"""Where app.service builds a request's Document."""

from __future__ import annotations


def test_a_lone_short_text_builds_its_document_here_and_concurrent_ones_in_a_worker(monkeypatch) -> None:
    """A lone analysis of a short text skips the round trip to a CPU worker for its Document (nothing else waits
    on the event loop); with another analysis in progress the Document is built in a worker, as before."""
    import asyncio

    from app import service
    from app.models import AnalyzeRequest
    from app.settings import Settings

    sent: list[str] = []
    real = service.run_cpu

    async def recording(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        sent.append(fn.__name__)
        return await real(fn, *args, **kwargs)

    monkeypatch.setattr(service, "run_cpu", recording)
    settings = Settings(_env_file=None, llm_base_url=None, llm_api_key=None)
    text = "Sunday, June 1, 2025\n\nThe council approved a budget of $4.2 million on Friday."

    async def run() -> None:
        lone = await service.analyze(AnalyzeRequest(text=text), settings)
        assert lone.document.sentences >= 1 and "build_document" not in sent
        await asyncio.gather(*(service.analyze(AnalyzeRequest(text=text), settings) for _ in range(2)))
        assert "build_document" in sent

    asyncio.run(run())
