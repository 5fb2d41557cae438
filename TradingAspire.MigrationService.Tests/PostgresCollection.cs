using TradingAspire.TestSupport;

namespace TradingAspire.MigrationService.Tests;

/// <summary>The tests that share one <see cref="PostgresServer"/>; each uses its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
