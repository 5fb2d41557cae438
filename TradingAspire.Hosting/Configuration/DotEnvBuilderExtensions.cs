using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Aspire.Hosting;

/// <summary>
/// The AppHost's <c>.env</c> files: <c>.env</c> (the team's settings) then <c>.env.local</c> (a developer's own,
/// git-ignored) as configuration layers below environment variables and the command line.
/// </summary>
public static class DotEnvBuilderExtensions
{
    /// <summary>The shared file, read first.</summary>
    public const string SharedFileName = ".env";

    /// <summary>The developer's own file, read second (its values win over <see cref="SharedFileName"/>'s).</summary>
    public const string LocalFileName = ".env.local";

    /// <summary>
    /// Reads <c>{directory}/.env</c> then <c>{directory}/.env.local</c> as configuration. Each line is
    /// <c>KEY=VALUE</c> with the key in the form of a .NET environment variable, <c>__</c> for the section separator
    /// (<c>TradingAspire__StateDirectory=/srv/trading</c> sets <c>TradingAspire:StateDirectory</c>); blank lines and
    /// <c># comments</c> are ignored, <c>export KEY=VALUE</c> is accepted. Values follow the dotenv grammar of the
    /// DotNetEnv library: unquoted or double-quoted values expand <c>$NAME</c>/<c>${NAME}</c> from the process
    /// environment, single-quoted values are taken as written. The process environment itself is not changed.
    /// <para>
    /// Ranking, lowest first: appsettings.json, appsettings.{Environment}.json, user secrets, <c>.env</c>,
    /// <c>.env.local</c>, environment variables, the command line. A missing file is skipped. The files cannot choose
    /// the environment (Development, Production): the host has decided it before they are read.
    /// </para>
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="directory">The directory holding the files, relative to the AppHost directory or absolute; <c>..</c> is the repository root of an AppHost project at its top level.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="DotEnvFormatException">A line of either file is not a dotenv assignment, comment or blank line; the message names the file, the line and the expected form. Thrown here, before any resource starts.</exception>
    /// <example><code>builder.AddDotEnvFiles("..");   // {repository}/.env, then {repository}/.env.local</code></example>
    public static IDistributedApplicationBuilder AddDotEnvFiles(this IDistributedApplicationBuilder builder, string directory = "..")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var root = Path.GetFullPath(directory, builder.AppHostDirectory);
        var position = PositionBelowEnvironmentVariables([.. builder.Configuration.Sources]);
        // Each file is loaded as it is added, so a malformed file throws here, before the model is even built. Added, not
        // inserted: an insert reloads every source, and a stream source cannot be read twice (ConfigurationSourcePlacement).
        ConfigurationSourcePlacement.AddBelowSourcesFrom(builder, position,
            new DotEnvFileConfigurationSource(Path.Combine(root, SharedFileName)),
            new DotEnvFileConfigurationSource(Path.Combine(root, LocalFileName)));
        return builder;
    }

    /// <summary>Where the files go: just below the unprefixed environment variables (the application's, not the host's
    /// <c>DOTNET_</c>/<c>ASPNETCORE_</c> ones), else below the command line, else on top.</summary>
    private static int PositionBelowEnvironmentVariables(List<IConfigurationSource> sources)
    {
        var environment = sources.FindLastIndex(s => s is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        var commandLine = sources.FindIndex(s => s is CommandLineConfigurationSource);
        return environment >= 0 ? environment : commandLine >= 0 ? commandLine : sources.Count;
    }
}
