"""`copydesk batch --ray`: the same lines as the local run, from actors on a local Ray instance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.batch import BatchConfig, run_batch
from app.cli import main

pytestmark = pytest.mark.cluster
ray = pytest.importorskip("ray", reason="the cluster extra is not installed: make test-cluster installs it")

SHORT = "Sunday, June 1, 2025\n\nThe council approved a budget of $4.2 million on Friday. The mayor said it was fair."


def test_ray_run_writes_what_the_local_run_writes_and_resumes(tmp_path, settings, article, capsys):
    from app.batch.cluster import run_batch_ray

    src = tmp_path / "in.jsonl"
    rows = [{"id": f"r{i}", "text": article if i % 3 == 0 else SHORT} for i in range(24)]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows) + "not json\n", encoding="utf-8")
    local = tmp_path / "local.jsonl"
    run_batch(BatchConfig(input=src, output=local, jobs=1, progress="off"), settings)
    remote = tmp_path / "ray.jsonl"
    summary = run_batch_ray(BatchConfig(input=src, output=remote, progress="off", limit=10), settings, workers=2)
    assert summary.done == 10 and summary.startup_seconds > 0 and summary.shutdown_seconds > 0
    # the rest, resumed through the CLI on a fresh local instance
    assert main(["batch", str(src), "--out", str(remote), "--ray", "--jobs", "2", "--progress", "off"]) == 0
    assert "10 already in the output" in capsys.readouterr().err

    def norm(path: Path) -> list[str]:
        out = []
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            row.get("meta", {}).pop("duration_ms", None)
            out.append(json.dumps(row, sort_keys=True))
        return sorted(out)

    assert norm(remote) == norm(local)
