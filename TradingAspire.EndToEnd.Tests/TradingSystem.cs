using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// The whole trading system from the real AppHost (<c>Projects.TradingAspire_AppHost</c>) through
/// <c>Aspire.Hosting.Testing</c>, started once per test class: random ports (the testing builder's), a temporary state
/// directory (PostgreSQL and Redis data), the dashboard off unless a subclass turns it on.
/// </summary>
public class TradingSystem : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    /// <summary>The resource that runs once and exits 0 (waited for as Finished, not Healthy).</summary>
    public const string Migrations = "migrations";

    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), "tradingaspire-tests", $"state-{Guid.NewGuid():N}");

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    /// <summary>True to run the Aspire dashboard with the system.</summary>
    protected virtual bool WithDashboard => false;

    /// <summary>Extra AppHost arguments (configuration as <c>--Key=Value</c>).</summary>
    protected virtual IEnumerable<string> Arguments => [];

    public async Task InitializeAsync()
    {
        App = await StartAsync(StateDirectory, WithDashboard, Arguments);
        Api = App.CreateHttpClient("trading-api");
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await App.DisposeAsync();
        DeleteDirectory(StateDirectory);
    }

    /// <summary>Builds and starts the AppHost on <paramref name="stateDirectory"/>, then waits for every resource.</summary>
    public static async Task<DistributedApplication> StartAsync(string stateDirectory, bool withDashboard, IEnumerable<string>? arguments = null)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TradingAspire_AppHost>(
            [$"--TradingAspire:StateDirectory={stateDirectory}", .. arguments ?? []],
            (options, _) => options.DisableDashboard = !withDashboard);
        var app = await builder.BuildAsync();
        try
        {
            await app.StartAsync().WaitAsync(Timeout);
            await WaitForEveryResourceAsync(app);
            return app;
        }
        catch
        {
            // xunit does not dispose a fixture whose initialisation failed: stop everything here.
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until migrations finished and every other resource is healthy.</summary>
    public static async Task WaitForEveryResourceAsync(DistributedApplication app)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        await app.ResourceNotifications.WaitForResourceAsync(Migrations, KnownResourceStates.Finished, deadline.Token);
        foreach (var resource in app.Services.GetRequiredService<DistributedApplicationModel>().Resources
                     .Where(r => r is not ParameterResource && r.Name != Migrations))
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name, deadline.Token);
        }
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

    internal static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
