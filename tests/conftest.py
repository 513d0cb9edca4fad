"""Top-level test configuration: the Kafka broker fixtures live in tests/kafka/fixtures.py.

Fixtures: ``kafka_bootstrap``, ``kafka_flavour``, ``kafka_broker``, ``kafka_broker_factory``,
``kafka_admin``, ``topic_factory``, ``producer_factory``, ``consumer_factory``.
"""

pytest_plugins = ["tests.kafka.fixtures"]
