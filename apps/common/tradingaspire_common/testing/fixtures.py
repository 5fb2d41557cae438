"""pytest fixtures shared by the Python apps' tests (a plugin: `pytest_plugins = ["tradingaspire_common.testing.fixtures"]`
in a tests/conftest.py)."""
from collections.abc import Iterator

import pytest

from tradingaspire_common.testing.postgres import PostgresServer


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL for the whole test session (initdb is the expensive part); each module that needs a
    database makes its own with `postgres.create_database(migrations)`. Started on first use, stopped at the end."""
    server = PostgresServer()
    try:
        yield server
    finally:
        server.stop()
