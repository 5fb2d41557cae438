namespace TradingAspire.Gateway.Tests.Integration;

/// <summary>One running AppHost shared by the gateway's integration test classes (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class TradingSystemCollection : ICollectionFixture<TradingSystemFixture>
{
    public const string Name = "gateway system";
}
