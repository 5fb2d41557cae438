import pytest

from tradingaspire_common.testing.otlp_receiver import OtlpReceiver


@pytest.fixture
def receiver():
    server = OtlpReceiver()
    yield server
    server.close()
