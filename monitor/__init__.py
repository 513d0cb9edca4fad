"""monitor: Kafka-native sanctions screening for payments."""

__version__ = "0.1.0"
