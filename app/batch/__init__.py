"""Batch analysis of an archive: `copydesk batch IN --out OUT`, on one machine or on a Ray cluster.

Public names: `BatchConfig`, `BatchSummary`, `run_batch` (one machine), `run_batch_ray`
(`app.batch.cluster`, needs the `cluster` extra). See the README's "Archives" section.
"""

from app.batch.output import OutputError, VersionMismatch
from app.batch.rows import InputError
from app.batch.runner import BatchConfig, BatchSummary, run_batch

__all__ = ["BatchConfig", "BatchSummary", "InputError", "OutputError", "VersionMismatch", "run_batch"]
