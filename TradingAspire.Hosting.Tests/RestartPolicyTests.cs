using Microsoft.Extensions.Time.Testing;

namespace TradingAspire.Hosting.Tests;

/// <summary>The restart decision as a pure function of exit times and now, and the validation of the options.</summary>
public sealed class RestartPolicyTests
{
    private static readonly RestartPolicyAnnotation Policy = new(3, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>Exit times as seconds before "now" (the exit being decided is the one at 0).</summary>
    public static TheoryData<string, int[], string> Cases => new()
    {
        { "first exit: restart 1 after the initial delay", [0], "restart 1 of 3 in 00:00:01" },
        { "second exit in the window: delay doubles", [0, 10], "restart 2 of 3 in 00:00:02" },
        { "third exit: doubles again", [0, 10, 20], "restart 3 of 3 in 00:00:04" },
        { "fourth exit in 5 min: gives up", [0, 10, 20, 30], "give up: Crashed 4 times in 5 min: not restarted" },
        { "exits older than the window do not count", [0, 300, 400, 500], "restart 1 of 3 in 00:00:01" },
        { "an exit exactly one window ago is outside it", [0, 10, 300], "restart 2 of 3 in 00:00:02" },
        { "just inside the window counts", [0, 10, 20, 299], "give up: Crashed 4 times in 5 min: not restarted" },
        { "order of the history does not matter", [30, 0, 20, 10], "give up: Crashed 4 times in 5 min: not restarted" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_follows_the_table(string because, int[] secondsAgo, string expected)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
        clock.Advance(TimeSpan.FromMinutes(30));
        var now = clock.GetUtcNow();
        var exits = secondsAgo.Select(s => now - TimeSpan.FromSeconds(s)).ToList();

        Assert.True(expected == Describe(Policy.Decide(exits, now)), because);
    }

    [Fact]
    public void Delay_is_capped_at_max_delay()
    {
        var policy = new RestartPolicyAnnotation(10, TimeSpan.FromHours(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        var clock = new FakeTimeProvider();
        var exits = new List<DateTimeOffset>();
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(30));
            exits.Add(clock.GetUtcNow());
            delays.Add(policy.Decide(exits, clock.GetUtcNow()).Delay!.Value);
        }

        Assert.Equal([1, 2, 4, 5, 5, 5], delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public void Budget_refills_as_exits_leave_the_window()
    {
        var clock = new FakeTimeProvider();
        var exits = new List<DateTimeOffset>();
        foreach (var _ in Enumerable.Range(0, 4))
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            exits.Add(clock.GetUtcNow());
        }

        Assert.Equal("give up: Crashed 4 times in 5 min: not restarted", Describe(Policy.Decide(exits, clock.GetUtcNow())));

        clock.Advance(TimeSpan.FromMinutes(5)); // the four exits are now older than the window
        exits.Add(clock.GetUtcNow());
        Assert.Equal("restart 1 of 3 in 00:00:01", Describe(Policy.Decide(exits, clock.GetUtcNow())));
    }

    [Fact]
    public void Zero_max_restarts_reports_the_first_crash_without_restarting()
    {
        var policy = new RestartPolicyAnnotation(0, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var now = new FakeTimeProvider().GetUtcNow();

        Assert.Equal("give up: Crashed 1 time in 1 min: not restarted", Describe(policy.Decide([now], now), policy));
    }

    [Fact]
    public void An_exit_code_of_preventRestartExitCodes_leaves_it_down_at_the_first_exit_and_other_codes_are_restarted()
    {
        var policy = new RestartPolicyAnnotation(3, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)) { PreventRestartExitCodes = [2] };
        var now = new FakeTimeProvider().GetUtcNow();

        Assert.Equal((1, (TimeSpan?)null), policy.Decide([now], now, exitCode: 2));
        Assert.Equal("Exited with code 2: not restarted, a restart would fail the same way", policy.GaveUpReason(1, exitCode: 2));
        Assert.Equal((1, (TimeSpan?)TimeSpan.FromSeconds(1)), policy.Decide([now], now, exitCode: 1));
        Assert.Equal((1, (TimeSpan?)TimeSpan.FromSeconds(1)), policy.Decide([now], now, exitCode: null));   // killed: no exit code
        Assert.Equal("Crashed 4 times in 5 min: not restarted", policy.GaveUpReason(4, exitCode: 1));
    }

    public static TheoryData<int, int, int, int, string> InvalidOptions => new()
    {
        // maxRestarts, window s, initialDelay ms, maxDelay ms, expected message fragment
        { -1, 300, 1000, 30000, "WithRestartPolicy: maxRestarts is -1; expected 0 or more (0 = never restart, only report the crash). Example: .WithRestartPolicy(maxRestarts: 3)." },
        { 3, 0, 1000, 30000, "WithRestartPolicy: window is 00:00:00; expected greater than zero. Example: .WithRestartPolicy(window: TimeSpan.FromMinutes(5))." },
        { 3, 300, 0, 30000, "WithRestartPolicy: initialDelay is 00:00:00; expected greater than zero and at most maxDelay (00:00:30). Example: .WithRestartPolicy(initialDelay: TimeSpan.FromSeconds(1))." },
        { 3, 300, 5000, 1000, "WithRestartPolicy: maxDelay is 00:00:01; expected at least initialDelay (00:00:05). Example: .WithRestartPolicy(maxDelay: TimeSpan.FromSeconds(30))." },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_options_fail_when_the_model_is_built_naming_parameter_value_range_and_example(
        int maxRestarts, int windowSeconds, int initialMs, int maxMs, string message)
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var resource = builder.AddExecutable("worker", "sleep", Path.GetTempPath(), "60");

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => resource.WithRestartPolicy(maxRestarts, TimeSpan.FromSeconds(windowSeconds),
            TimeSpan.FromMilliseconds(initialMs), TimeSpan.FromMilliseconds(maxMs)));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_3_restarts_in_5_minutes_1_to_30_seconds_and_the_annotation_carries_them()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var resource = builder.AddExecutable("worker", "sleep", Path.GetTempPath(), "60").WithRestartPolicy();

        var policy = Assert.Single(resource.Resource.Annotations.OfType<RestartPolicyAnnotation>());
        Assert.Equal(new RestartPolicyAnnotation(3, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)), policy);
    }

    private static string Describe((int Exits, TimeSpan? Delay) decision, RestartPolicyAnnotation? policy = null)
        => decision.Delay is { } delay ? $"restart {decision.Exits} of {(policy ?? Policy).MaxRestarts} in {delay}" : $"give up: {(policy ?? Policy).GaveUpReason(decision.Exits)}";
}
