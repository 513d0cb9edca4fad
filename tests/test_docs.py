"""The README says what the code does: its settings table, its two command lines, CI's command."""

import re
from pathlib import Path

from monitor.settings import settings_table

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
TEST_LINE = "python -m pip install -e '.[dev]' && python -m pytest"


def test_settings_table_is_generated_from_the_settings_class() -> None:
    assert settings_table() in README, (
        "regenerate the README table: monitor.settings.settings_table()"
    )


def test_two_command_lines() -> None:
    first, second = re.findall(r"^# \d\. .*\n(.+)$", README, flags=re.MULTILINE)[:2]
    assert first == "python -m pip install -e . && monitor demo"
    assert second == TEST_LINE


def test_ci_runs_the_readme_test_line() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert TEST_LINE in ci


def test_every_cli_command_in_the_readme_exists() -> None:
    from click.testing import CliRunner

    from monitor.cli import main

    commands = set(re.findall(r"^monitor ([a-z]+(?: [a-z]+)?)", README, flags=re.MULTILINE))
    assert commands
    for cmd in commands:
        result = CliRunner().invoke(main, [*cmd.split(), "--help"])
        if result.exit_code != 0:  # "screen NAME" style: the second word is an argument
            result = CliRunner().invoke(main, [cmd.split()[0], "--help"])
        assert result.exit_code == 0, (cmd, result.output)


def test_matcher_setting_names_every_registered_matcher() -> None:
    from monitor.matching.api import available_matchers
    from monitor.settings import Settings

    described = Settings.model_fields["matcher"].description or ""
    assert all(f"`{name}`" in described for name in available_matchers()), described
