namespace TradingAspire.Hosting;

/// <summary>
/// The probe loop of one running process, until the failing time (counted from this object's creation) reaches the
/// threshold, when <paramref name="killProcess"/> runs once with the reason. <paramref name="check"/> is one probe: null
/// when healthy, else a short description; it fails anyway after <see cref="LivenessProbeAnnotation.Timeout"/>.
/// <paramref name="waiting"/> (null: never), asked before each probe, is true while the process waits on purpose (the
/// reload launcher with no module running until a change compiles): no probe runs, the failing time is zero, and it
/// counts again, after the initial delay, from the first probe that sees the process no longer waiting.
/// </summary>
internal sealed class LivenessWatch(LivenessProbeAnnotation probe, Func<CancellationToken, Task<string?>> check, Action<string> killProcess, TimeProvider time,
    Func<bool>? waiting = null)
{
    private DateTimeOffset? _runningSince = time.GetUtcNow(); // null while waiting
    private DateTimeOffset? _failingSince;
    private string _lastFailure = "";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await ProbeOnceAsync(cancellationToken).ConfigureAwait(false) < probe.FailureThreshold)
            {
                await Task.Delay(probe.Period, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One probe; returns the failing time that counts (zero or less: alive).</summary>
    internal async Task<TimeSpan> ProbeOnceAsync(CancellationToken cancellationToken)
    {
        if (waiting?.Invoke() == true)
        {
            (_runningSince, _failingSince) = (null, null);
            return TimeSpan.Zero;
        }

        _runningSince ??= time.GetUtcNow();
        var failure = await ProbeAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        _failingSince = failure is null ? null : _failingSince ?? now;
        _lastFailure = failure ?? _lastFailure;
        var failing = probe.FailingFor(_runningSince.Value, _failingSince, now);
        if (failing >= probe.FailureThreshold)
        {
            killProcess($"Liveness probe failed for {DurationText.Format(failing)} (threshold {DurationText.Format(probe.FailureThreshold)}), last: {_lastFailure}");
        }

        return failing;
    }

    private async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        using var bound = new CancellationTokenSource(probe.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(bound.Token, cancellationToken);
        try
        {
            return await check(linked.Token).WaitAsync(probe.Timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return ex is TimeoutException or OperationCanceledException ? $"no answer within {DurationText.Format(probe.Timeout)}" : ex.Message;
        }
    }
}
