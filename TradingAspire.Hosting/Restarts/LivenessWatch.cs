namespace TradingAspire.Hosting;

/// <summary>
/// The probe loop of one running process: probe, decide (<see cref="LivenessProbe.Decide"/> from this object's creation,
/// the failing time and now), wait a period; until a kill (<paramref name="killProcess"/> runs once, with the decision and
/// the last failure) or the token (the process stopped). <paramref name="check"/> is one probe: null when healthy, else a
/// short description; it gets a token cancelled after <see cref="LivenessProbe.Timeout"/>, and fails anyway by then.
/// </summary>
internal sealed class LivenessWatch(LivenessProbe probe, Func<CancellationToken, Task<string?>> check, Func<LivenessDecision.Kill, string, Task> killProcess,
    TimeProvider time)
{
    private readonly DateTimeOffset _runningSince = time.GetUtcNow();
    private DateTimeOffset? _failingSince;
    private string _lastFailure = "";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await ProbeOnceAsync(cancellationToken).ConfigureAwait(false) is not LivenessDecision.Kill)
            {
                await Task.Delay(probe.Period, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    internal async Task<LivenessDecision> ProbeOnceAsync(CancellationToken cancellationToken)
    {
        var failure = await ProbeAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        _failingSince = failure is null ? null : _failingSince ?? now;
        _lastFailure = failure ?? _lastFailure;
        var decision = probe.Decide(_runningSince, _failingSince, now);
        if (decision is LivenessDecision.Kill kill)
        {
            await killProcess(kill, _lastFailure).ConfigureAwait(false);
        }

        return decision;
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
