namespace Aspire.Hosting.ApplicationModel;

/// <summary>What <see cref="RestartPolicy.Decide"/> says to do after an unexpected exit.</summary>
public abstract record RestartDecision
{
    private RestartDecision()
    {
    }

    /// <summary>Start the resource again after <paramref name="Delay"/>.</summary>
    /// <param name="Delay">Time to wait before the start: the initial delay doubled per earlier exit in the window, capped.</param>
    /// <param name="Attempt">1-based number of this restart within the window (1 … maxRestarts).</param>
    /// <param name="MaxRestarts">The policy's limit, so a caller can show "restart 2 of 3".</param>
    public sealed record Restart(TimeSpan Delay, int Attempt, int MaxRestarts) : RestartDecision;

    /// <summary>Leave the resource down: it exited more than the policy allows within the window.</summary>
    /// <param name="Exits">Unexpected exits counted within the window, this one included (maxRestarts + 1 or more).</param>
    /// <param name="Window">The policy's window.</param>
    /// <param name="Reason">Human text, e.g. <c>Crashed 4 times in 5 min: not restarted</c>.</param>
    public sealed record GiveUp(int Exits, TimeSpan Window, string Reason) : RestartDecision;
}
