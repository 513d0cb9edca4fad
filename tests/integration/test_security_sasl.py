"""SASL for real: a second Apache Kafka broker with a SASL_PLAINTEXT listener (PLAIN and SCRAM).

The broker keeps a PLAINTEXT listener too (its start-up probe, and this test's reader of the output
topics); `monitor topics create` and the worker only ever use the SASL listener. Passwords are
recognisable strings, so "never in a log" is a grep over the worker's whole log.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest

from monitor.settings import Settings
from monitor.stream.producer import produce_records
from monitor.synth import generate_payments
from tests.integration.conftest import settings_env
from tests.integration.streams import OutputReader, WorkerProcess, unique_settings
from tests.kafka.broker import ApacheKafkaBroker

pytestmark = [pytest.mark.integration, pytest.mark.needs_real_kafka]

USERS = {  # mechanism -> (username, password)
    "PLAIN": ("alice", "Plain-Pw-7f3a9c1d"),
    "SCRAM-SHA-512": ("bob", "Scram-Pw-51be02e8"),
}
WRONG = "Wrong-Pw-c0ffee42"
PLAIN_JAAS = 'org.apache.kafka.common.security.plain.PlainLoginModule required user_{}="{}";'
SCRAM_JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required;"


@pytest.fixture(scope="module")
def sasl_broker() -> Iterator[ApacheKafkaBroker]:
    plain_user, plain_pw = USERS["PLAIN"]
    scram_user, scram_pw = USERS["SCRAM-SHA-512"]
    broker = ApacheKafkaBroker(
        listeners={"SASL": "SASL_PLAINTEXT"},
        properties={
            "sasl.enabled.mechanisms": "PLAIN,SCRAM-SHA-512",
            "listener.name.sasl.plain.sasl.jaas.config": PLAIN_JAAS.format(plain_user, plain_pw),
            "listener.name.sasl.scram-sha-512.sasl.jaas.config": SCRAM_JAAS,
        },
        # KRaft: SCRAM credentials are written into the metadata log when storage is formatted.
        format_args=["--add-scram", f"SCRAM-SHA-512=[name={scram_user},password={scram_pw}]"],
    )
    try:
        broker.start()
        yield broker
    finally:
        broker.close()


def sasl_settings(broker: ApacheKafkaBroker, mechanism: str, password: str) -> Settings:
    return unique_settings(
        broker.listener_bootstrap("SASL"),
        partitions=2,
        security_protocol="SASL_PLAINTEXT",
        sasl_mechanism=mechanism,
        sasl_username=USERS[mechanism][0],
        sasl_password=password,
        metrics_port=0,
    )


def env_of(s: Settings, password: str) -> dict[str, str]:
    # settings_env dumps SecretStr masked: the real password goes in explicitly, as operators do.
    return settings_env(s, MONITOR_SASL_PASSWORD=password)


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-512"])
async def test_topics_and_worker_over_sasl_and_no_password_in_logs(
    sasl_broker: ApacheKafkaBroker, worker_factory: Callable[..., WorkerProcess], mechanism: str
) -> None:
    password = USERS[mechanism][1]
    s = sasl_settings(sasl_broker, mechanism, password)
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "topics", "create"],
        env=os.environ | env_of(s, password),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0 and s.payments_topic in done.stdout, done.stdout + done.stderr
    assert password not in done.stdout + done.stderr

    worker = worker_factory(s, name=mechanism, MONITOR_SASL_PASSWORD=password)
    payments = list(generate_payments(3, seed=8))
    await produce_records(s, s.payments_topic, [p.model_dump_json().encode() for p in payments])
    reader_view = s.model_copy(
        update={"bootstrap_servers": sasl_broker.bootstrap, "security_protocol": "PLAINTEXT"}
    )
    async with OutputReader(reader_view) as reader:
        out = await reader.until(lambda o: len(o.decided()) >= 3, 120, worker.tail)
    assert out.decided() == {p.payment_id for p in payments}
    assert worker.proc.poll() is None

    worker.kill()
    log = worker.log.read_text(errors="replace")
    assert "worker_starting" in log and "sasl_password" in log
    assert password not in log, "the SASL password leaked into the worker's log"


async def test_wrong_password_fails_fast_with_a_clear_error_without_the_password(
    sasl_broker: ApacheKafkaBroker, worker_factory: Callable[..., WorkerProcess]
) -> None:
    s = sasl_settings(sasl_broker, "SCRAM-SHA-512", WRONG)
    worker = worker_factory(s, name="wrong", MONITOR_SASL_PASSWORD=WRONG)
    code = worker.proc.wait(60)
    log = worker.log.read_text(errors="replace")
    assert code == 2, log
    assert "kafka_authentication_failed" in log and "SaslAuthenticationFailed" in log, log
    assert "mechanism=SCRAM-SHA-512" in log and "username=bob" in log
    assert WRONG not in log
