"""Editors' decisions on findings, remembered across edits (issue 17).

- `fingerprint`: a stable id for every finding (claim, contradiction, summary warning).
- `db`: the tables (SQLAlchemy 2 Core) and Alembic migrations; SQLite by default, PostgreSQL by URL.
- `store`: recording and reading decisions per tenant (an API key, or one shared tenant when the API is open).
- `apply`: what decisions do to an analysis (dismissed left out, accepted marked, corrections applied).
- `routes`: POST /v1/decisions, GET /v1/decisions, GET /v1/decisions/export.
- `report`: acceptance rates by finding kind and check, for `copydesk eval` and `copydesk decisions report`.
"""
