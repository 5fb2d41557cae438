using TradingAspire.Hosting.Orchestration;

namespace TradingAspire.Tests.Unit;

public sealed class RestartDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<RestartMode, int, bool, int, RestartAction, double> Cases => new()
    {
        // mode, exit code, stop requested, restarts in the last minute, expected action, expected delay (s)
        { RestartMode.OnFailure, 1, false, 0, RestartAction.Restart, 1 },
        { RestartMode.OnFailure, 1, false, 1, RestartAction.Restart, 2 },
        { RestartMode.OnFailure, 137, false, 2, RestartAction.Restart, 4 },
        { RestartMode.OnFailure, 1, false, 3, RestartAction.GiveUp, 0 },
        { RestartMode.OnFailure, 0, false, 0, RestartAction.Finish, 0 },
        { RestartMode.OnFailure, 1, true, 0, RestartAction.Exit, 0 },
        { RestartMode.Always, 0, false, 0, RestartAction.Restart, 1 },
        { RestartMode.Always, 0, true, 0, RestartAction.Exit, 0 },
        { RestartMode.Always, 2, false, 3, RestartAction.GiveUp, 0 },
        { RestartMode.Never, 1, false, 0, RestartAction.Exit, 0 },
        { RestartMode.Never, 0, false, 0, RestartAction.Finish, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DecisionFollowsPolicyExitCodeAndRecentRestarts(
        RestartMode mode, int exitCode, bool stopRequested, int recentRestarts, RestartAction expected, double expectedDelaySeconds)
    {
        var policy = RestartPolicy.Default with { Mode = mode };
        var restarts = Enumerable.Range(1, recentRestarts).Select(i => Now.AddSeconds(-10 * i)).ToList();

        var decision = RestartDecider.Decide(policy, exitCode, stopRequested, restarts, Now);

        Assert.Equal(expected, decision.Action);
        Assert.Equal(TimeSpan.FromSeconds(expectedDelaySeconds), decision.Delay);
    }

    [Fact]
    public void RestartsOutsideTheWindowDoNotCountTowardTheLimit()
    {
        var old = new[] { Now.AddMinutes(-6), Now.AddMinutes(-7), Now.AddMinutes(-8) };

        var decision = RestartDecider.Decide(RestartPolicy.Default, 1, false, old, Now);

        Assert.Equal(RestartAction.Restart, decision.Action);
        Assert.Equal(TimeSpan.FromSeconds(1), decision.Delay);
    }

    [Fact]
    public void GivingUpExplainsTheLimit()
    {
        var decision = RestartDecider.Decide(RestartPolicy.Default, 3, false, [Now.AddSeconds(-1), Now.AddSeconds(-2), Now.AddSeconds(-3)], Now);

        Assert.Equal("exited with code 3 after 3 restart(s) within 5 min; the limit is 3", decision.Reason);
    }

    [Fact]
    public void RestartReasonSaysWhichRestartAndWhen()
    {
        var decision = RestartDecider.Decide(RestartPolicy.Default, 1, false, [Now.AddSeconds(-5)], Now);

        Assert.Equal("exited with code 1; restart 2 of 3 in 2 s", decision.Reason);
    }
}
