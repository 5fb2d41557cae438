namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// One system started with every ASCII punctuation character and spaces in the database passwords
/// (<see cref="AnyPasswordSystem"/>), shared by <see cref="AnyPasswordSystemTests"/> and <see cref="ChaosTests"/>:
/// the kills of the chaos test then also prove that PostgreSQL and Redis come back, and every client reconnects, with
/// such passwords; one AppHost start instead of two. Either class may run first: the chaos test waits for each killed
/// resource to be healthy again, and AnyPasswordSystemTests waits for every resource before it checks them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AnyPasswordCollection : ICollectionFixture<AnyPasswordSystem>
{
    public const string Name = "any-password system";
}
