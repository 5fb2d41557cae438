"""tradingaspire_common.contracts agrees with eng/contracts/cross-service.json, the values the gateway (C#,
CrossServiceContractsTests) and the trading UI (TypeScript, instruments.test.ts) are checked against too, and the
order statuses with the `orders.status` CHECK constraint of db/migrations."""
import json
import re
from pathlib import Path

from tradingaspire_common import contracts

ROOT = Path(__file__).resolve().parents[3]
AGREED = json.loads((ROOT / "eng" / "contracts" / "cross-service.json").read_text(encoding="utf-8"))


def test_the_redis_keys_and_channels_are_the_agreed_ones():
    redis = AGREED["redis"]
    assert contracts.price_key("{symbol}") == redis["price_key"]
    assert contracts.price_time_key("{symbol}") == redis["price_time_key"]
    assert contracts.tick_channel("{symbol}") == redis["tick_channel"]
    assert contracts.tick_history_key("{symbol}") == redis["tick_history_key"]
    assert contracts.TICK_CHANNEL_PATTERN == redis["tick_channel_pattern"]


def test_the_tick_channel_pattern_matches_every_symbols_channel_and_no_other_key():
    pattern = re.compile(contracts.TICK_CHANNEL_PATTERN.replace("*", ".*"))
    assert pattern.fullmatch(contracts.tick_channel("BTCUSDT"))
    assert not pattern.fullmatch(contracts.price_key("BTCUSDT"))


def test_the_strategy_heartbeat_key_and_lifetime_are_the_agreed_ones():
    assert contracts.STRATEGY_HEARTBEAT_KEY == AGREED["redis"]["strategy_heartbeat_key"]
    assert contracts.STRATEGY_HEARTBEAT_LIFETIME_SECONDS == AGREED["redis"]["strategy_heartbeat_lifetime_seconds"]


def test_the_order_statuses_are_the_agreed_ones_and_the_columns_check():
    assert list(contracts.ORDER_STATUSES) == AGREED["order_statuses"]
    script = next((ROOT / "db" / "migrations").glob("0002_*.sql")).read_text(encoding="utf-8")
    check = re.search(r"^\s*status\s.*CHECK \(status IN \(([^)]*)\)\)", script, re.MULTILINE)
    assert [value.strip().strip("'") for value in check.group(1).split(",")] == list(contracts.ORDER_STATUSES)


def test_the_body_limit_is_the_agreed_one():
    assert contracts.MAX_BODY_BYTES == AGREED["max_request_body_bytes"] == 16 * 1024
