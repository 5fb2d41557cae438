"""Moving-average crossover: buy when the fast average crosses above the slow one, sell when it crosses below."""
from collections import deque


class CrossoverSignal:
    def __init__(self, fast_window: int, slow_window: int):
        self.fast = deque(maxlen=fast_window)
        self.slow = deque(maxlen=slow_window)
        self.previous_sign = 0

    def update(self, price: float) -> str | None:
        """Adds a price; returns 'buy' or 'sell' on a crossover, else None (also while the windows fill)."""
        self.fast.append(price)
        self.slow.append(price)
        if len(self.slow) < self.slow.maxlen:
            return None
        difference = sum(self.fast) / len(self.fast) - sum(self.slow) / len(self.slow)
        sign = (difference > 0) - (difference < 0)
        signal = None
        if sign and self.previous_sign and sign != self.previous_sign:
            signal = "buy" if sign > 0 else "sell"
        if sign:
            self.previous_sign = sign
        return signal
