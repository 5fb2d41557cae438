using System.Net;
using System.Net.Sockets;
using Npgsql;
using TradingAspire.Hosting;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.Databases.Tests;

[Trait("Category", "Integration")]
public sealed class PortConflictTests : IDisposable
{
    private readonly string _state = DatabaseApp.NewStateDirectory();
    private readonly TcpListener _occupier = new(IPAddress.Loopback, 0);

    public PortConflictTests() => _occupier.Start();

    private int TakenPort => ((IPEndPoint)_occupier.LocalEndpoint).Port;

    public void Dispose()
    {
        _occupier.Stop();
        if (Directory.Exists(_state))
        {
            Directory.Delete(_state, recursive: true);
        }
    }

    [Fact]
    public async Task PostgresMovesToAFreePortInDevelopmentAndItsConnectionStringFollows()
    {
        await using var app = await DatabaseApp.StartAsync(_state,
            declare: b => b.AddPostgres("postgres", port: TakenPort).AddDatabase("trading"),
            configure: s => { s["AppHost:RandomizePorts"] = "false"; s["AppHost:PortConflict"] = "PickFree"; });
        await DatabaseApp.WaitHealthyAsync(app, "trading");

        var connectionString = new NpgsqlConnectionStringBuilder(await app.GetConnectionStringAsync("trading"));

        Assert.NotEqual(TakenPort, connectionString.Port);
        Assert.Equal(connectionString.Port, app.GetEndpoint("postgres").Port);
    }

    [Fact]
    public async Task WithPortConflictFailTheOwnerAndTheFixAreNamed()
    {
        var error = await Assert.ThrowsAsync<DistributedApplicationValidationException>(() => DatabaseApp.StartAsync(_state,
            declare: b => b.AddPostgres("postgres", port: TakenPort),
            configure: s => { s["AppHost:RandomizePorts"] = "false"; s["AppHost:PortConflict"] = "Fail"; }));

        Assert.Contains($"Port {TakenPort} for resource 'postgres' (endpoint 'tcp') is already in use by pid {Environment.ProcessId}", error.Message);
        Assert.Contains("Resources__postgres__Port=<port>", error.Message);
    }
}
