namespace TradingAspire.Tests.Support;

/// <summary>Polls a condition until it holds or a deadline passes: the tests' only way to wait.</summary>
internal static class Eventually
{
    // Polling period of the condition loops below (each has a deadline); not a synchronisation delay.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met within {timeout.TotalSeconds:0.#} s: {because}");
            }

            await Task.Delay(PollInterval);
        }
    }
}
