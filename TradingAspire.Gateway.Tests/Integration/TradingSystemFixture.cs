using Npgsql;
using TradingAspire.Hosting;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.Gateway.Tests.Integration;

/// <summary>The real AppHost definition, started once for a test class, with the gateway healthy.</summary>
public sealed class TradingSystemFixture : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TradingAspire_AppHost>();
        App = await builder.BuildAsync();
        try
        {
            await App.StartAsync();
            await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway").WaitAsync(Timeout);
        }
        catch
        {
            // xunit does not dispose a fixture whose initialisation failed: stop everything here.
            await App.DisposeAsync();
            throw;
        }

        Gateway = App.CreateHttpClient("gateway");
    }

    public async Task DisposeAsync()
    {
        Gateway.Dispose();
        await App.DisposeAsync();
    }

    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(await App.GetConnectionStringAsync("trading"));
        await connection.OpenAsync();
        return connection;
    }

    public async Task<long> CountAsync(string sql, params object[] parameters)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }
}
