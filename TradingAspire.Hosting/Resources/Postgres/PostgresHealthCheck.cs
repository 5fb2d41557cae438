using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Resources.Postgres;

/// <summary>Healthy when a connection to the database succeeds and <c>SELECT 1</c> answers.</summary>
internal sealed class PostgresHealthCheck(IResourceWithConnectionString resource) : IResourceHealthCheck
{
    public async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connectionString = resource is PostgresServerResource server
                ? server.MaintenanceConnectionString()
                : await resource.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false);
            var builder = new NpgsqlConnectionStringBuilder(connectionString)
            {
                Timeout = 3,
                Pooling = false,
            };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"SELECT 1 on {builder.Host}:{builder.Port}/{builder.Database ?? "postgres"} answered");
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"SELECT 1 failed: {ex.Message}");
        }
    }
}
