"""Client spans for PostgreSQL statements run through asyncpg (`create_pool(..., connection_class=...)`)."""
import contextvars

import asyncpg

from .tracing import SPAN_KIND_CLIENT, current_span

# Set while asyncpg runs its own statements (the pool's reset on release), which are not the application's.
_internal = contextvars.ContextVar("asyncpg_internal", default=False)


def traced_connection_class(tracer, host: str, port: int, database: str) -> type:
    """An asyncpg.Connection subclass whose fetch/fetchrow/fetchval/execute/executemany run in a CLIENT span named
    "{OPERATION} {database}" (db.system=postgresql, db.namespace, db.query.text, server.address, server.port),
    a child of the current span. Outside any span (health checks, background loops) nothing is recorded, so spans only
    appear inside a trace; nor are asyncpg's own statements (the pool's reset when a connection is released). Pass it as `connection_class` to asyncpg.create_pool; pool.fetchrow etc. go through it."""

    def traced(method_name: str):
        method = getattr(asyncpg.Connection, method_name)

        async def call(self, query, *args, **kwargs):
            if current_span() is None or _internal.get():
                return await method(self, query, *args, **kwargs)
            text = query if isinstance(query, str) else str(query)
            operation = text.lstrip().split(None, 1)[0].upper() if text.strip() else "QUERY"
            with tracer.start_span(f"{operation} {database}", SPAN_KIND_CLIENT, **{
                    "db.system": "postgresql", "db.namespace": database, "db.operation.name": operation,
                    "db.query.text": text, "server.address": host, "server.port": port}):
                return await method(self, query, *args, **kwargs)

        call.__name__ = method_name
        return call

    async def reset(self, *args, **kwargs):
        token = _internal.set(True)
        try:
            return await asyncpg.Connection.reset(self, *args, **kwargs)
        finally:
            _internal.reset(token)

    members = {name: traced(name) for name in ("fetch", "fetchrow", "fetchval", "execute", "executemany")}
    members["reset"] = reset
    return type("TracedConnection", (asyncpg.Connection,), members)
