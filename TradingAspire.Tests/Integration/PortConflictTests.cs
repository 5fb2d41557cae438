using System.Net;
using System.Net.Sockets;
using TradingAspire.Tests.Support;

namespace TradingAspire.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class PortConflictTests : IDisposable
{
    private readonly TcpListener _occupier = new(IPAddress.Loopback, 0);

    public PortConflictTests() => _occupier.Start();

    private int TakenPort => ((IPEndPoint)_occupier.LocalEndpoint).Port;

    public void Dispose() => _occupier.Stop();

    [Fact]
    public async Task ATakenPortFailsStartupNamingTheOwnerAndTheFix()
    {
        await using var builder = FixtureApplication.CreateBuilder(settings =>
        {
            settings["AppHost:RandomizePorts"] = "false";
            settings["AppHost:PortConflict"] = "Fail";
        });
        builder.AddFixture("api", "--serve").WithHttpEndpoint(port: TakenPort, env: "PORT");
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<DistributedApplicationValidationException>(() => app.StartAsync());

        Assert.Contains(
            $"Port {TakenPort} for resource 'api' (endpoint 'http') is already in use by pid {Environment.ProcessId} (", error.Message);
        Assert.Contains(
            $"stop it with: kill {Environment.ProcessId}). Stop that process, or choose another port with Resources__api__Port=<port>, or set AppHost__PortConflict=PickFree.",
            error.Message);
        Assert.Null(app.ResourceNotifications.GetCurrent("api"));
    }

    [Fact]
    public async Task InDevelopmentATakenPortIsReplacedByAFreeOneAndInjected()
    {
        await using var builder = FixtureApplication.CreateBuilder(settings =>
        {
            settings["AppHost:RandomizePorts"] = "false";
            settings["AppHost:PortConflict"] = "PickFree";
        });
        var api = builder.AddFixtureService("api").WithHttpEndpoint(port: TakenPort, name: "public", env: "UNUSED_PORT");
        builder.AddFixtureService("client").WithReference(api).WaitFor(api);
        await using var app = builder.Build();

        await app.StartAsync();
        await app.ResourceNotifications.WaitForResourceHealthyAsync("client").WaitAsync(TimeSpan.FromSeconds(30));

        var publicEndpoint = Hosting.Testing.DistributedApplicationTestingExtensions.GetEndpoint(app, "api", "public");
        Assert.NotEqual(TakenPort, publicEndpoint.Port);
        var clientEnvironment = app.ResourceNotifications.GetCurrent("client")!.Environment;
        Assert.Contains(clientEnvironment, e => e.Name == "services__api__public__0" && e.Value == $"http://127.0.0.1:{publicEndpoint.Port}");
    }
}
