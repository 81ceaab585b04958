"""A per-client rate limit: a token bucket per API key (or per client IP when the API is open).

Each client may spend `COPYDESK_RATE_LIMIT_PER_MINUTE` requests in a burst, and earns them back
evenly over a minute. A refused request gets a 429 problem with Retry-After: the whole seconds
until the next token. The buckets live in this process, so N replicas allow N times the rate;
a limit that must hold across replicas belongs in the load balancer or gateway.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request

from app import metrics
from app.errors import CopydeskError


class RateLimited(CopydeskError):
    """The client has spent its requests for now."""

    status, type, title = 429, "rate-limited", "Too many requests"


@dataclass
class _Bucket:
    tokens: float
    at: float


class TokenBuckets:
    """Token buckets keyed by client id, holding at most `max_clients` of them."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic,
                 max_clients: int = 10_000) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # tokens earned per second
        self.clock = clock
        self.max_clients = max_clients
        self._buckets: dict[str, _Bucket] = {}

    def take(self, client: str) -> float:
        """Spend one token of `client`: 0.0 when allowed, else the seconds until one is earned."""
        now = self.clock()
        bucket = self._buckets.get(client)
        if bucket is None:
            if len(self._buckets) >= self.max_clients:
                self._forget_full(now)
            bucket = self._buckets[client] = _Bucket(self.capacity, now)
        else:
            bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.at) * self.rate)
            bucket.at = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.rate

    def _forget_full(self, now: float) -> None:
        # A bucket that has refilled is the same as no bucket, so dropping it loses nothing; if every
        # client is mid-burst, the oldest half goes, which only errs in the client's favour.
        full = [c for c, b in self._buckets.items() if b.tokens + (now - b.at) * self.rate >= self.capacity]
        for client in full:
            del self._buckets[client]
        if len(self._buckets) >= self.max_clients:
            for client in sorted(self._buckets, key=lambda c: self._buckets[c].at)[: self.max_clients // 2]:
                del self._buckets[client]

    def __len__(self) -> int:
        return len(self._buckets)


def rate_limit(buckets: TokenBuckets | None) -> Callable[[Request], Awaitable[None]]:
    """A dependency that spends one token of the request's client (set by the auth dependency).

    `None` (a limit of 0 requests per minute) turns the limit off.
    """

    async def dependency(request: Request) -> None:
        if buckets is None:
            return
        client = getattr(request.state, "client_id", None) or (
            f"ip:{request.client.host}" if request.client else "ip:unknown")
        wait = buckets.take(client)
        if wait > 0:
            metrics.RATE_LIMITED.inc()
            retry_after = max(1, math.ceil(wait))
            raise RateLimited(
                f"the limit is {int(buckets.capacity)} requests per minute; retry in {retry_after} s",
                headers={"Retry-After": str(retry_after)},
            )

    return dependency
