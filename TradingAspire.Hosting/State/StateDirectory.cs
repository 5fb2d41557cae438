using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

/// <summary>
/// Where the native integrations keep state between runs (PostgreSQL and Redis data, Prometheus data): the
/// configuration key <c>TradingAspire:StateDirectory</c>, relative to the AppHost directory, else
/// <c>{AppHostDirectory}/.tradingaspire</c>. Tests point it at a temporary directory.
/// </summary>
public static class StateDirectory
{
    /// <summary>The configuration key that moves the state directory.</summary>
    public const string ConfigurationKey = "TradingAspire:StateDirectory";

    /// <summary>The absolute state directory for <paramref name="builder"/>'s configuration.</summary>
    public static string Resolve(IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder.Configuration[ConfigurationKey];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? ".tradingaspire" : configured, builder.AppHostDirectory);
    }

    /// <summary>
    /// The data directory a resource keeps between runs: <paramref name="path"/> relative to the AppHost directory
    /// (or absolute) when given, else <c>{state}/data/{resourceName}</c>.
    /// </summary>
    public static string DataDirectoryFor(IDistributedApplicationBuilder builder, string resourceName, string? path = null)
        => Path.GetFullPath(path ?? Path.Combine(Resolve(builder), "data", resourceName), builder.AppHostDirectory);
}
