using TradingAspire.Hosting.Orchestration;

namespace TradingAspire.Tests.Unit;

public sealed class BackoffScheduleTests
{
    [Fact]
    public void DelaysDoubleFromOneSecondUpToTheCap()
    {
        var policy = RestartPolicy.Default;

        var delays = Enumerable.Range(0, 8).Select(attempt => BackoffSchedule.Delay(policy, attempt).TotalSeconds);

        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], delays);
    }

    [Fact]
    public void HugeAttemptCountsStayAtTheCap()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), BackoffSchedule.Delay(RestartPolicy.Default, 10_000));
    }

    [Fact]
    public void CustomBoundsAreRespected()
    {
        var delays = Enumerable.Range(0, 5).Select(a => BackoffSchedule.Delay(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), a).TotalMilliseconds);

        Assert.Equal([100, 200, 400, 500, 500], delays);
    }
}
