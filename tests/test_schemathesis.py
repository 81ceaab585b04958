"""Property-based API tests from the live OpenAPI schema: no 5xx, and every answer matches its schema.

Schemathesis generates requests (valid and invalid) for each operation in /openapi.json and sends
them to the app in-process. The number of examples is bounded and the run derandomised, so CI gets
the same bounded run every time; raise COPYDESK_FUZZ_EXAMPLES locally to dig deeper.
"""

from __future__ import annotations

import atexit
import collections
import itertools
import json
import os

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import ignored_auth, response_schema_conformance

from app.api import create_app
from app.settings import Settings

EXAMPLES = int(os.environ.get("COPYDESK_FUZZ_EXAMPLES", "25"))
ALL_CHECKS = os.environ.get("COPYDESK_FUZZ_CHECKS") == "all"
STATUSES: collections.defaultdict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)


@atexit.register
def _report() -> None:
    if os.environ.get("COPYDESK_FUZZ_REPORT") and STATUSES:
        with open(os.environ["COPYDESK_FUZZ_REPORT"], "w", encoding="utf-8") as f:
            json.dump({op: dict(c) for op, c in sorted(STATUSES.items())}, f, indent=2)

# Open, with the rate limit off: the fuzzer's hundreds of requests are not a client to throttle.
app = create_app(Settings(_env_file=None, llm_base_url=None, llm_api_key=None, rate_limit_per_minute=0))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


_KEYS = itertools.count()


def _outside_the_schema(case) -> None:
    """The two rules no schema states, kept by the generated case itself (every phase, hooks or not):

    - source ids are unique within a /v1/verify body (JSON Schema's `uniqueItems` compares whole items, not one
      field of them; the schema's description says it): duplicated ids are made unique;
    - an Idempotency-Key used before with another body is refused (422, as the IETF idempotency-key draft says), a
      rule about earlier requests: each generated key is made new.
    """
    body = case.body
    if case.path == "/v1/verify" and isinstance(body, dict) and isinstance(body.get("sources"), list):
        seen: set[str] = set()
        for index, source in enumerate(body["sources"]):
            if not (isinstance(source, dict) and isinstance(source.get("id"), str)):
                continue
            if source["id"] in seen:
                source["id"] = f"{source['id'][:180]}~{index}"
                while source["id"] in seen:
                    source["id"] += "~"
            seen.add(source["id"])
    for name, value in list((case.headers or {}).items()):
        if name.lower() == "idempotency-key" and isinstance(value, str) and 0 < len(value) <= 200:
            case.headers[name] = f"{value[:180]}~{next(_KEYS)}"


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_never_5xx_and_answers_match_the_schema(case) -> None:
    """Every generated request gets a documented answer: no server error, body valid for its status.

    COPYDESK_FUZZ_CHECKS=all runs every Schemathesis check instead of these two; COPYDESK_FUZZ_REPORT=path writes
    the status codes each operation got (how many generated bodies reached the engines) to that JSON file.
    """
    # This app is open by configuration (no keys), so "accepts requests without the declared auth" is by design;
    # the locked app below is where authentication is fuzzed.
    _outside_the_schema(case)
    response = case.call_and_validate(
        checks=None if ALL_CHECKS else [not_a_server_error, response_schema_conformance],
        excluded_checks=[ignored_auth] if ALL_CHECKS else None, timeout=120)  # the CPU workers' first start
    STATUSES[f"{case.method} {case.path}"][str(response.status_code)] += 1


# With a key configured that the fuzzer does not know, every /v1 answer is a 401 problem (with
# WWW-Authenticate); those must match the schema too.
locked_app = create_app(Settings(_env_file=None, llm_base_url=None, llm_api_key=None, api_keys="fuzz-key"))
locked = schemathesis.openapi.from_asgi("/openapi.json", locked_app)


@locked.parametrize()
@settings(max_examples=max(5, EXAMPLES // 3), deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_refusals_of_a_locked_api_match_the_schema(case) -> None:
    """401 answers are documented problems, like every other error."""
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
