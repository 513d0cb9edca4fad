"""Errors raised while reading sanctions lists.

A `ListError` means the list must not be used (unreadable, truncated, wrong format); a problem that
leaves the list usable is a warning on the table instead (see `monitor.lists.warnings`).
"""

from __future__ import annotations


class ListError(Exception):
    """A list file or folder cannot be trusted as a whole: keep screening on the previous one."""


class FetchError(ListError):
    """A download failed or did not validate; the current version stays in force."""
