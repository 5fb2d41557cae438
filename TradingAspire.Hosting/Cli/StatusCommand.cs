using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace TradingAspire.Hosting.Cli;

/// <summary><c>status</c>: states, health, pids, endpoints, uptime and restarts of the running AppHost's resources.</summary>
internal static class StatusCommand
{
    public static Command Create(IServiceProvider services)
    {
        var command = new Command("status", "Show every resource of the running AppHost: state, health, pid, endpoints, uptime, restarts.");
        command.SetAction(async (_, cancellationToken) =>
        {
            using var client = ControlClient.Connect(services.GetRequiredService<ApplicationPaths>());
            if (client is null)
            {
                return 1;
            }

            var now = DateTimeOffset.UtcNow;
            Console.WriteLine($"{"RESOURCE",-14} {"STATE",-14} {"HEALTH",-10} {"PID",-8} {"UPTIME",-10} {"RESTARTS",-8} ENDPOINTS");
            foreach (var status in await client.GetStatusAsync(cancellationToken).ConfigureAwait(false))
            {
                var uptime = status.StartTime is { } start && status.State == "Running" ? FormatUptime(now - start) : "-";
                Console.WriteLine($"{status.Name,-14} {status.State,-14} {status.Health ?? "-",-10} {status.ProcessId?.ToString() ?? "-",-8} {uptime,-10} {status.RestartCount,-8} {string.Join(' ', status.Endpoints)}"
                                  + (status.Detail is { } detail ? $"  ({detail})" : ""));
            }

            Console.WriteLine($"(from the {client.StatusSource})");
            return 0;
        });
        return command;
    }

    private static string FormatUptime(TimeSpan uptime) => uptime.TotalHours >= 1
        ? $"{(int)uptime.TotalHours}h{uptime.Minutes:00}m"
        : $"{uptime.Minutes}m{uptime.Seconds:00}s";
}
