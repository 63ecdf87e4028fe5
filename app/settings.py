"""Settings from the environment (prefix MLLENS_) and an optional .env file; the only module that reads them."""

from __future__ import annotations

from functools import lru_cache
from ipaddress import ip_address, ip_network
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
# How keys begin (app/persistence/keys.py and widget_keys.py make them; a test checks these match): the demo page
# publishes its key, so it must be a widget key, never a secret one.
SECRET_KEY_PREFIX = "mll_"
WIDGET_KEY_PREFIX = "pk_"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MLLENS_", env_file=".env", extra="ignore")

    env: Literal["dev", "prod"] = Field("dev", description="prod refuses the test doubles (fake LLM, hash embedder)")
    corpus_dir: Path = ROOT / "corpus"
    index_dir: Path = ROOT / "index"
    prompts_dir: Path = ROOT / "prompts"
    embedder: Literal["minilm", "hash"] = Field(
        "minilm", description="minilm: the bundled all-MiniLM-L6-v2; hash: deterministic fake for tests"
    )
    embedding_runtime: Literal["auto", "onnx", "torch"] = Field(
        "auto",
        description="how minilm embeds queries: onnx (the index's ONNX export, no torch), torch "
        "(sentence-transformers), or auto (onnx when the export is there, else torch with a warning)",
    )

    # Retrieval
    search_k: int = Field(5, ge=1, le=50)
    relevance_threshold: float = Field(
        0.30,
        ge=0.0,
        le=1.0,
        description="answers quote the practices at or above this relevance (the best one always); whether a query "
        "is out of scope is the scope gate's decision, which falls back to this single threshold only for an embedder "
        "it has no fitted weights or rules for (the hash fake)",
    )
    late_interaction: bool = Field(
        True,
        description="rank the sentences of no-LLM (extractive) answers with late interaction of the question's word "
        "pieces too (docs/extractive-answers.md: better dev figures for about +0.5 ms CPU an ask); off: the model "
        "gives pooled vectors only and answers rank as before it",
    )
    line_judge: bool = Field(
        True,
        description="choose and order the quoted lines of no-LLM (extractive) answers with the line judge too "
        "(MiniLM's last layer fine-tuned on the ask dev pairs, app/retrieval/line_judge.py; needs "
        "late_interaction and the index's sentence_judge.npz): which practices are quoted and how many lines "
        "each gets do not change (docs/extractive-answers.md, session 20)",
    )

    # HTTP service
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    database_url: str = f"sqlite:///{ROOT / 'var' / 'mllens.db'}"
    max_question_chars: int = Field(4000, ge=1)
    max_body_bytes: int = Field(64 * 1024, ge=1024)
    sse_heartbeat_s: float = Field(15.0, gt=0, description="comment line sent while an SSE stream waits")
    demo_page: bool = Field(True, description="serve the sample portal page with the widget at /")
    demo_widget_key: str = Field(
        "",
        description="publishable widget key the demo page embeds (needed once the server has keys; its origins "
        "must include the server's own)",
    )
    stream_replay_wait_s: float = Field(
        30.0, gt=0, description="how long a replay of an unfinished streamed answer waits for it to finish"
    )
    stream_appear_wait_s: float = Field(
        3.0,
        ge=0,
        description="how long a replay waits for an answer stream that has not started yet (a reload can "
        "overtake the request that starts it)",
    )
    api_key_cache_s: float = Field(10.0, ge=0, description="how long a verified widget key is trusted without the DB")
    unknown_key_cache_s: float = Field(
        60.0, ge=0, description="how long an unknown or revoked API key is refused without asking the database"
    )
    header_timeout_s: float = Field(
        10.0, gt=0, description="a connection that has not sent a whole request head by then is closed"
    )
    body_timeout_s: float = Field(10.0, gt=0, description="longest wait for the next piece of a request body (408)")
    limit_concurrency: int = Field(
        512, ge=1, description="connections + requests per process before uvicorn answers 503 at once"
    )
    db_timeout_s: float = Field(
        5.0,
        gt=0,
        le=60,
        description="longest wait for a database lock, connection or statement before a 503 with Retry-After",
    )
    sqlite_synchronous: Literal["full", "normal"] = Field(
        "full",
        description="SQLite only. full: every commit is on disk before it is confirmed (survives a power loss). "
        "normal: a commit survives the process being killed (kill -9, a crash) but the last few before a power loss "
        "or OS crash can be lost; saves an fsync (a few ms) per write",
    )
    retry_after_s: int = Field(2, ge=1, le=3600, description="Retry-After sent with a 503 for a database fault")
    rate_requests_per_minute: int = Field(
        600, ge=0, description="API requests per principal per minute, across all instances (0: no limit)"
    )
    rate_widget_anonymous_per_minute: int = Field(
        1200,
        ge=0,
        description="API requests per minute from all anonymous users of one widget key together, across all "
        "instances (0: no limit): the outer bound over every visitor. The browser picks its anonymous ID, so the "
        "per-principal quota alone can be evaded by rotating IDs; users with a signed user token are not counted here. "
        "Past it only new anonymous IDs are refused: one already served in that minute keeps being served",
    )
    rate_widget_visitor_per_minute: int = Field(
        300,
        ge=0,
        description="API requests per minute from the anonymous users of one widget key at one client address (an "
        "IPv6 /64 counts as one address), across all instances (0: no limit). Checked before the key's ceiling, and a "
        "request refused here is not counted there, so one visitor rotating anonymous IDs cannot use up the ceiling "
        "the key's other anonymous users share. An office behind one NAT address shares it",
    )
    forwarded_allow_ips: str = Field(
        "127.0.0.1,::1",
        description="comma-separated addresses or networks (CIDR) of the proxies whose X-Forwarded-For and "
        "X-Forwarded-Proto are believed (uvicorn's forwarded_allow_ips): the client address of a request from one of "
        "them is the one it forwards. Empty: no proxy is trusted; `*`: every peer is (only when nothing but the "
        "proxy can reach the instances)",
    )
    rate_reviews_per_hour: int = Field(60, ge=0, description="reviews a principal may create per hour (0: no limit)")
    rate_feedback_per_answer: int = Field(
        3, ge=0, description="feedback a principal may leave on one answer per day (0: no limit)"
    )
    torch_threads: int = Field(
        1,
        ge=1,
        le=64,
        description="intra-op threads per query embedding in the server, torch or onnxruntime (1 is fastest under "
        "load)",
    )

    # LLM
    llm_provider: Literal["none", "fake", "openai", "bedrock", "ollama"] = "none"
    llm_model: str = ""
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = Field(20.0, gt=0)
    llm_max_retries: int = Field(1, ge=0, le=5)
    llm_temperature: float = 0.0
    llm_backoff_s: float = Field(0.5, ge=0, description="first retry delay; doubles per retry")
    llm_max_tokens: int = Field(1024, ge=16)
    aws_region: str | None = None

    # Slack (the /slack/events route and `mllens slack` exist only when a bot token is set)
    slack_bot_token: SecretStr | None = Field(None, description="xoxb-… bot token; enables the Slack bot")
    slack_signing_secret: SecretStr | None = Field(None, description="verifies every request from Slack (HTTP mode)")
    slack_app_token: SecretStr | None = Field(None, description="xapp-… app-level token, Socket Mode only")
    slack_team_id: str | None = Field(
        None,
        pattern=r"^T[A-Z0-9]{2,20}$",
        description="the bot token's workspace (T…); requests from any other are refused. Unset: asked of `auth.test` "
        "once at start",
    )
    slack_api_url: str = Field(
        "https://slack.com/api/", description="Slack Web API base URL (a proxy or a local test double)"
    )
    slack_link_code_ttl_s: int = Field(600, ge=60, le=3600, description="how long a `/mllens link` code is valid")
    slack_shutdown_wait_s: float = Field(
        20.0,
        ge=0,
        le=600,
        description="at shutdown, how long to wait for the work of Slack events already acknowledged; what is left is "
        "logged",
    )

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _proxy_addresses(cls, value: str) -> str:
        """uvicorn would take a malformed entry as a literal host name that never matches, silently trusting no one."""
        items = [item.strip() for item in value.split(",") if item.strip()]
        if items == ["*"]:
            return "*"
        for item in items:
            try:
                ip_network(item) if "/" in item else ip_address(item)
            except ValueError:
                raise ValueError(
                    f"MLLENS_FORWARDED_ALLOW_IPS: {item!r} is not an IP address or network (CIDR); `*` stands alone"
                ) from None
        return ",".join(items)

    @field_validator("slack_bot_token", "slack_signing_secret", "slack_app_token", "llm_api_key")
    @classmethod
    def _blank_secret_is_unset(cls, value: SecretStr | None) -> SecretStr | None:
        """`MLLENS_SLACK_SIGNING_SECRET=` (a line in .env left empty) is no secret: unset, so the checks below name it
        at start; taken as a secret, the Slack bot only failed to start inside a server that started anyway."""
        return value if value is not None and value.get_secret_value().strip() else None

    @field_validator("llm_base_url")
    @classmethod
    def _llm_endpoint(cls, value: str | None) -> str | None:
        """Else every model call fails to connect, and each answer falls back to the lens text with a notice."""
        value = (value or "").strip()
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(
                "MLLENS_LLM_BASE_URL is not an http(s) URL with a host, e.g. http://127.0.0.1:11434 (Ollama) or "
                "https://api.openai.com/v1"
            )
        return value

    @field_validator("demo_widget_key")
    @classmethod
    def _publishable_demo_key(cls, value: str) -> str:
        """The demo page puts this key into its HTML for every visitor to read."""
        value = value.strip()
        create = "`mllens keys create --widget --origin http://HOST:PORT`"
        if value.startswith(SECRET_KEY_PREFIX):
            raise ValueError(
                f"MLLENS_DEMO_WIDGET_KEY is a secret API key ({SECRET_KEY_PREFIX}…): the demo page would show it to "
                f"every visitor. Use a widget key ({WIDGET_KEY_PREFIX}…): {create}"
            )
        if value and not value.startswith(WIDGET_KEY_PREFIX):
            raise ValueError(f"MLLENS_DEMO_WIDGET_KEY is not a widget key ({WIDGET_KEY_PREFIX}…): {create}")
        return value

    @model_validator(mode="after")
    def _no_test_doubles_in_prod(self) -> Settings:
        if self.env == "prod" and self.llm_provider == "fake":
            raise ValueError("MLLENS_LLM_PROVIDER=fake is a scripted test model and is refused when MLLENS_ENV=prod")
        if self.env == "prod" and self.embedder == "hash":
            raise ValueError("MLLENS_EMBEDDER=hash is a test double and is refused when MLLENS_ENV=prod")
        if self.slack_bot_token is not None and self.slack_signing_secret is None and self.slack_app_token is None:
            raise ValueError(
                "MLLENS_SLACK_BOT_TOKEN needs MLLENS_SLACK_SIGNING_SECRET (HTTP mode) or MLLENS_SLACK_APP_TOKEN "
                "(Socket Mode): without either, requests from Slack could not be verified"
            )
        return self

    @property
    def slack_enabled(self) -> bool:
        """HTTP mode: `create_app` mounts POST /slack/events (a bot token and the signing secret are set)."""
        return self.slack_bot_token is not None and self.slack_signing_secret is not None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
