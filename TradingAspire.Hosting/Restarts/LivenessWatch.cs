namespace TradingAspire.Hosting;

/// <summary>
/// The probe loop of one running process: probe, decide (<see cref="LivenessProbe.Decide"/>), wait a period, until the
/// decision is to kill (then <c>killProcess</c> runs once and the loop ends) or the token is cancelled (the process stopped).
/// </summary>
/// <param name="probe">The probe's settings.</param>
/// <param name="check">One probe: null when healthy, else a short description of the failure. It gets a token cancelled
/// after <see cref="LivenessProbe.Timeout"/>; one that does not return by then has failed anyway.</param>
/// <param name="killProcess">Kills the process; gets the decision and the last failure's description.</param>
/// <param name="time">The clock (a <c>FakeTimeProvider</c> in tests).</param>
internal sealed class LivenessWatch(LivenessProbe probe, Func<CancellationToken, Task<string?>> check, Func<LivenessDecision.Kill, string, Task> killProcess,
    TimeProvider time)
{
    private readonly DateTimeOffset _runningSince = time.GetUtcNow();
    private DateTimeOffset? _failingSince;
    private string _lastFailure = "";

    /// <summary>Probes until a kill or <paramref name="cancellationToken"/>; returns the kill decision, or null when cancelled.</summary>
    public async Task<LivenessDecision.Kill?> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                if (await ProbeOnceAsync(cancellationToken).ConfigureAwait(false) is LivenessDecision.Kill decision)
                {
                    return decision;
                }

                await Task.Delay(probe.Period, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>One step of the loop: probe, then decide from the start time (this object's creation), the failing time and now; kills on <see cref="LivenessDecision.Kill"/>.</summary>
    internal async Task<LivenessDecision> ProbeOnceAsync(CancellationToken cancellationToken)
    {
        var failure = await ProbeAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (failure is null)
        {
            _failingSince = null;
        }
        else
        {
            _failingSince ??= now;
            _lastFailure = failure;
        }

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
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is TimeoutException or OperationCanceledException)
        {
            return $"no answer within {DurationText.Format(probe.Timeout)}";
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return ex.Message;
        }
    }
}
