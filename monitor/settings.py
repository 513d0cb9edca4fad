"""All configuration, from `MONITOR_*` environment variables (or a `.env` file).

One settings class for the worker, the CLI and replay. Secrets are `SecretStr`: they print as
`**********` in reprs, logs and `safe_dump()`, and are only unwrapped when a client is built.
"""

from __future__ import annotations

import ssl
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from typing_extensions import Annotated

from monitor.screening.policy import DEFAULT_JURISDICTIONS


def _csv(value: Any) -> Any:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MONITOR_", env_file=".env", extra="ignore")

    # --- Kafka connection
    bootstrap_servers: str = Field("localhost:9092", description="host:port[,host:port]")
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None
    ssl_cafile: str | None = None
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None
    ssl_key_password: SecretStr | None = None

    # --- Topics
    app_id: str = Field("monitor", description="consumer group id of the workers")
    payments_topic: str = "payments"
    alerts_topic: str = Field("payments.alerts", description="the compliance review topic")
    decisions_topic: str = "payments.decisions"
    deadletter_topic: str = "payments.deadletter"
    control_topic: str = Field("monitor.lists", description="compacted list-version announcements")
    partitions: int = Field(6, ge=1, description="partitions of the payments topic")
    replication_factor: int = Field(1, ge=1)

    # --- Screening
    lists: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="list paths or bundled names, comma-separated; empty: the bundled default set",
    )
    matcher: str = "default"
    threshold: float | None = Field(None, ge=0, le=100, description="None: the matcher's default")
    jurisdictions: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: sorted(DEFAULT_JURISDICTIONS)
    )
    retro_lookback_days: float = Field(30, ge=0)

    # --- Worker
    batch_size: int = Field(100, ge=1, description="payments screened per batch (event-loop slice)")
    batch_within: float = Field(0.05, gt=0, description="seconds to wait to fill a batch")
    web_enabled: bool = False
    web_port: int = 6066
    log_level: str = "INFO"
    metrics_port: int | None = Field(
        9108, ge=0, le=65535, description="/metrics /healthz /readyz (stream.observe); 0: off"
    )
    # All interfaces: Prometheus and orchestrator probes reach the worker from outside its host.
    metrics_host: str = "0.0.0.0"  # noqa: S104

    _split = field_validator("lists", "jurisdictions", mode="before")(_csv)

    def matcher_params(self) -> dict[str, Any]:
        return {} if self.threshold is None else {"threshold": self.threshold}

    def safe_dump(self) -> dict[str, Any]:
        """Everything, with secrets masked: safe to log."""
        return self.model_dump(mode="json") | {
            k: "**********" for k in ("sasl_password", "ssl_key_password") if getattr(self, k)
        }

    def ssl_context(self) -> ssl.SSLContext | None:
        if self.security_protocol not in ("SSL", "SASL_SSL"):
            return None
        ctx = ssl.create_default_context(cafile=self.ssl_cafile)
        if self.ssl_certfile:
            password = self.ssl_key_password.get_secret_value() if self.ssl_key_password else None
            ctx.load_cert_chain(self.ssl_certfile, self.ssl_keyfile, password=password)
        return ctx

    def aiokafka_kwargs(self) -> dict[str, Any]:
        """Connection arguments for aiokafka clients (producers, consumers, admin)."""
        kw: dict[str, Any] = {
            "bootstrap_servers": self.bootstrap_servers,
            "security_protocol": self.security_protocol,
        }
        if ctx := self.ssl_context():
            kw["ssl_context"] = ctx
        if self.sasl_mechanism:
            kw["sasl_mechanism"] = self.sasl_mechanism
            kw["sasl_plain_username"] = self.sasl_username
            kw["sasl_plain_password"] = (
                self.sasl_password.get_secret_value() if self.sasl_password else None
            )
        return kw
