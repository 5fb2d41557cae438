namespace TradingAspire.Gateway.Tests.Unit.Support;

/// <summary>
/// The gateway test classes that share one PostgreSQL server (starting it is the expensive part); each class works in
/// a database of its own (<see cref="StorageFixture"/>, <see cref="GatewayFixture"/>). The classes run one after another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "gateway storage";
}
