"""JSON with exact decimals. Bodies are parsed with every number as a Decimal (a binary float would turn
0.123456789012 into 0.123456789012000002 and hide that it has too many decimals), and NaN/Infinity literals, which
Python's json accepts but JSON does not, become NonFinite markers that validation refuses. Decimals are written back
as plain JSON numbers with their exact digits (0.5, not 0.5000000000 or 0.5000000000000001)."""
import json
from decimal import Decimal

from starlette.responses import JSONResponse


class NonFinite(str):
    """A NaN, Infinity or -Infinity literal found in a JSON body (kept so the error can name it)."""


def loads(raw: bytes | str):
    """Parses a JSON document; numbers become Decimal. Raises ValueError (json.JSONDecodeError, UnicodeDecodeError)."""
    return json.loads(raw, parse_float=Decimal, parse_int=Decimal, parse_constant=NonFinite)


def _number(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"cannot write {value} as a JSON number")
    sign, digits, exponent = value.as_tuple()
    while exponent < 0 and len(digits) > 1 and digits[-1] == 0:  # strip trailing zeros without rounding
        digits, exponent = digits[:-1], exponent + 1
    if exponent < 0 and digits == (0,):
        exponent = 0
    return format(Decimal((sign, digits, exponent)), "f")


def _encode(value) -> str:
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(key))}: {_encode(item)}" for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_encode(item) for item in value) + "]"
    return json.dumps(value, allow_nan=False)


def dumps(value) -> str:
    """JSON text of dicts, lists, strings, numbers, booleans and None; Decimals keep their exact value."""
    return _encode(value)


class DecimalJSONResponse(JSONResponse):
    """A JSONResponse whose Decimals are written exactly."""

    def render(self, content) -> bytes:
        return dumps(content).encode("utf-8")
