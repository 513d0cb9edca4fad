"""The `monitor` command. Each command group lives in its own module and registers itself here.

Commands are synchronous click commands that wrap `asyncio.run(...)` where they need the network.
"""

from __future__ import annotations

import importlib

import click

from monitor import __version__

# Modules that define commands on `main`; a missing optional module is skipped.
_COMMAND_MODULES = (
    "monitor.cli.screen",
    "monitor.cli.stream",
    "monitor.cli.lists",
    "monitor.cli.evaluate",
    "monitor.cli.replay",
    "monitor.cli.generate",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="monitor")
def main() -> None:
    """Kafka-native sanctions screening for payments."""


def _load_commands() -> None:
    for name in _COMMAND_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


_load_commands()
