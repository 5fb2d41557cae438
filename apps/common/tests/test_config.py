import pytest

from tradingaspire_common.ado_connection_string import parse_keywords
from tradingaspire_common.config import ConfigError, DatabaseSettings, RedisSettings, load_database, load_redis, service_url

DB = "ConnectionStrings__trading"
RD = "ConnectionStrings__redis"


@pytest.mark.parametrize("text, expected", [
    ("Host=h;Port=1;Username=u", {"host": "h", "port": "1", "username": "u"}),
    ("  HOST = h ; port=1;;", {"host": "h", "port": "1"}),
    ("Password='a;b=c';Host=h", {"password": "a;b=c", "host": "h"}),
    ('Password="it""s";Host=h', {"password": 'it"s', "host": "h"}),
    ("Password='it''s'", {"password": "it's"}),
    ("Pass==word=x", {"pass=word": "x"}),
    ("Host=a;Host=b", {"host": "b"}),
    ("Password=", {"password": ""}),
])
def test_ado_keywords(text, expected):
    assert parse_keywords(text) == expected


@pytest.mark.parametrize("text", ["Host", "Host=h;secretpart;Port=1", "=x", "Password='open", "Password='a' b"])
def test_ado_keywords_malformed(text):
    with pytest.raises(ValueError) as error:
        parse_keywords(text)
    assert "secretpart" not in str(error.value)


@pytest.mark.parametrize("env, expected", [
    ({DB: "Host=127.0.0.1;Port=5432;Username=postgres;Password=s3cret;Database=trading"},
     DatabaseSettings("postgres", "s3cret", "127.0.0.1", 5432, "trading")),
    ({DB: "server=db.local;user id=app;pwd='p;w=d';db=orders"}, DatabaseSettings("app", "p;w=d", "db.local", 5432, "orders")),
    ({DB: "Host=h;Port=6000;Username=u;Database=d"}, DatabaseSettings("u", "", "h", 6000, "d")),
    ({DB: "Host=h;Username=u;Password=p;Database=d", "DATABASE_URL": "postgresql://x:y@z:1/w"}, DatabaseSettings("u", "p", "h", 5432, "d")),
    ({"DATABASE_URL": "postgresql://postgres:s%40cret@127.0.0.1:5433/trading"}, DatabaseSettings("postgres", "s@cret", "127.0.0.1", 5433, "trading")),
])
def test_database_settings(env, expected):
    assert load_database(env) == expected


@pytest.mark.parametrize("env, message", [
    ({}, "ConnectionStrings__trading is not set. Expected: Host=host;Port=port;Username=user;Password=password;Database=database "
         "(example: Host=127.0.0.1;Port=5432;"),
    ({DB: "Host=h;Port=5432;Password=topsecret;Database=d"}, "Invalid ConnectionStrings__trading: Username missing"),
    ({DB: "Port=5432;Username=u;Password=topsecret"}, "Invalid ConnectionStrings__trading: Host, Database missing"),
    ({DB: "Host=h;Port=99999;Username=u;Password=topsecret;Database=d"}, "Invalid ConnectionStrings__trading: Port '99999' is not a number"),
    ({DB: "Host=h;Port=x;Username=u;Password=topsecret;Database=d"}, "Port 'x' is not a number from 1 to 65535"),
    ({DB: "Host=h;Username=u;Password=top;secret;Database=d"}, "Invalid ConnectionStrings__trading: a segment has no '='"),
    ({DB: "Host=a,b;Username=u;Password=topsecret;Database=d"}, "several hosts"),
    ({"DATABASE_URL": "mysql://u:topsecret@h:1/db"}, "Invalid DATABASE_URL format. Expected: postgresql://user:password@host:port/database"),
    ({"DATABASE_URL": "postgresql://u:topsecret@h:99999/db"}, "Invalid DATABASE_URL"),
])
def test_database_settings_errors_name_the_variable_the_form_and_hide_the_password(env, message):
    with pytest.raises(ConfigError) as error:
        load_database(env)
    assert message in str(error.value)
    assert "example:" in str(error.value)
    assert "topsecret" not in str(error.value) and "secret;" not in str(error.value).replace("Password=secret;", "")


def test_database_password_with_specials_survives_the_dsn_and_kwargs():
    settings = load_database({DB: "Host=h;Port=1;Username=u@x;Password='p@:/;w';Database=d"})
    assert settings.dsn() == "postgresql://u%40x:p%40%3A%2F%3Bw@h:1/d"
    assert settings.connect_kwargs() == {"host": "h", "port": 1, "user": "u@x", "password": "p@:/;w", "database": "d"}


@pytest.mark.parametrize("env, expected, url", [
    ({RD: "127.0.0.1:6379,password=s3cret"}, RedisSettings("127.0.0.1", 6379, "s3cret"), "redis://:s3cret@127.0.0.1:6379"),
    ({RD: "localhost:6380,Password=p/w,SSL=True,abortConnect=false"}, RedisSettings("localhost", 6380, "p/w", None, True), "rediss://:p%2Fw@localhost:6380"),
    ({RD: "redis.local"}, RedisSettings("redis.local", 6379, None), "redis://redis.local:6379"),
    ({RD: "[::1]:7000,password=x"}, RedisSettings("::1", 7000, "x"), "redis://:x@[::1]:7000"),
    ({RD: "h:1,password=a=b,user=app"}, RedisSettings("h", 1, "a=b", "app"), "redis://app:a%3Db@h:1"),
    ({"REDIS_URL": "redis://:pw@127.0.0.1:6380"}, RedisSettings("127.0.0.1", 6380, "pw"), "redis://:pw@127.0.0.1:6380"),
])
def test_redis_settings(env, expected, url):
    settings = load_redis(env)
    assert settings == expected and settings.url() == url


@pytest.mark.parametrize("env, message", [
    ({}, "ConnectionStrings__redis is not set. Expected: host:port,password=password[,ssl=true|false] (example: 127.0.0.1:6379,password=secret)"),
    ({RD: "password=topsecret"}, "Invalid ConnectionStrings__redis: no host:port"),
    ({RD: "h:notaport,password=topsecret"}, "Invalid ConnectionStrings__redis: 'h:notaport' is not host:port"),
    ({RD: "h:70000,password=topsecret"}, "'h:70000' is not host:port with a port from 1 to 65535"),
    ({RD: "h:1,password=topsecret,ssl=maybe"}, "ssl=maybe is not true or false"),
    ({"REDIS_URL": "http://:topsecret@127.0.0.1:6379"}, "Invalid REDIS_URL format. Expected: redis://:password@host:port"),
])
def test_redis_settings_errors(env, message):
    with pytest.raises(ConfigError) as error:
        load_redis(env)
    assert message in str(error.value) and "example:" in str(error.value) and "topsecret" not in str(error.value)


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
