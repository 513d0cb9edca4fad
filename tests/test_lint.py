"""The house checks, run with the suite: ruff (lint and format) and mypy --strict on the package,
and rustfmt and the Rust tests of the native core."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.mark.parametrize(
    "argv",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        [sys.executable, "-m", "mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_clean(argv: list[str]) -> None:
    if argv[0] == "ruff":
        exe = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
        argv = [exe, *argv[1:]]
    result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


@pytest.mark.parametrize(
    "args",
    [["fmt", "--check"], ["test", "--release", "--quiet"]],
    ids=["rustfmt", "cargo-test"],  # cargo test: the bit-parallel kernels against rapidfuzz-rs
)
def test_native_core(args: list[str]) -> None:
    cargo = shutil.which("cargo") or shutil.which("cargo", path=str(Path.home() / ".cargo/bin"))
    if cargo is None:
        pytest.skip("no cargo: the native core is not built here either")
    argv = [cargo, *args, "--manifest-path", str(ROOT / "native" / "Cargo.toml")]
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
