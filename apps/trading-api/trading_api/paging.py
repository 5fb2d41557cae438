"""The cursor of GET /api/trades: an opaque string naming the last order of a page (its created_at and id), so the
next page starts strictly after it in the order newest first. Stable while new orders arrive, unlike an offset."""
import base64
import uuid
from datetime import datetime


class InvalidCursor(ValueError):
    """The `before` value is not one this API handed out."""


def encode_cursor(created_at: datetime, order_id: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(f"{created_at.isoformat()}|{order_id}".encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(value: str) -> tuple[datetime, uuid.UUID]:
    try:
        text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode("utf-8")
        created_at, order_id = text.split("|")
        parsed = datetime.fromisoformat(created_at)
        if parsed.tzinfo is None:
            raise ValueError("no time zone")
        return parsed, uuid.UUID(order_id)
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidCursor(str(error)) from error
