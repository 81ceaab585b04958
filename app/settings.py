"""Settings, read once from COPYDESK_-prefixed environment variables."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

LLMMode = Literal["tools", "json_schema", "json", "md_json"]


class Settings(BaseSettings):
    """Every knob of the service; see the README's settings table."""

    model_config = SettingsConfigDict(env_prefix="COPYDESK_", extra="ignore", populate_by_name=True)

    llm_base_url: str | None = None
    llm_api_key: str | None = Field(
        default=None,
        validation_alias=AliasChoices("COPYDESK_LLM_API_KEY", "OPENAI_API_KEY"),
    )
    llm_model: str = "gpt-4o-mini"
    llm_mode: LLMMode = "tools"
    # single: summary, claims and contradictions in one call; combined: summary and claims in one call, then the
    # contradictions; split: summary and claims in two concurrent calls, then the contradictions
    llm_calls: Literal["single", "combined", "split"] = "single"
    llm_temperature: float = 0.0
    llm_timeout_s: float = 30.0
    llm_max_retries: int = 3
    llm_max_reasks: int = 2
    llm_concurrency: int = 16
    llm_max_output_tokens: int = 2048
    llm_chunk_tokens: int = 6000
    llm_backoff_s: float = 0.5
    llm_backoff_max_s: float = 20.0
    llm_verify_batch: int = 8
    llm_verify_sentences: int = 6
    prompts_dir: str | None = None
    request_deadline_s: float = 60.0
    llm_price_input_per_mtok: float | None = None
    llm_price_output_per_mtok: float | None = None

    max_article_chars: int = 200_000
    max_body_bytes: int = 2_000_000
    max_statements: int = 100
    body_read_timeout_s: float = 30.0
    header_timeout_s: float = 10.0
    shutdown_timeout_s: float = 10.0
    trusted_proxies: str | None = None
    limit_concurrency: int = 0
    cpu_workers: int = 2
    cpu_budget_s: float = 60.0

    api_keys: str | None = None
    api_keys_file: str | None = None
    rate_limit_per_minute: int = 120

    log_level: str = "INFO"

    # editors' decisions (app/decisions): a SQLite file under data_dir unless database_url is set
    database_url: str | None = None
    data_dir: str = "./data"

    @property
    def llm_configured(self) -> bool:
        """True when an LLM endpoint (or an OpenAI key) is set."""
        return bool(self.llm_base_url or self.llm_api_key)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment once."""
    return Settings()
