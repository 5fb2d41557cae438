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
    /// before every other, and of two rules for the same category the later one applies.
    /// </summary>
    public static ILoggingBuilder SetDefaultLevel(this ILoggingBuilder logging, string category, LogLevel level)
    {
        logging.Services.Configure<LoggerFilterOptions>(options => options.Rules.Insert(0, new LoggerFilterRule(null, category, level, null)));
        return logging;
    }
}
