from urllib.parse import quote

import pytest

from tradingaspire_common.config import ConfigError, connection_property, database_uri, redis_uri, service_url
from tradingaspire_common.testing.passwords import ALL_PUNCTUATION_AND_SPACE

PG = "postgresql://postgres:s3cret@127.0.0.1:5432/trading"


@pytest.mark.parametrize("env, variable, uri", [
    ({"TRADING_URI": PG}, "TRADING_URI", PG),
    ({"TRADING_URI": PG, "DATABASE_URL": "postgresql://x:y@z:1/w"}, "TRADING_URI", PG),
    ({"DATABASE_URL": "postgres://u@db.local/orders"}, "DATABASE_URL", "postgres://u@db.local/orders"),
])
def test_database_uri_is_the_injected_uri_unchanged(env, variable, uri):
    value = database_uri(env)
    assert (value.variable, value.uri) == (variable, uri)


def test_database_uri_gives_host_port_and_database_for_spans_and_logs():
    value = database_uri({"TRADING_URI": f"postgresql://u%40x:{quote(ALL_PUNCTUATION_AND_SPACE, safe='')}@127.0.0.1:5433/my%20db"})
    assert (value.host, value.port, value.database, value.describe()) == ("127.0.0.1", 5433, "my db", "127.0.0.1:5433/my db")
    assert database_uri({"DATABASE_URL": "postgresql://u@h/d"}).port == 5432


@pytest.mark.parametrize("read, env, message", [
    (database_uri, {}, "TRADING_URI is not set. Expected: postgresql://user:password@host:port/database (example: "
                       "postgresql://postgres:s%40cret@127.0.0.1:5432/trading). The AppHost sets it through WithReference(trading); "
                       "to run the app by hand, set it or DATABASE_URL."),
    (database_uri, {"TRADING_URI": "Host=h;Password=topsecret;Database=d"},
     "Invalid TRADING_URI: '<not a URI>...' is not postgresql:// or postgres:// with a host. Expected: postgresql://user:password@host:port/database"),
    (database_uri, {"DATABASE_URL": "mysql://u:topsecret@h:1/db"}, "Invalid DATABASE_URL: 'mysql://h...' is not postgresql:// or postgres:// with a host."),
    (database_uri, {"TRADING_URI": "postgresql://u:topsecret@h:99999/db"}, "Invalid TRADING_URI: the port is not a number from 0 to 65535."),
    (database_uri, {"TRADING_URI": "postgresql://u:topsecret@h:5432"}, "Invalid TRADING_URI: no database after host:port."),
    (redis_uri, {}, "REDIS_URI is not set. Expected: redis://:password@host:port (example: redis://:s%40cret@127.0.0.1:6379). "
                    "The AppHost sets it through WithReference(redis); to run the app by hand, set it or REDIS_URL."),
    (redis_uri, {"REDIS_URI": "127.0.0.1:6379,password=topsecret"}, "Invalid REDIS_URI: '<not a URI>...' is not redis:// or rediss:// with a host."),
    (redis_uri, {"REDIS_URL": "http://:topsecret@127.0.0.1:6379"}, "Invalid REDIS_URL: 'http://127.0.0.1...' is not redis:// or rediss:// with a host."),
])
def test_uri_errors_name_the_variable_and_the_form_without_the_password(read, env, message):
    with pytest.raises(ConfigError) as error:
        read(env)
    assert str(error.value).startswith(message) and "topsecret" not in str(error.value)


@pytest.mark.parametrize("env, variable, host, port", [
    ({"REDIS_URI": "redis://:s3cret@127.0.0.1:6380"}, "REDIS_URI", "127.0.0.1", 6380),
    ({"REDIS_URI": "redis://:a@h:1", "REDIS_URL": "redis://:b@i:2"}, "REDIS_URI", "h", 1),
    ({"REDIS_URL": "rediss://app:p%2Cw@[::1]"}, "REDIS_URL", "::1", 6379),
])
def test_redis_uri_is_the_injected_uri_unchanged(env, variable, host, port):
    value = redis_uri(env)
    assert (value.variable, value.uri, value.host, value.port) == (variable, env[variable], host, port)


@pytest.mark.parametrize("resource, key, variable", [("trading", "uri", "TRADING_URI"), ("my-cache", "Password", "MY_CACHE_PASSWORD")])
def test_connection_property_names_are_aspires(resource, key, variable):
    assert connection_property(resource, key) == variable


@pytest.mark.parametrize("resource, env, expected", [
    ("gateway", {"services__gateway__http__0": "http://127.0.0.1:3000/", "GATEWAY_HTTP": "http://127.0.0.1:9"}, "http://127.0.0.1:3000"),
    ("gateway", {"GATEWAY_HTTP": "http://127.0.0.1:3001"}, "http://127.0.0.1:3001"),
    ("trading-api", {"services__trading-api__http__0": "http://127.0.0.1:8000"}, "http://127.0.0.1:8000"),
    ("trading-api", {"TRADING_API_HTTP": "http://127.0.0.1:8001"}, "http://127.0.0.1:8001"),
])
def test_service_url(resource, env, expected):
    assert service_url(resource, env) == expected


@pytest.mark.parametrize("resource, env, message", [
    ("gateway", {}, "Expected services__gateway__http__0 or GATEWAY_HTTP = http://host:port (example: http://127.0.0.1:3000)"),
    ("gateway", {"GATEWAY_HTTP": "localhost:3000"}, "Invalid GATEWAY_HTTP. Expected: http://host:port"),
    ("trading-api", {}, "services__trading-api__http__0 or TRADING_API_HTTP"),
])
def test_service_url_errors(resource, env, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        service_url(resource, env)
