using Microsoft.Extensions.Hosting;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Orchestration;

/// <summary>Prints each resource state change on the AppHost console, as it happens.</summary>
public sealed class ConsoleStatePrinter(ResourceNotificationService notifications, TimeProvider timeProvider) : BackgroundService
{
    private readonly Dictionary<string, string> _lastShown = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var resourceEvent in notifications.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                var line = Format(resourceEvent.Snapshot);
                if (_lastShown.TryGetValue(resourceEvent.Snapshot.Name, out var last) && last == line)
                {
                    continue;
                }

                _lastShown[resourceEvent.Snapshot.Name] = line;
                Console.Out.WriteLine($"{timeProvider.GetLocalNow():HH:mm:ss} {line}");
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>One console line for a snapshot, e.g. <c>gateway        Running (Healthy) pid 1234 http://127.0.0.1:3000</c>.</summary>
    public static string Format(ResourceSnapshot snapshot)
    {
        var parts = new List<string> { $"{snapshot.Name,-14} {snapshot.State}" };
        if (snapshot.State == KnownResourceStates.Running)
        {
            parts[0] += $" ({snapshot.HealthStatus?.ToString() ?? "health unknown"})";
            if (snapshot.ProcessId is { } pid)
            {
                parts.Add($"pid {pid}");
            }

            parts.AddRange(snapshot.Endpoints.Select(e => e.Url));
        }

        if (snapshot.ExitCode is { } exitCode && snapshot.State != KnownResourceStates.Running)
        {
            parts.Add($"exit code {exitCode}");
        }

        if (snapshot.StateDetail is { } detail)
        {
            parts.Add($"— {detail}");
        }

        return string.Join(' ', parts);
    }
}
