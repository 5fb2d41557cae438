using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Logging;

namespace TradingAspire.Hosting.Orchestration;

/// <summary>
/// Waits for a resource's dependencies (WaitFor: Healthy; WaitForCompletion: exited with the expected code). A
/// dependency that fails, or is not ready within the startup timeout, throws with which resource, which check and its
/// last log lines.
/// </summary>
internal sealed class DependencyWaiter(ResourceNotificationService notifications, ResourceLoggerService logs, TimeSpan timeout)
{
    public Task WaitAsync(IResource resource, CancellationToken cancellationToken)
        => Task.WhenAll(resource.Annotations.OfType<WaitAnnotation>().Select(w => WaitForOneAsync(w, cancellationToken)));

    private async Task WaitForOneAsync(WaitAnnotation wait, CancellationToken cancellationToken)
    {
        var name = wait.Resource.Name;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        ResourceEvent reached;
        try
        {
            reached = await notifications.WaitForResourceAsync(name, e => IsSettled(wait, e.Snapshot), deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DependencyFailedException(
                $"'{name}' was not {(wait.WaitType == WaitType.WaitUntilHealthy ? "healthy" : "finished")} within {timeout.TotalSeconds:0} s. " +
                Describe(name));
        }

        var snapshot = reached.Snapshot;
        if (wait.WaitType == WaitType.WaitUntilHealthy && !snapshot.IsHealthy)
        {
            // A dependency that failed because of its own dependency says so in its detail, which already carries the
            // root cause's health and log lines; its own log holds only that message again.
            var failedBecauseOfItsDependency = snapshot.StateDetail?.StartsWith(DependencyFailedException.Prefix, StringComparison.Ordinal) == true;
            throw new DependencyFailedException($"dependency '{name}' is {snapshot.State}{Detail(snapshot)}." + (failedBecauseOfItsDependency ? "" : $" {Describe(name)}"));
        }

        if (wait.WaitType == WaitType.WaitForCompletion && snapshot.ExitCode != wait.ExitCode)
        {
            throw new DependencyFailedException(
                $"dependency '{name}' ended {snapshot.State} with exit code {snapshot.ExitCode?.ToString() ?? "(none)"}, expected {wait.ExitCode}. {Describe(name)}");
        }
    }

    private static bool IsSettled(WaitAnnotation wait, ResourceSnapshot snapshot) => wait.WaitType switch
    {
        WaitType.WaitUntilHealthy => snapshot.IsHealthy || KnownResourceStates.TerminalStates.Contains(snapshot.State),
        _ => KnownResourceStates.TerminalStates.Contains(snapshot.State),
    };

    private string Describe(string name)
    {
        var snapshot = notifications.GetCurrent(name);
        var checks = snapshot?.HealthReports.Where(r => r.Status != "Healthy").Select(r => $"check '{r.Name}': {r.Description}").ToList() ?? [];
        var lines = logs.Tail(name, 5).Select(l => "    " + l.Text).ToList();
        return (checks.Count > 0 ? $"Last health check result: {string.Join("; ", checks)}. " : "")
               + (lines.Count > 0 ? $"Last log lines of '{name}':{Environment.NewLine}{string.Join(Environment.NewLine, lines)}" : $"'{name}' wrote no output.");
    }

    private static string Detail(ResourceSnapshot snapshot) => snapshot.StateDetail is { } detail ? $" ({detail})" : "";
}

/// <summary>A dependency failed or timed out; the message says which and why.</summary>
internal sealed class DependencyFailedException(string message) : Exception(message)
{
    /// <summary>How the state detail of a resource that did not start because of a dependency begins.</summary>
    public const string Prefix = "Dependency failed: ";
}
