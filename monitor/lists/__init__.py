"""Sanctions lists: parse the publishers' files into one entry model; version, diff, fetch them.

Most callers need only `load_bundled()` (the default screening set, offline) or `load_list(path)`.
"""

from monitor.lists.errors import FetchError, ListError
from monitor.lists.load import (
    DEFAULT_LISTS,
    bundled_names,
    load_any,
    load_bundled,
    load_list,
    load_lists,
)

__all__ = [
    "DEFAULT_LISTS",
    "FetchError",
    "ListError",
    "bundled_names",
    "load_any",
    "load_bundled",
    "load_list",
    "load_lists",
]
