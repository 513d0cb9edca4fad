"""Imports every built-in matcher so that it registers itself."""

from monitor.matching import baseline, engine  # noqa: F401
