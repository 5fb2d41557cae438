using TradingAspire.Tests.Support;

namespace TradingAspire.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class MissingProgramTests
{
    [Fact]
    public async Task AProgramThatIsNotInstalledFailsToStartWithTheFixAndTheRestStarts()
    {
        await using var builder = FixtureApplication.CreateBuilder();
        builder.AddExecutable("ghost", "tradingaspire-no-such-program", ".");
        builder.AddFixtureService("api");
        await using var app = builder.Build();

        await app.StartAsync();
        var failed = await app.ResourceNotifications.WaitForResourceAsync("ghost", KnownResourceStates.FailedToStart).WaitAsync(TimeSpan.FromSeconds(30));
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, failed.Snapshot.RestartCount);
        Assert.Equal(
            "Could not start resource 'ghost': program 'tradingaspire-no-such-program' was not found on PATH. " +
            "Install it (./run.sh doctor prints the install line for the known prerequisites) or fix the command in the AppHost.",
            failed.Snapshot.StateDetail);
    }
}
