namespace TradingAspire.TestSupport;

/// <summary>Waits for a condition by checking it periodically until a deadline (linked into the test projects that need it).</summary>
internal static class Poll
{
    // Polling period of the condition loop (bounded by the deadline); not a synchronisation delay.
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>Returns once <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> with <paramref name="failure"/> after <paramref name="timeout"/>.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, string failure, TimeSpan timeout)
        => UntilAsync(condition, () => failure, timeout);

    /// <summary>As above, with the failure message made when the deadline passes (so it can show the state then).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, Func<string> failure, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(failure());
            }

            await Task.Delay(Interval);
        }
    }
}
