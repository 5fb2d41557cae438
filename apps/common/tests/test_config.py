import pytest

from tradingaspire_common.config import ConfigError, parse_database_url, parse_redis_url, service_url


def test_database_url_is_split_into_its_parts():
    settings = parse_database_url("postgresql://postgres:s%40cret@127.0.0.1:5433/trading")
    assert (settings.user, settings.password, settings.host, settings.port, settings.database) == ("postgres", "s@cret", "127.0.0.1", 5433, "trading")


@pytest.mark.parametrize("value", ["mysql://u:p@h:1/db", "postgresql://h:5432/db", "postgresql://u:p@h:5432", "not a url"])
def test_malformed_database_url_says_the_expected_form_and_hides_the_password(value):
    with pytest.raises(ConfigError) as error:
        parse_database_url(value)
    assert str(error.value).startswith("Invalid DATABASE_URL format. Expected: postgresql://user:password@host:port/database")
    assert ":p@" not in str(error.value)


def test_missing_database_url_names_the_variable_and_who_sets_it():
    with pytest.raises(ConfigError, match="DATABASE_URL is not set.*WithReference"):
        parse_database_url(None)


def test_database_port_out_of_range_is_rejected():
    with pytest.raises(ConfigError, match="Invalid DATABASE_URL port"):
        parse_database_url("postgresql://u:p@h:99999/db")


def test_redis_url_with_password():
    settings = parse_redis_url("redis://:pw@127.0.0.1:6380")
    assert (settings.host, settings.port, settings.password) == ("127.0.0.1", 6380, "pw")
    assert settings.url() == "redis://:pw@127.0.0.1:6380"


def test_malformed_redis_url():
    with pytest.raises(ConfigError, match=r"Invalid REDIS_URL format. Expected: redis://:password@host:port"):
        parse_redis_url("http://127.0.0.1:6379")


def test_service_url_prefers_the_service_discovery_variable():
    env = {"services__gateway__http__0": "http://127.0.0.1:3000/", "GATEWAY_HTTP": "http://127.0.0.1:9"}
    assert service_url("gateway", env) == "http://127.0.0.1:3000"


def test_service_url_falls_back_to_the_endpoint_variable():
    assert service_url("trading-api", {"TRADING_API_HTTP": "http://127.0.0.1:8000"}) == "http://127.0.0.1:8000"


def test_missing_service_url_names_both_variables():
    with pytest.raises(ConfigError, match="services__gateway__http__0 or GATEWAY_HTTP"):
        service_url("gateway", {})


def test_malformed_service_url():
    with pytest.raises(ConfigError, match="Invalid GATEWAY_HTTP. Expected: http://host:port"):
        service_url("gateway", {"GATEWAY_HTTP": "localhost:3000"})
