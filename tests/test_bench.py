"""The benchmark's inputs: articles of a given length made from the bundled article."""

from __future__ import annotations

import re

import pytest

from bench.offline import article_of, percentile
from tests.conftest import ROOT


@pytest.mark.parametrize("words", [250, 1000, 4000])
def test_articles_have_exactly_the_words_asked_for(words: int) -> None:
    assert len(article_of(words).split()) == words


def test_articles_repeat_the_bundled_paragraphs_in_order() -> None:
    source = (ROOT / "examples" / "istanbul-talks.txt").read_bytes().decode("utf-8")
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", source) if p.strip()]
    made = article_of(2 * len(source.split())).rstrip("\n").split("\n\n")
    assert made[: len(paragraphs)] == paragraphs
    assert made[len(paragraphs): 2 * len(paragraphs)] == paragraphs


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile([3.0], 95) == 3.0


def test_the_verify_bench_builds_50_statements_from_a_5000_word_source():
    from bench.offline import article_of
    from bench.verify import statements

    text = article_of(5000)
    said = statements(text)
    assert len(said) == 50
    assert sum(s not in text for s in said) >= 15  # edited ones, not only the article's own sentences


def test_the_bench_server_socket_gives_connections_without_nagle_delays():
    """Each connection the benchmarks' app accepts has TCP_NODELAY (else a response body waits up to 40 ms for
    the delayed ACK of its headers, which the llm figures counted as the app's overhead)."""
    import asyncio
    import socket

    from bench.serve import listening_socket

    async def accepted_nodelay() -> int:
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            seen.set_result(writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        sock = listening_socket()
        server = await asyncio.start_server(connected, sock=sock)
        _, writer = await asyncio.open_connection(*sock.getsockname())
        try:
            return await asyncio.wait_for(seen, 10)
        finally:
            writer.close()
            server.close()
            await server.wait_closed()

    assert asyncio.run(accepted_nodelay()) != 0


def test_workers_cpu_counts_the_app_children(tmp_path):
    """`Served.workers_cpu_s` sees CPU spent in a child process of the served app (its CPU workers live there)."""
    import subprocess
    import sys

    from bench.serve import Served

    script = ("import subprocess, sys; subprocess.run([sys.executable, '-c', "
              "'import time; t = time.process_time()\\nwhile time.process_time() - t < 0.5: pass']); "
              "sys.stdin.read()")
    parent = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE)
    try:
        served = Served("http://unused", parent.pid)
        import time

        deadline = time.monotonic() + 30
        while served.workers_cpu_s() < 0.4 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert served.workers_cpu_s() >= 0.4
        assert served.cpu_s() < 0.4  # the parent's own CPU is apart
    finally:
        parent.communicate(b"")
