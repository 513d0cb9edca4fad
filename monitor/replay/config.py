"""What a replay screens with: list specs, matcher name and threshold, jurisdiction policy.

A `ReplayConfig` is the unit that back-testing compares: two configs (or two list versions) over the
same payments. It is built from a JSON file (`{"matcher", "threshold", "lists", "jurisdictions"}`),
from CLI flags, or from the worker's `MONITOR_*` settings, so "what would production have done"
is the default question a replay answers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from monitor.lists.table import SanctionsTable
from monitor.matching.api import get_matcher
from monitor.screening.core import Screener
from monitor.screening.policy import JurisdictionPolicy
from monitor.settings import Settings


class ConfigError(ValueError):
    """A config file or flag combination that cannot be screened with."""


class ReplayConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field("", description="how reports name this configuration")
    matcher: str = "default"
    threshold: float | None = Field(None, ge=0, le=100, description="None: the matcher's default")
    lists: tuple[str, ...] = Field((), description="paths or bundled names; empty: default set")
    jurisdictions: tuple[str, ...] | None = Field(
        None, description="comprehensively sanctioned countries; None: the policy default, []: none"
    )

    @classmethod
    def from_settings(cls, settings: Settings) -> ReplayConfig:
        """The configuration the live workers run with."""
        return cls(
            matcher=settings.matcher,
            threshold=settings.threshold,
            lists=tuple(settings.lists),
            jurisdictions=tuple(settings.jurisdictions),
        )

    @classmethod
    def from_file(cls, path: str | Path) -> ReplayConfig:
        path = Path(path)
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ConfigError(f"{path}: expected a JSON object")
            return cls.model_validate({"label": path.stem, **data})
        except (OSError, ValueError) as exc:
            if isinstance(exc, ConfigError):
                raise
            detail = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
            raise ConfigError(f"{path}: {detail}") from exc

    def with_overrides(self, **changes: Any) -> ReplayConfig:
        """A copy with the given fields replaced (None values are ignored)."""
        return self.model_copy(update={k: v for k, v in changes.items() if v is not None})

    def policy(self) -> JurisdictionPolicy:
        if self.jurisdictions is None:
            return JurisdictionPolicy()
        return JurisdictionPolicy(countries=frozenset(c.upper() for c in self.jurisdictions))

    def table(self) -> SanctionsTable:
        from monitor.stream.holder import load_configured

        return load_configured(list(self.lists))

    def screener(self, table: SanctionsTable | None = None) -> Screener:
        """The same `Screener` the stream builds, for this configuration."""
        params = {} if self.threshold is None else {"threshold": self.threshold}
        try:
            matcher = get_matcher(self.matcher, **params)
        except (ValueError, TypeError) as exc:
            raise ConfigError(str(exc)) from exc
        return Screener(table if table is not None else self.table(), matcher, self.policy())

    def describe(self, threshold: str | None = None) -> str:
        """One line for reports; `threshold` overrides how the threshold is shown (sweeps)."""
        lists = ",".join(self.lists) or "default"
        thr = "matcher default" if self.threshold is None else f"{self.threshold:g}"
        thr = threshold or thr
        jur = "default" if self.jurisdictions is None else ",".join(self.jurisdictions) or "none"
        name = f"{self.label}: " if self.label else ""
        return f"{name}lists={lists} matcher={self.matcher} threshold={thr} jurisdictions={jur}"
