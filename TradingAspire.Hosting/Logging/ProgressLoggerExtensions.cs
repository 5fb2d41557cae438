using Microsoft.Extensions.Logging;

namespace TradingAspire.Hosting.Logging;

internal static partial class ProgressLoggerExtensions
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Progress}")]
    public static partial void LogProgress(this ILogger logger, string progress);
}
