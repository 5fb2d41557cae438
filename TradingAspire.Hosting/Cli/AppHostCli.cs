using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace TradingAspire.Hosting.Cli;

/// <summary>The AppHost command line: no command (or <c>run</c>) runs the application; the others inspect or control it.</summary>
internal static class AppHostCli
{
    private static readonly string[] BuiltInCommands = ["status", "logs", "restart", "stop", "start", "doctor", "--help", "-h", "-?"];

    /// <summary>True when the arguments name a CLI command rather than a run.</summary>
    public static bool IsCommand(string[] args, IEnumerable<string>? contributed = null)
        => args.Length > 0 && (BuiltInCommands.Contains(args[0]) || (contributed ?? []).Contains(args[0]));

    public static bool IsCommand(string[] args, IServiceProvider services)
        => IsCommand(args, services.GetServices<ICliCommandContributor>().SelectMany(c => c.CommandNames));

    public static async Task<int> InvokeAsync(string[] args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var root = new RootCommand("TradingAspire AppHost: runs the trading system (no command) or inspects and controls a running one.")
        {
            StatusCommand.Create(services),
            LogsCommand.Create(services),
            ResourceCommandCommand.Create(services, "restart", "Restart a resource of the running AppHost."),
            ResourceCommandCommand.Create(services, "stop", "Stop a resource of the running AppHost."),
            ResourceCommandCommand.Create(services, "start", "Start a stopped resource of the running AppHost."),
            DoctorCommand.Create(),
        };
        foreach (var contributor in services.GetServices<ICliCommandContributor>())
        {
            contributor.AddCommands(root, services);
        }

        return await root.Parse(args).InvokeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
