"""The one definition of what each order field may hold. Validation, the OpenAPI document and the test that reads the
`orders` table's columns (tests/test_order_domain_matches_database.py) all use these objects, so what the API accepts
is exactly what PostgreSQL can store: numeric(28, 10) for quantities and prices, the CHECK patterns for text."""
import re
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class DecimalDomain:
    """A positive, finite decimal stored as numeric(precision, scale): at most `scale` decimal places and
    `precision - scale` integer digits. Never rounded: a value with more decimals is refused."""
    name: str
    precision: int
    scale: int
    example: str

    @property
    def step(self) -> Decimal:
        """The smallest positive value and the increment, 10^-scale (0.0000000001 for scale 10)."""
        return Decimal(1).scaleb(-self.scale)

    @property
    def maximum(self) -> Decimal:
        """10^(precision - scale) - 10^-scale (999999999999999999.9999999999 for numeric(28, 10))."""
        return Decimal(10 ** (self.precision - self.scale)) - self.step

    def describe(self) -> str:
        return f"a number greater than 0, at most {self.maximum:f}, with at most {self.scale} decimal places"


@dataclass(frozen=True)
class TextDomain:
    """A string matching `pattern` (the same text as the column's CHECK constraint)."""
    name: str
    pattern: str
    max_length: int
    description: str
    example: str

    def matches(self, value: str) -> bool:
        return len(value) <= self.max_length and re.fullmatch(self.pattern, value) is not None


@dataclass(frozen=True)
class ChoiceDomain:
    """One of a fixed set of lower-case words (the column's `IN (...)` CHECK constraint)."""
    name: str
    choices: tuple[str, ...]
    default: str | None
    example: str

    def describe(self) -> str:
        return " or ".join(f"'{choice}'" for choice in self.choices)


QUANTITY = DecimalDomain("quantity", precision=28, scale=10, example="0.5")
LIMIT_PRICE = DecimalDomain("limit_price", precision=28, scale=10, example="64000.5")
SYMBOL = TextDomain("symbol", pattern="^[A-Z0-9]{2,20}$", max_length=20,
                    description="2-20 letters or digits", example="BTCUSDT")
CLIENT_ORDER_ID = TextDomain("client_order_id", pattern="^[A-Za-z0-9_.:-]{1,64}$", max_length=64,
                             description="1-64 letters, digits or _ . : -", example="ui-42")
SIDE = ChoiceDomain("side", choices=("buy", "sell"), default=None, example="buy")
ORDER_TYPE = ChoiceDomain("type", choices=("market", "limit"), default="market", example="market")

def _number_schema(domain: DecimalDomain, description: str) -> dict:
    return {"type": "number", "exclusiveMinimum": 0, "maximum": float(domain.maximum), "multipleOf": float(domain.step),
            "description": f"{description}: {domain.describe()} (stored as numeric({domain.precision}, {domain.scale})). "
                           f"A JSON number, or a string holding one for clients whose JSON numbers are binary floats. "
                           f"Never rounded: more decimals are refused with 422.",
            "example": float(domain.example)}


def order_request_schema() -> dict:
    """The JSON Schema of a POST /api/trades body, built from the domains above."""
    return {
        "title": "OrderRequest",
        "type": "object",
        "required": ["symbol", "side", "quantity"],
        "properties": {
            "symbol": {"type": "string", "pattern": "^[A-Za-z0-9]{2,20}$", "maxLength": SYMBOL.max_length,
                       "description": f"Instrument, {SYMBOL.description}; upper-cased before use. Must be one the "
                                      "gateway trades (GET /api/instruments lists them), else 422.",
                       "example": SYMBOL.example},
            "side": {"type": "string", "enum": list(SIDE.choices), "description": "buy or sell (case-insensitive).",
                     "example": SIDE.example},
            "type": {"type": "string", "enum": list(ORDER_TYPE.choices), "default": ORDER_TYPE.default,
                     "description": "market fills at once at the current price plus slippage; limit needs limit_price "
                                    "and fills when the price crosses it."},
            "quantity": _number_schema(QUANTITY, "Quantity in units of the base asset"),
            "limit_price": {**_number_schema(LIMIT_PRICE, "Limit price in the quote currency; required when type is "
                                                          "limit, ignored for market orders"), "nullable": True},
            "client_order_id": {"type": "string", "pattern": CLIENT_ORDER_ID.pattern, "maxLength": CLIENT_ORDER_ID.max_length,
                                "description": f"Your id for the order, {CLIENT_ORDER_ID.description}. Makes a retry "
                                               "idempotent: the same order again answers 200 with the original; a "
                                               "different order under a used id answers 409. Generated (api-<hex>) "
                                               "when absent.",
                                "example": CLIENT_ORDER_ID.example},
        },
    }
