"""The fake OpenAI-compatible endpoint (bench/fake_llm.py) on loopback (bench/fake_openai.py): valid, grounded
answers in every mode, and its faults."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import instructor
import openai
import pytest
from instructor.core.exceptions import InstructorRetryException
from pydantic import BaseModel, Field

from app.document import Document
from bench.fake_llm import count_tokens
from bench.fake_openai import FakeOpenAI, FaultPlan, chain_depth, running, spawn

ROOT = Path(__file__).resolve().parent.parent
MODES = {"tools": instructor.Mode.TOOLS, "json_schema": instructor.Mode.JSON_SCHEMA,
         "json": instructor.Mode.JSON, "md_json": instructor.Mode.MD_JSON}


class Claim(BaseModel):
    sentence_id: int
    quote: str
    text: str
    speaker: str | None = None
    type: Literal["event", "quote", "statistic", "prediction", "opinion"]
    checkworthy: float = Field(ge=0, le=1)


class Claims(BaseModel):
    claims: list[Claim]


class Side(BaseModel):
    sentence_id: int
    quote: str
    claim_ids: list[str]


class Contradiction(BaseModel):
    type: Literal["temporal", "numeric", "entity", "factual", "logical"]
    a: Side
    b: Side
    confidence: float = Field(ge=0, le=1)


class Contradictions(BaseModel):
    contradictions: list[Contradiction]


@pytest.fixture(scope="module")
def sentences() -> dict[int, str]:
    """The bundled article's body sentences by id, as the llm engine numbers them."""
    text = (ROOT / "examples" / "istanbul-talks.txt").read_bytes().decode("utf-8")
    return {i: s.text for i, s in enumerate(Document(text).body)}


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    with running() as server:
        yield server


def _prompt(sentences: dict[int, str], task: str) -> list[dict[str, str]]:
    numbered = "\n".join(f"[{i}] {s}" for i, s in sentences.items())
    return [{"role": "system", "content": "Answer in the structure you are given."},
            {"role": "user", "content": f"<<<BEGIN article x>>>\n{numbered}\n<<<END article x>>>\n\n{task}"}]


def _sdk(fake: FakeOpenAI, **options: float) -> openai.OpenAI:
    """The OpenAI SDK's client of the fake. The fake speaks plain HTTP on loopback, so the client's transport is
    made without the CA bundle (httpx loads it into an SSL context for every client otherwise: ~20 ms each)."""
    return openai.OpenAI(base_url=fake.base_url, api_key="sk-fake", max_retries=0,
                         http_client=openai.DefaultHttpxClient(verify=False), **options)


def _client(fake: FakeOpenAI, mode: str, **options: float) -> instructor.Instructor:
    sdk = _sdk(fake, **options)
    return instructor.from_openai(sdk, mode=MODES[mode])


@pytest.mark.parametrize("mode", list(MODES))
def test_answers_fit_the_schema_and_cite_the_article(fake: FakeOpenAI, sentences: dict[int, str], mode: str) -> None:
    fake.reset()
    answer = _client(fake, mode).chat.completions.create(
        model="fake", response_model=Claims, max_retries=0,
        messages=_prompt(sentences, "List the claims."))
    assert answer.claims
    for claim in answer.claims:
        assert claim.sentence_id in sentences
        assert claim.quote in sentences[claim.sentence_id]
    assert fake.stats()["modes"] == {mode: 1}


@pytest.mark.parametrize("mode", ["tools", "json"])
def test_nested_answers_cite_claim_ids_from_the_prompt(fake: FakeOpenAI, sentences: dict[int, str],
                                                        mode: str) -> None:
    listed = "Claims:\nc1: Putin proposed talks.\nc2: Zelenskiy demanded a ceasefire."
    answer = _client(fake, mode).chat.completions.create(
        model="fake", response_model=Contradictions, max_retries=0,
        messages=_prompt(sentences, f"{listed}\nFind contradictions."))
    assert answer.contradictions
    for found in answer.contradictions:
        for side in (found.a, found.b):
            assert side.quote in sentences[side.sentence_id]
            assert set(side.claim_ids) <= {"c1", "c2"}
        assert found.a.sentence_id != found.b.sentence_id


def test_usage_counts_the_prompt_and_the_answer(fake: FakeOpenAI, sentences: dict[int, str]) -> None:
    fake.reset()
    sdk = _sdk(fake)
    messages = _prompt(sentences, "List the claims.")
    completion = sdk.chat.completions.create(model="fake", messages=messages)  # type: ignore[arg-type]
    article_tokens = count_tokens("\n".join(sentences.values()))
    assert completion.usage is not None
    assert article_tokens <= completion.usage.prompt_tokens < article_tokens * 1.2
    assert completion.usage.completion_tokens == count_tokens(completion.choices[0].message.content or "")
    assert fake.stats()["prompt_tokens"] == completion.usage.prompt_tokens


def test_scripted_faults_reach_the_client_as_the_sdk_errors() -> None:
    script = ("429", "500", "drop", "invalid_json", "hang", None)
    with running(faults=FaultPlan(script=script, retry_after_s=7)) as fake:
        sdk = _sdk(fake, timeout=10.0)

        def call(timeout: float | None = None) -> object:
            client = sdk if timeout is None else sdk.with_options(timeout=timeout)
            return client.chat.completions.create(model="fake", messages=[{"role": "user", "content": "[0] Hi."}])

        with pytest.raises(openai.RateLimitError) as limited:
            call()
        assert limited.value.response.headers["retry-after"] == "7"
        with pytest.raises(openai.InternalServerError):
            call()
        with pytest.raises(openai.APIConnectionError):
            call()
        with pytest.raises(ValueError):  # the body is not JSON
            call()
        with pytest.raises(openai.APITimeoutError):
            call(timeout=0.1)  # the fake hangs: only this call waits for its timeout
        assert call() is not None
        assert fake.stats()["faults"] == {"429": 1, "500": 1, "drop": 1, "invalid_json": 1, "hang": 1}


def test_bad_and_ungrounded_answers_are_well_formed_but_wrong(sentences: dict[int, str]) -> None:
    with running(faults=FaultPlan(script=("bad_answer", "ungrounded"))) as fake:
        client = _client(fake, "tools")
        with pytest.raises(InstructorRetryException):
            client.chat.completions.create(model="fake", response_model=Claims, max_retries=0,
                                           messages=_prompt(sentences, "List the claims."))
        answer = client.chat.completions.create(model="fake", response_model=Claims, max_retries=0,
                                                messages=_prompt(sentences, "List the claims."))
        assert all(c.sentence_id not in sentences for c in answer.claims)


def test_a_seeded_fault_rate_repeats_itself() -> None:
    def faults_of(seed: int) -> list[str | None]:
        plan = FaultPlan(rate=0.5, kinds=("429", "500"), seed=seed)
        with running(faults=plan) as fake:
            sdk = _sdk(fake)
            for _ in range(16):
                try:
                    sdk.chat.completions.create(model="fake", messages=[{"role": "user", "content": "hi"}])
                except openai.APIStatusError:
                    pass
            return [c["fault"] for c in fake.stats()["log"]]

    first = faults_of(3)
    assert first == faults_of(3)
    assert {None, "429", "500"} == set(first)


def test_unknown_fault_kinds_are_refused() -> None:
    with pytest.raises(ValueError):
        FaultPlan(kinds=("teapot",))


@pytest.mark.processes
def test_a_spawned_server_reports_and_resets_over_http() -> None:
    with spawn(delay_s=0.0) as fake:
        sdk = _sdk(fake)
        assert sdk.models.list().data
        sdk.chat.completions.create(model="fake", messages=[{"role": "user", "content": "[0] Hi there."}])
        assert fake.stats()["calls"] == 1
        fake.reset()
        assert fake.stats()["calls"] == 0


def test_chain_depth_counts_calls_that_ran_one_after_another() -> None:
    assert chain_depth([]) == 0
    assert chain_depth([(0.0, 1.0), (0.1, 1.1), (0.2, 0.9)]) == 1
    assert chain_depth([(0.0, 1.0), (0.0, 1.0), (1.0, 2.0)]) == 2
    assert chain_depth([(0.0, 1.0), (1.5, 2.0), (2.0, 3.0), (0.5, 2.5)]) == 3


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize(("calls", "expected"), [("single", 1), ("combined", 2), ("split", 3)])
def test_the_llm_engine_accepts_the_fakes_answers_without_reasking(mode: str, calls: str, expected: int) -> None:
    from app import service
    from app.models import AnalyzeRequest
    from app.settings import Settings

    text = (ROOT / "examples" / "istanbul-talks.txt").read_bytes().decode("utf-8")
    with running() as fake:
        settings = Settings(_env_file=None, llm_base_url=fake.base_url, llm_api_key="sk-fake",  # type: ignore[call-arg]
                            llm_mode=mode, llm_calls=calls, api_keys=None, api_keys_file=None)
        response = asyncio.run(service.analyze(AnalyzeRequest(text=text, engine="llm"), settings))
        seen = fake.stats()
    assert not response.meta.degraded and not response.meta.warnings
    assert response.meta.usage.reasks == 0 and response.meta.usage.calls == seen["calls"] == expected
    assert response.meta.usage.input_tokens == seen["prompt_tokens"]
    assert response.claims and all(text[c.span.start:c.span.end] == c.span.text for c in response.claims)
    assert response.summary is not None and response.summary.key_points  # the model's summary, grounded
    assert all(text[s.start:s.end] == s.text for k in response.summary.key_points for s in k.spans)


def test_the_answer_is_made_during_the_delay_not_after_it(sentences: dict[int, str], monkeypatch) -> None:
    """A call's `ended` (what bench.llm counts as the model's time) comes after its answer is built, so the fake's
    own CPU is never counted as the client's overhead between calls; and the delay runs from the request, so the
    time the answer takes to build is not added to the model's time either."""
    import time

    made: list[float] = []
    build = FakeOpenAI._answer

    def slow(self, payload, record, fault):  # type: ignore[no-untyped-def]
        made.append(time.monotonic())
        time.sleep(0.1)  # a slow answer to build (the fake on a loaded machine)
        answer = build(self, payload, record, fault)
        made.append(time.monotonic())
        return answer

    monkeypatch.setattr(FakeOpenAI, "_answer", slow)
    with running(delay_s=0.3) as fake:
        _client(fake, "tools").chat.completions.create(model="fake", response_model=Claims, max_retries=0,
                                                       messages=_prompt(sentences, "List the claims."))
        record = fake.calls[-1]
    assert len(made) == 2 and record.started <= made[0] and made[1] <= record.ended
    assert record.ended >= record.started + 0.3
    assert record.ended < made[1] + 0.3  # not the whole delay again after the answer was built
