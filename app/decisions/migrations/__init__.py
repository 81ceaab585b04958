"""Alembic migrations of the decisions database (run by `copydesk db upgrade`, and on first use)."""
