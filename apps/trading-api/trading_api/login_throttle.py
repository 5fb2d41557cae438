"""Failed logins counted per user name or client id in Redis (shared by every uvicorn worker, kept across restarts):
`failures` failed attempts in a row, each within `lock_seconds` of the previous, lock that name for `lock_seconds`.
Keys: auth:failures:<name> (a counter, expiring lock_seconds after the last failure), auth:locked:<name> (present while
locked; its TTL is the Retry-After). A success clears the counter."""


class LoginThrottle:
    def __init__(self, redis, failures: int, lock_seconds: int):
        self.redis, self.failures, self.lock_seconds = redis, failures, lock_seconds

    async def locked_for(self, name: str) -> int:
        """Seconds left of a lock on `name`, 0 when it is not locked."""
        ttl = await self.redis.ttl(f"auth:locked:{name}")
        return max(int(ttl), 0)

    async def failed(self, name: str) -> tuple[int, bool]:
        """Counts a failure: (failures in a row, whether this one locked the name)."""
        key = f"auth:failures:{name}"
        async with self.redis.pipeline(transaction=True) as pipe:
            count, _ = await pipe.incr(key).expire(key, self.lock_seconds).execute()
        if count >= self.failures:
            await self.redis.set(f"auth:locked:{name}", "1", ex=self.lock_seconds)
            await self.redis.delete(key)
            return int(count), True
        return int(count), False

    async def succeeded(self, name: str) -> None:
        await self.redis.delete(f"auth:failures:{name}")
