"""Two replicas on one database: concurrent writes, and decisions that outlive a database server restart."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.decisions.postgres import PostgresServer
from tests.decisions.test_api import analyze, api


def test_two_replicas_writing_at_once_leave_one_row_per_finding(database_url, article):
    with api(database_url) as one, api(database_url) as two:  # two apps: two engines, two pools
        with ThreadPoolExecutor(2) as pool:
            first, _ = pool.map(lambda c: analyze(c, article), (one, two))
        fps = [c["fingerprint"] for c in first["claims"]][:12]

        def post(job: tuple) -> tuple[int, str, str]:
            client, fp, decision, key = job
            headers = {"Idempotency-Key": key} if key else {}
            r = client.post("/v1/decisions", json={"article_key": "story-1", "fingerprint": fp,
                                                   "decision": decision}, headers=headers)
            return r.status_code, fp, decision

        # every finding decided by both replicas at once: the same decision (half of them, one with a shared
        # Idempotency-Key), or opposite ones (the other half); 4 threads per replica
        jobs = []
        for i, fp in enumerate(fps):
            same = i % 2 == 0
            key = f"both-{i}" if i % 4 == 0 else None
            jobs += [(one, fp, "accepted", key), (two, fp, "accepted" if same else "dismissed", key if same else None)]
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(post, jobs))
        assert all(status in (200, 201) for status, _, _ in results), results
        for fp in fps[::2]:
            created = [s for s, f, _ in results if f == fp and s == 201]
            assert len(created) == 1, (fp, results)  # the same decision twice, from two replicas: one row
        listed = two.get("/v1/decisions", params={"article": "story-1"}).json()["decisions"]
        assert sorted(d["fingerprint"] for d in listed) == sorted(fps)
        final = {d["fingerprint"]: d for d in listed}
        for i, fp in enumerate(fps):
            if i % 2 == 0:
                assert final[fp]["decision"] == "accepted" and final[fp]["revision"] == 1
            else:  # opposite decisions: the later one wins, and the row counts the change
                assert final[fp]["decision"] in ("accepted", "dismissed") and final[fp]["revision"] == 2
        # both replicas apply the same decisions
        a, b = analyze(one, article), analyze(two, article)
        assert a["meta"]["decisions"] == b["meta"]["decisions"]


@pytest.mark.postgres
def test_decisions_survive_a_postgres_restart(postgres: PostgresServer, article):
    url = postgres.create_database("copydesk_restart")
    with api(url) as client:
        fp = analyze(client, article)["claims"][0]["fingerprint"]
        assert client.post("/v1/decisions", json={"article_key": "story-1", "fingerprint": fp,
                                                  "decision": "dismissed"}).status_code == 201
        postgres.restart()
        # the same replica, its pooled connections now dead: pre-ping replaces them
        again = analyze(client, article)
        assert again["meta"]["decisions"]["dismissed"] == 1
    with api(url) as fresh:
        assert fresh.get("/v1/decisions", params={"article": "story-1"}).json()["decisions"][0]["fingerprint"] == fp


@pytest.mark.postgres
def test_a_server_left_by_a_killed_test_run_is_reaped(postgres: PostgresServer):
    from tests.decisions.postgres import reap_orphans

    orphan = PostgresServer(postgres.bindir)
    try:
        orphan.start()
        (orphan.root / "owner.pid").write_text("999999999")  # an owner that no longer runs
        assert str(orphan.root) in reap_orphans(postgres.bindir)
        assert not orphan.root.exists()
        assert (postgres.root / "data" / "postmaster.pid").exists()  # a live run's server is left alone
    finally:
        orphan.stop()
