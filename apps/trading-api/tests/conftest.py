"""The session's PostgreSQL (`postgres`, from apps/common); closes the fake gateways (tests/fake_gateway.py) a test
started, when it ends."""
import pytest

from fake_gateway import FakeGateway

pytest_plugins = ["tradingaspire_common.testing.fixtures"]


@pytest.fixture(autouse=True)
def close_fake_gateways():
    yield
    for gateway in list(FakeGateway.open_gateways):
        gateway.close()
