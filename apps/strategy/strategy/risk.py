"""Pre-trade risk of the strategy: position limit, order notional, cooldown between orders per symbol."""
from decimal import Decimal


def check(side: str, quantity: Decimal, price: Decimal, position: Decimal, seconds_since_last_order: float | None, settings) -> str | None:
    """None when the order may go, else the reason it may not."""
    if seconds_since_last_order is not None and seconds_since_last_order < settings.cooldown_seconds:
        return f"cooldown: last order {seconds_since_last_order:.1f} s ago, minimum {settings.cooldown_seconds:g} s"
    notional = quantity * price
    if notional > settings.max_order_notional:
        return f"order notional {notional:.2f} exceeds {settings.max_order_notional}"
    after = position + (quantity if side == "buy" else -quantity)
    if abs(after) > settings.max_position:
        return f"position would become {after}, beyond ±{settings.max_position}"
    return None
