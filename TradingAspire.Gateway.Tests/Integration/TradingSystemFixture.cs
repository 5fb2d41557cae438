extern alias apphost;

using Npgsql;
using TradingAspire.TestSupport;

namespace TradingAspire.Gateway.Tests.Integration;

/// <summary>
/// The real AppHost (<c>Projects.TradingAspire_AppHost</c>) through Aspire.Hosting.Testing, started once for a test
/// class with a temporary state directory and the dashboard off, until the gateway is healthy.
/// </summary>
public sealed class TradingSystemFixture : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    private readonly string _state = Path.Combine(Path.GetTempPath(), "tradingaspire-tests", $"gateway-{Guid.NewGuid():N}");

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<apphost::Projects.TradingAspire_AppHost>(
            [$"--TradingAspire:StateDirectory={_state}", $"--TradingAspire:LogFiles:Directory={Path.Combine(_state, "logs")}"], (options, _) => options.DisableDashboard = true);
        TelemetryExportOff.Apply(builder);
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
        // The gateway's one client is trading-api: these tests stand in for it with a service token signed with the AppHost's key.
        SigningKey = await App.ParameterValueAsync(AccessTokens.SigningKeyParameter);
        Gateway.DefaultRequestHeaders.Authorization = AccessTokens.ServiceHeader(SigningKey);
    }

    /// <summary>The AppHost's token signing key (parameter auth-signing-key).</summary>
    public string SigningKey { get; private set; } = "";

    /// <summary>A WebSocket client that sends a service token for the gateway.</summary>
    public System.Net.WebSockets.ClientWebSocket NewWebSocket()
    {
        var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", AccessTokens.ServiceHeader(SigningKey).ToString());
        return socket;
    }

    public async Task DisposeAsync()
    {
        Gateway.Dispose();
        await App.DisposeAsync();
        if (Directory.Exists(_state))
        {
            Directory.Delete(_state, recursive: true);
        }
    }

    /// <summary>Runs one of Aspire's resource commands (stop, start) and fails the test when it does not succeed.</summary>
    public async Task CommandAsync(string resource, string command)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, command);
        Assert.True(result.Success, $"{command} {resource}: {result.Message}");
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
