using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;

namespace TradingAspire.MigrationService;

/// <summary>
/// DbUp's own log, written to category <c>DbUp</c> at Debug level (warnings stay warnings): the service logs the
/// progress, the summary and any failure itself, so DbUp's lines (and its repeated stack traces on a failure) only
/// show when asked for with <c>Logging__LogLevel__DbUp=Debug</c>. DbUp's messages are <c>{0}</c>-style formats.
/// </summary>
internal sealed class DbUpLog(ILogger logger) : IUpgradeLog
{
#pragma warning disable CA2254 // DbUp supplies the format strings.
    public void LogTrace(string format, params object[] args) => logger.LogTrace(format, args);

    public void LogDebug(string format, params object[] args) => logger.LogDebug(format, args);

    public void LogInformation(string format, params object[] args) => logger.LogDebug(format, args);

    public void LogWarning(string format, params object[] args) => logger.LogWarning(format, args);

    public void LogError(string format, params object[] args) => logger.LogDebug(format, args);

    public void LogError(Exception ex, string format, params object[] args) => logger.LogDebug(ex, format, args);
#pragma warning restore CA2254
}
