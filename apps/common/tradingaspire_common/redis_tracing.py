"""Client spans for Redis commands (redis.asyncio)."""
import redis.asyncio as aioredis

from .tracing import SPAN_KIND_CLIENT, current_span


def traced_redis_class(tracer, host: str, port: int) -> type:
    """A redis.asyncio.Redis subclass (use its from_url) whose commands run in a CLIENT span named after the command
    (db.system=redis, db.operation.name, db.query.text = command and first key, never values; server.address,
    server.port), a child of the current span; outside any span nothing is recorded. Pipelines and pub/sub are not
    traced per command."""

    class TracedRedis(aioredis.Redis):
        async def execute_command(self, *args, **options):
            if current_span() is None or not args:
                return await super().execute_command(*args, **options)
            command = str(args[0]).upper()
            text = command if len(args) < 2 else f"{command} {args[1]}"
            with tracer.start_span(command, SPAN_KIND_CLIENT, **{
                    "db.system": "redis", "db.operation.name": command, "db.query.text": text,
                    "server.address": host, "server.port": port}):
                return await super().execute_command(*args, **options)

    return TracedRedis
