"""The native screening core (`monitor._native`, Rust + PyO3, built from `native/`), if present.

`monitor.matching` is the reference implementation; the native module returns exactly what it
returns (tests compare the two), only faster. It is used when it was built at install time (a
Rust toolchain was found) unless `MONITOR_NATIVE=0`; `MONITOR_NATIVE=1` makes its absence an
error instead of a silent fallback (CI sets it, so CI proves the native path).
"""

from __future__ import annotations

import os
from types import ModuleType


class NativeUnavailable(RuntimeError):
    """MONITOR_NATIVE=1 but the native module could not be imported."""


def _load() -> ModuleType | None:
    wanted = os.environ.get("MONITOR_NATIVE", "").strip().lower()
    if wanted in ("0", "false", "no", "off"):
        return None
    try:
        from monitor import _native
    except ImportError as exc:
        if wanted in ("1", "true", "yes", "on"):
            raise NativeUnavailable(
                f"MONITOR_NATIVE={wanted} but monitor._native is not built ({exc}); "
                "reinstall with a Rust toolchain (cargo) on PATH"
            ) from exc
        return None
    return _native


native: ModuleType | None = _load()
"""The native module, or None when monitor runs the pure-Python core."""
