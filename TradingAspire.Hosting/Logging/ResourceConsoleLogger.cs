using Microsoft.Extensions.Logging;

namespace TradingAspire.Hosting.Logging;

/// <summary>Writes log messages of the AppHost about a resource into that resource's console log.</summary>
internal sealed class ResourceConsoleLogger(ResourceLoggerService logs, string resourceName) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var message = $"[apphost] {formatter(state, exception)}";
        if (exception is not null)
        {
            message += $" ({exception.GetType().Name}: {exception.Message})";
        }

        logs.Write(resourceName, message, logLevel >= LogLevel.Warning);
    }
}
