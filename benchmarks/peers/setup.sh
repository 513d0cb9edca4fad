#!/usr/bin/env sh
# Create benchmarks/.venv-bench with the peer matchers pinned in benchmarks/peers/requirements.txt.
# They stay out of the package's environment; benchmarks/run.py calls them in a subprocess.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${MONITOR_BENCH_VENV:-$root/benchmarks/.venv-bench}"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -r "$here/requirements.txt"
"$venv/bin/python" -c "import nomenklatura, sys; print('nomenklatura ready in', sys.prefix)"
