"""Benchmarks: `python -m benchmarks.run` measures the screening core, peers, the Kafka path,
memory and list loading side by side and writes BENCHMARKS.md."""
