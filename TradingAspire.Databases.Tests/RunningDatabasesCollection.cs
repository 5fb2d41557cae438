namespace TradingAspire.Databases.Tests;

/// <summary>The test classes that share one <see cref="RunningDatabases"/> (one PostgreSQL and one Redis for all of them).</summary>
[CollectionDefinition(Name)]
public sealed class RunningDatabasesCollection : ICollectionFixture<RunningDatabases>
{
    public const string Name = "running databases";
}
