using Microsoft.Extensions.Diagnostics.HealthChecks;
using TradingAspire.Hosting.Orchestration;

namespace TradingAspire.Tests.Unit;

public sealed class ConsoleStatePrinterTests
{
    [Fact]
    public void RunningShowsHealthPidAndEndpoints()
    {
        var snapshot = new ResourceSnapshot
        {
            Name = "gateway", ResourceType = "Project", State = KnownResourceStates.Running, HealthStatus = HealthStatus.Healthy,
            ProcessId = 4242, Endpoints = [new AllocatedEndpointSnapshot("http", "http://127.0.0.1:3000")],
        };

        Assert.Equal("gateway        Running (Healthy) pid 4242 http://127.0.0.1:3000", ConsoleStatePrinter.Format(snapshot));
    }

    [Fact]
    public void WaitingSaysOnWhat()
    {
        var snapshot = new ResourceSnapshot { Name = "trading-api", ResourceType = "UvicornApp", State = KnownResourceStates.Waiting, StateDetail = "waiting for gateway" };

        Assert.Equal("trading-api    Waiting — waiting for gateway", ConsoleStatePrinter.Format(snapshot));
    }

    [Fact]
    public void FailedToStartShowsTheExitCodeAndWhy()
    {
        var snapshot = new ResourceSnapshot
        {
            Name = "strategy", ResourceType = "PythonApp", State = KnownResourceStates.FailedToStart, ExitCode = 1, StateDetail = "crashed too often",
        };

        Assert.Equal("strategy       FailedToStart exit code 1 — crashed too often", ConsoleStatePrinter.Format(snapshot));
    }
}
