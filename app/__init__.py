"""Copydesk: a newsroom copy desk as a service."""

__version__ = "0.1.0"
