using System.Runtime.CompilerServices;
using TradingAspire.Dashboard.Model;

namespace TradingAspire.Dashboard.Tests;

/// <summary>A fixed set of resources; the real adapter over the orchestrator is tested in the hosting tests.</summary>
internal sealed class FakeResourceSource : IDashboardResourceSource
{
    public List<string> Commands { get; } = [];

    public IReadOnlyList<DashboardResource> GetResources() =>
    [
        new("gateway", "Project", "Running", "Healthy", [new("gateway_http_health_check", "Healthy", "GET /health → 200")], DateTimeOffset.UnixEpoch, null, 42, null, 0,
            [new("http", "http://127.0.0.1:3000")],
            [new("ConnectionStrings__trading", "Host=127.0.0.1;Password=s3cret", IsSecret: true), new("PORT", "3000", IsSecret: false)],
            [new("flush", "Flush", null, false)], ["redis"], null),
    ];

    public async IAsyncEnumerable<DashboardResource> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var resource in GetResources())
        {
            yield return resource;
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    public IReadOnlyList<ConsoleLogLine> GetConsoleLogs(string resourceName, int tail) => [new(1, DateTimeOffset.UnixEpoch, $"{resourceName} started", false)];

    public async IAsyncEnumerable<ConsoleLogLine> WatchConsoleLogsAsync(string resourceName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }

    public Task<DashboardCommandResult> ExecuteCommandAsync(string resourceName, string commandName, CancellationToken cancellationToken)
    {
        Commands.Add($"{resourceName}:{commandName}");
        return Task.FromResult(new DashboardCommandResult(true, $"{commandName} done"));
    }
}
