pytest_plugins = ["tradingaspire_common.testing.fixtures"]  # the session's PostgreSQL (`postgres`)

import pytest

from tradingaspire_common.testing.otlp_receiver import OtlpReceiver


@pytest.fixture
def receiver():
    server = OtlpReceiver()
    yield server
    server.close()
