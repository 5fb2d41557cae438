namespace TradingAspire.Gateway.Tests.Unit.Support;

/// <summary>
/// The system clock moved forward by what a test adds (<see cref="Advance"/>): <see cref="GetUtcNow"/> jumps, while
/// timers and timestamps (the market's ticks, retry delays, durations) run on real time as in production. A gateway
/// given it (as its <see cref="TimeProvider"/>) sees minutes pass without the test waiting for them.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    /// <summary>Moves the clock forward by <paramref name="time"/>.</summary>
    public void Advance(TimeSpan time) => Interlocked.Add(ref _offsetTicks, time.Ticks);

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}
