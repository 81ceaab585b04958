"""Benchmarks of Copydesk (`make bench`) and the fake OpenAI-compatible server they and the tests use."""
