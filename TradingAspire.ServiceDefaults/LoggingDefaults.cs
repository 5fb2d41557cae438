using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>Log levels a service sets for a category unless its configuration says otherwise.</summary>
public static class LoggingDefaults
{
    /// <summary>
    /// Logs <paramref name="category"/> (and the categories under it) from <paramref name="level"/> up, <see cref="LogLevel.None"/>
    /// for nothing, unless configuration sets a level for the same category (<c>Logging:LogLevel:{category}</c>, e.g. the
    /// environment variable <c>Logging__LogLevel__StackExchange.Redis=Information</c>), which wins: the rule is inserted
    /// before every other, and of two rules for the same category the later one applies. A rule naming a provider (e.g.
    /// <c>Logging:Console:LogLevel:Default</c>) is preferred by .NET over this provider-less one, for that provider.
    /// </summary>
    /// <param name="logging">The service's logging builder.</param>
    /// <param name="category">The log category, e.g. <c>StackExchange.Redis</c>; the categories under it too.</param>
    /// <param name="level">The lowest level logged; <see cref="LogLevel.None"/> for nothing.</param>
    /// <returns>The same builder.</returns>
    /// <example><code>builder.Logging.SetDefaultLevel("StackExchange.Redis", LogLevel.None);</code></example>
    public static ILoggingBuilder SetDefaultLevel(this ILoggingBuilder logging, string category, LogLevel level)
    {
        logging.Services.Configure<LoggerFilterOptions>(options => options.Rules.Insert(0, new LoggerFilterRule(null, category, level, null)));
        return logging;
    }
}
