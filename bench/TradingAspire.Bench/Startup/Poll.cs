namespace TradingAspire.Bench.Startup;

/// <summary>Polls a condition every 20 ms until it holds, for at most 2 minutes.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("A bare component did not become ready within 2 minutes (see its log in the run's state directory).");
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}
