"""Apache Kafka broker jars for the tests, resolved by Maven from ``tests/kafka/pom.xml``.

Standard library only, so CI can prefetch before the project is installed:
``python tests/kafka/jars.py`` downloads (once) and prints the jar directory. The jars are cached
in ``~/.cache/monitor-kafka/<version>/libs`` (``$MONITOR_KAFKA_CACHE`` moves it); later runs need
neither Maven nor the network. ``$MONITOR_TEST_KAFKA_VERSION`` picks another Kafka 4.x release.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

KAFKA_VERSION = os.environ.get("MONITOR_TEST_KAFKA_VERSION", "4.4.0")
POM = Path(__file__).resolve().parent / "pom.xml"


class JarResolutionError(RuntimeError):
    """Maven could not provide the broker jars."""


def cache_root() -> Path:
    return Path(os.environ.get("MONITOR_KAFKA_CACHE", "~/.cache/monitor-kafka")).expanduser()


def find_java() -> str | None:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and os.access(Path(java_home, "bin", "java"), os.X_OK):
        return str(Path(java_home, "bin", "java"))
    return shutil.which("java")


def java_major(java: str) -> int:
    """Major version of a java binary (0 if it cannot say)."""
    done = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr)
    if not match:
        return 0
    first = int(match.group(1))
    return int(match.group(2) or 0) if first == 1 else first  # "1.8.0" means Java 8


def apache_unavailable_reason(version: str = KAFKA_VERSION) -> str | None:
    """Why Apache Kafka cannot run here (no Java, or no jars and no Maven), else None."""
    java = find_java()
    if java is None:
        return "no java on PATH or in JAVA_HOME"
    if (major := java_major(java)) < 17:
        return f"{java} is Java {major}; Kafka 4 needs Java 17+"
    if not _complete_marker(version).exists() and shutil.which("mvn") is None:
        return f"Kafka {version} jars are not cached in {cache_root()} and mvn is not installed"
    return None


def _complete_marker(version: str) -> Path:
    return cache_root() / version / "libs" / ".complete"


def resolve_jars(version: str = KAFKA_VERSION) -> Path:
    """Directory holding the broker's jars, copied from Maven Central on first use."""
    libs = cache_root() / version / "libs"
    if _complete_marker(version).exists():
        return libs
    libs.parent.mkdir(parents=True, exist_ok=True)
    with open(libs.parent / ".lock", "w") as lock:  # concurrent sessions: one downloads
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _complete_marker(version).exists():
            return libs
        staging = libs.parent / "libs.partial"
        shutil.rmtree(staging, ignore_errors=True)
        cmd = ["mvn", "-q", "-B", "-f", str(POM), "dependency:copy-dependencies"]
        cmd += [f"-Dkafka.version={version}", f"-DoutputDirectory={staging}"]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            output = (done.stdout + done.stderr)[-3000:]
            raise JarResolutionError(f"maven could not fetch Kafka {version}:\n{output}")
        shutil.rmtree(libs, ignore_errors=True)
        staging.rename(libs)
        (libs / ".complete").write_text(version)
    return libs


if __name__ == "__main__":
    print(resolve_jars(sys.argv[1] if len(sys.argv) > 1 else KAFKA_VERSION))
