using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Aspire.Hosting;

/// <summary>The AppHost's <c>.env</c> files as configuration layers below environment variables and the command line.</summary>
public static class DotEnvBuilderExtensions
{
    /// <summary>The team's file, read first.</summary>
    public const string SharedFileName = ".env";

    /// <summary>A developer's own file (git-ignored), read second: its values win.</summary>
    public const string LocalFileName = ".env.local";

    /// <summary>
    /// Reads <c>{directory}/.env</c> then <c>{directory}/.env.local</c> (a missing file is skipped) as configuration, lines
    /// <c>KEY=VALUE</c> with the key as a .NET environment variable (<c>TradingAspire__StateDirectory=/srv/trading</c> sets
    /// <c>TradingAspire:StateDirectory</c>); <c># comments</c> and <c>export KEY=VALUE</c> are accepted. DotNetEnv's grammar:
    /// unquoted or double-quoted values expand <c>$NAME</c> from the process environment, which is not changed.
    /// Ranking, lowest first: appsettings.json, appsettings.{Environment}.json, user secrets, <c>.env</c>, <c>.env.local</c>,
    /// environment variables, the command line. The files cannot choose the environment: the host has decided it before.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="directory">The directory holding the files, relative to the AppHost directory or absolute; <c>..</c> is the repository root of an AppHost project at its top level.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="DotEnvFormatException">A line of either file is not an assignment, comment or blank line (thrown here,
    /// before any resource starts).</exception>
    /// <example><code>builder.AddDotEnvFiles("..");   // {repository}/.env, then {repository}/.env.local</code></example>
    public static IDistributedApplicationBuilder AddDotEnvFiles(this IDistributedApplicationBuilder builder, string directory = "..")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var root = Path.GetFullPath(directory, builder.AppHostDirectory);
        // Just below the unprefixed environment variables (the application's, not DOTNET_/ASPNETCORE_), else below the command
        // line, else on top. Each file is loaded as it is added: a malformed file throws here, before the model is built.
        List<IConfigurationSource> sources = [.. builder.Configuration.Sources];
        var environment = sources.FindLastIndex(s => s is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        var commandLine = sources.FindIndex(s => s is CommandLineConfigurationSource);
        ConfigurationSourcePlacement.AddBelowSourcesFrom(builder, environment >= 0 ? environment : commandLine >= 0 ? commandLine : sources.Count,
            new DotEnvFileConfigurationSource(Path.Combine(root, SharedFileName)),
            new DotEnvFileConfigurationSource(Path.Combine(root, LocalFileName)));
        return builder;
    }
}
