import pytest

from tradingaspire_common.otlp_test_receiver import OtlpReceiver


@pytest.fixture
def receiver():
    server = OtlpReceiver()
    yield server
    server.close()
