namespace TradingAspire.Hosting;

/// <summary>
/// The probe loop of one running process, until the failing time (counted from this object's creation) reaches the
/// threshold, when <paramref name="killProcess"/> runs once with the reason. <paramref name="check"/> is one probe: null
/// when healthy, else a short description; it fails anyway after <see cref="LivenessProbeAnnotation.Timeout"/>.
/// <paramref name="module"/> (null: the process itself, always), asked before each probe, is the pid of the process the
/// probe judges under the reload launcher (<see cref="LivenessMonitor.ModuleOf"/>), or null while the launcher waits on
/// purpose with no child for a change: then no probe runs and the failing time is zero. When it differs from the previous probe's (a reload
/// started another child, or the wait began or ended), the failing time counts again from this probe, after the initial
/// delay, as at a process start: a new child inherits nothing of the one it replaced.
/// </summary>
internal sealed class LivenessWatch(LivenessProbeAnnotation probe, Func<CancellationToken, Task<string?>> check, Action<string> killProcess, TimeProvider time,
    Func<int?>? module = null)
{
    private DateTimeOffset? _runningSince = time.GetUtcNow(); // null while waiting
    private DateTimeOffset? _failingSince;
    private int? _modulePid; // seen at the previous probe
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
        if (module is not null)
        {
            var pid = module();
            if (pid != _modulePid)
            {
                (_runningSince, _failingSince, _modulePid) = (null, null, pid);
            }

            if (pid is null)
            {
                return TimeSpan.Zero; // waiting
            }
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
