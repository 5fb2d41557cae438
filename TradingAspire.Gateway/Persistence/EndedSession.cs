using HealthChecks.NpgSql;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace TradingAspire.Gateway.Persistence;

/// <summary>
/// PostgreSQL ended the session of a pooled connection while it sat idle in the pool (<c>pg_terminate_backend</c>, as
/// the AppHost's restore and reset do; a stop, crash or restart of the server). Npgsql learns it only at that
/// connection's next use, which fails with the server's last word (57P01, 57P02) or the end of the stream, and then
/// clears the pool: one more attempt runs on a new connection. The gateway's reads, its journal writes whose
/// <c>BEGIN</c> got that answer (nothing of them ran) and its <c>PostgreSql</c> health check try once more.
/// </summary>
internal static class EndedSession
{
    /// <summary>True when <paramref name="exception"/> says the connection's session had been ended by the server.</summary>
    public static bool Is(Exception exception) => exception is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown }
        || exception is NpgsqlException { InnerException: IOException } and not PostgresException;

    /// <summary>Runs <paramref name="read"/> on a pooled connection, once more on a new one when the first one's session had been ended.</summary>
    public static async Task<T> ReadAsync<T>(NpgsqlDataSource dataSource, Func<NpgsqlConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return await read(connection);
        }
        catch (Exception ex) when (Is(ex))
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return await read(connection);
        }
    }

    /// <summary>Aspire.Npgsql's check (<c>SELECT 1</c> through the data source), run once more when the session of its pooled connection had been ended.</summary>
    public sealed class HealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
    {
        private readonly NpgSqlHealthCheck _check = new(new NpgSqlHealthCheckOptions(dataSource));

        /// <inheritdoc />
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var result = await _check.CheckHealthAsync(context, cancellationToken);
            return result.Exception is { } ex && Is(ex) ? await _check.CheckHealthAsync(context, cancellationToken) : result;
        }
    }
}
