using System.CommandLine;

namespace TradingAspire.Hosting.Cli;

/// <summary>Adds AppHost CLI commands (e.g. <c>db migrate</c>); register implementations in the builder's services.</summary>
public interface ICliCommandContributor
{
    /// <summary>The top-level command names this contributor adds (used to tell CLI commands from a normal run).</summary>
    IReadOnlyCollection<string> CommandNames { get; }

    /// <summary>Adds the commands to the root command.</summary>
    void AddCommands(RootCommand root, IServiceProvider services);
}
