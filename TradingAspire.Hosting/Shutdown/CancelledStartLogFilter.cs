using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace TradingAspire.Hosting;

/// <summary>
/// Hides the generic host's "Hosting failed to start" (a <see cref="TaskCanceledException"/> stack trace thrown by Aspire's
/// orchestrator) once <see cref="Activate"/> says the start was cancelled by a stop request (Ctrl+C, SIGTERM,
/// <c>StopApplication</c>) — an expected outcome, which <see cref="OrderedShutdown"/> reports in one line instead. Until
/// then, and for any other start failure, nothing is filtered. A logging filter rule (category
/// <see cref="HostCategory"/> below Critical) added through the options' change token, so loggers already created follow it.
/// </summary>
internal sealed class CancelledStartLogFilter : IConfigureOptions<LoggerFilterOptions>, IOptionsChangeTokenSource<LoggerFilterOptions>
{
    /// <summary>The category of Microsoft.Extensions.Hosting's host, which logs the failed start at Error.</summary>
    internal const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private readonly CancellationTokenSource _activated = new();

    public string? Name => Options.DefaultName;

    /// <summary>Fires once, at <see cref="Activate"/>; afterwards a token that never fires (a fired one would be re-read forever).</summary>
    public IChangeToken GetChangeToken() =>
        new CancellationChangeToken(_activated.IsCancellationRequested ? CancellationToken.None : _activated.Token);

    public void Configure(LoggerFilterOptions options)
    {
        if (_activated.IsCancellationRequested)
        {
            options.Rules.Add(new LoggerFilterRule(null, HostCategory, LogLevel.Critical, null));
        }
    }

    /// <summary>From now on the host's errors are not logged; the loggers are re-filtered before this returns.</summary>
    public void Activate() => _activated.Cancel();
}
