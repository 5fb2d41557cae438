import pytest

from otlp_receiver import OtlpReceiver


@pytest.fixture
def receiver():
    server = OtlpReceiver()
    yield server
    server.close()
