using System.Net;
using System.Net.Sockets;

namespace TradingAspire.Hosting.Tests;

/// <summary>The port check with real processes run by Aspire (DCP) and a real listener holding the port.</summary>
[Trait("Category", "Integration")]
[Collection("Aspire processes")]
public sealed class PortCheckIntegrationTests
{
    [Fact]
    public async Task Resource_whose_fixed_port_is_taken_fails_to_start_naming_the_owner_while_the_others_run()
    {
        using var holder = new TcpListener(IPAddress.Any, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        int free;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            free = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.Configuration["DcpPublisher:RandomizePorts"] = "false"; // the declared ports, as `dotnet run` uses them
        builder.AddTradingAspireChecks();
        builder.AddExecutable("web", "sleep", ".", "300").WithHttpEndpoint(port: taken, name: "http");
        builder.AddExecutable("other", "sleep", ".", "300").WithHttpEndpoint(port: free, name: "http");
        await using var app = await builder.BuildAsync();
        await app.StartAsync().WaitAsync(PythonIntegrationTests.Deadline);

        await PythonIntegrationTests.WaitForStateAsync(app, "web", KnownResourceStates.FailedToStart);
        var expected = $"Port {taken} of 'web' (endpoint 'http') is already taken on 0.0.0.0 by pid {Environment.ProcessId} " +
                       $"({PortCheckTests.CommandLineOf(Environment.ProcessId)}). Stop that process (kill {Environment.ProcessId}), or move the endpoint: " +
                       $"change port {taken} of 'web' (endpoint 'http') in the AppHost's Program.cs to a free port, then start 'web' again.";
        var line = await PythonIntegrationTests.WaitForLogAsync(app, "web", $"Port {taken}");
        Assert.Equal(expected, line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..]); // after the timestamp
        await PythonIntegrationTests.WaitForStateAsync(app, "other", KnownResourceStates.Running);
    }

    [Fact]
    public async Task With_randomized_ports_a_taken_declared_port_is_no_conflict()
    {
        using var holder = new TcpListener(IPAddress.Any, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;

        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.Configuration["DcpPublisher:RandomizePorts"] = "true"; // as Aspire.Hosting.Testing sets it: proxies on random ports
        builder.AddTradingAspireChecks();
        builder.AddExecutable("web", "sleep", ".", "300").WithHttpEndpoint(port: taken, name: "http");
        await using var app = await builder.BuildAsync();
        await app.StartAsync().WaitAsync(PythonIntegrationTests.Deadline);

        await PythonIntegrationTests.WaitForStateAsync(app, "web", KnownResourceStates.Running);
    }
}
