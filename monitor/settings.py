"""All configuration, from `MONITOR_*` environment variables (or a `.env` file).

One settings class for the worker, the CLI and replay. Secrets are `SecretStr`: they print as
`**********` in reprs, logs and `safe_dump()`, and are only unwrapped when a client is built.
"""

from __future__ import annotations

import ssl
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from monitor.screening.policy import DEFAULT_JURISDICTIONS


def _csv(value: Any) -> Any:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MONITOR_", env_file=".env", extra="ignore")

    # --- Kafka connection
    bootstrap_servers: str = Field("localhost:9092", description="host:port[,host:port]")
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        "PLAINTEXT", description="PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL"
    )
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = Field(
        None, description="PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"
    )
    sasl_username: str | None = Field(None, description="SASL user")
    sasl_password: SecretStr | None = Field(
        None, description="SASL password (secret: never logged)"
    )
    ssl_cafile: str | None = Field(None, description="CA bundle to verify the brokers")
    ssl_certfile: str | None = Field(None, description="client certificate (mutual TLS)")
    ssl_keyfile: str | None = Field(None, description="client private key (mutual TLS)")
    ssl_key_password: SecretStr | None = Field(None, description="private key password (secret)")

    # --- Topics
    app_id: str = Field("monitor", description="consumer group id of the workers")
    payments_topic: str = Field("payments", description="payment events in")
    alerts_topic: str = Field("payments.alerts", description="the compliance review topic")
    decisions_topic: str = Field("payments.decisions", description="one CLEAR/HOLD per payment")
    deadletter_topic: str = Field(
        "payments.deadletter", description="invalid events with reason and original bytes"
    )
    control_topic: str = Field("monitor.lists", description="compacted list-version announcements")
    partitions: int = Field(
        6, ge=1, description="partitions of the payments topic (and of the output topics)"
    )
    replication_factor: int = Field(
        1, ge=1, description="of the topics `monitor topics create` makes"
    )

    # --- Screening
    lists: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="list paths or bundled names, comma-separated; empty: the bundled default set",
    )
    matcher: str = Field(
        "default", description="registered matcher: `default` (= `token-align`) or `baseline`"
    )
    threshold: float | None = Field(None, ge=0, le=100, description="None: the matcher's default")
    jurisdictions: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: sorted(DEFAULT_JURISDICTIONS),
        description="ISO countries under comprehensive sanctions (jurisdiction hits)",
    )
    retro_lookback_days: float = Field(
        30, ge=0, description="retro-screening window after a list update, by record timestamp"
    )

    # --- Worker
    batch_size: int = Field(100, ge=1, description="payments screened per batch (event-loop slice)")
    batch_within: float = Field(
        0.05,
        gt=0,
        description="most seconds a batch keeps gathering payments that are arriving "
        "(it never waits for traffic that is not there)",
    )
    log_level: str = Field("INFO", description="DEBUG, INFO, WARNING, ERROR")
    metrics_port: int | None = Field(
        9108, ge=0, le=65535, description="/metrics /healthz /readyz (stream.observe); 0: off"
    )
    # All interfaces: Prometheus and orchestrator probes reach the worker from outside its host.
    metrics_host: str = Field("0.0.0.0", description="bind address of the metrics endpoint")  # noqa: S104

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


def settings_table() -> str:
    """The README's settings table, generated from the class so the docs cannot drift."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for name, f in Settings.model_fields.items():
        default = f.default_factory() if f.default_factory else f.default  # type: ignore[call-arg]
        if isinstance(default, list):
            default = ",".join(default)
        shown = "" if default is None else str(default)
        rows.append(f"| `MONITOR_{name.upper()}` | `{shown}` | {f.description or ''} |")
    return "\n".join(rows)
