namespace TradingAspire.EndToEnd.Tests;

/// <summary>The telemetry test classes share one running system with the dashboard (starting one takes minutes).</summary>
[CollectionDefinition(Name)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetrySystem>
{
    public const string Name = "Telemetry";
}
