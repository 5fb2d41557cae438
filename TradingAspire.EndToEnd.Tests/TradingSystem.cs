using Npgsql;
using StackExchange.Redis;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>The whole trading system from the real AppHost definition, started once per test class.</summary>
public class TradingSystem : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    /// <summary>Extra configuration for the system under test (e.g. turn the dashboard on).</summary>
    protected virtual void Configure(IDictionary<string, string?> settings)
    {
    }

    /// <summary>Extra resources declared next to the AppHost's own (e.g. one that always crashes).</summary>
    protected virtual void Declare(IDistributedApplicationTestingBuilder builder)
    {
    }

    /// <summary>The resources the fixture waits for before the tests run.</summary>
    protected virtual bool MustBeHealthy(string resourceName) => true;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TradingAspire_AppHost>([], Configure);
        Declare(builder);
        App = await builder.BuildAsync();
        try
        {
            await App.StartAsync();
            foreach (var resource in App.Model.Resources.Where(r => r is not Hosting.ApplicationModel.ParameterResource && MustBeHealthy(r.Name)))
            {
                await App.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name).WaitAsync(Timeout);
            }
        }
        catch
        {
            // xunit does not dispose a fixture whose initialisation failed: stop everything here.
            await App.DisposeAsync();
            throw;
        }

        Api = App.CreateHttpClient("trading-api");
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await App.DisposeAsync();
    }

    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(await App.GetConnectionStringAsync("trading"));
        await connection.OpenAsync();
        return connection;
    }

    public async Task<object?> ScalarAsync(string sql, params object[] parameters)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteScalarAsync();
    }

    public async Task<IDatabase> RedisAsync()
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync((await App.GetConnectionStringAsync("redis"))!);
        return multiplexer.GetDatabase();
    }
}
