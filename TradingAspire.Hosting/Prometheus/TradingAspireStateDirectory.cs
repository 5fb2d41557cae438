using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

/// <summary>
/// Where our integrations keep state (data, generated configuration): configuration <c>TradingAspire:StateDirectory</c>
/// (absolute, or relative to the AppHost directory), default <c>{AppHostDirectory}/.tradingaspire</c>.
/// </summary>
internal static class TradingAspireStateDirectory
{
    /// <summary>The configuration key.</summary>
    public const string ConfigurationKey = "TradingAspire:StateDirectory";

    /// <summary>The state directory (absolute) of <paramref name="builder"/>'s application.</summary>
    public static string Resolve(IDistributedApplicationBuilder builder)
        => Path.GetFullPath(builder.Configuration[ConfigurationKey] is { Length: > 0 } configured ? configured : ".tradingaspire", builder.AppHostDirectory);
}
