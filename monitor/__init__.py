"""monitor: Kafka-native sanctions screening for payments."""

import os

__version__ = "0.1.0"

# The native core (`monitor._native`) allocates with mimalloc, which reads its options from the
# environment when the extension loads; every import of it passes through this package first.
# mimalloc gives freed pages back to the OS a second after they fall free by default: a list
# update frees a whole index, and a worker swapping lists every 25 s peaked at 438 MB instead of
# 362 (benchmarks/soak.py). Give them back at once (no measurable cost on the search path);
# a value set by the operator wins.
os.environ.setdefault("MIMALLOC_PURGE_DELAY", "0")
