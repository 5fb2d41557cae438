namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// One running system (dashboard on) shared by the test classes of this collection: starting it is the expensive part;
/// and one headless Chromium (<see cref="Chromium"/>) for its browser tests, each in a browser context of its own.
/// The classes run one after another; a test that stops or restarts a resource brings it back to healthy before it ends.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WholeSystem : ICollectionFixture<TelemetrySystem>, ICollectionFixture<Chromium>
{
    public const string Name = "whole system";
}
