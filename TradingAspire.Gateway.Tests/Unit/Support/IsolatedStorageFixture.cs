namespace TradingAspire.Gateway.Tests.Unit.Support;

/// <summary>
/// Storage with a PostgreSQL server of its own, for a test class that stops or kills the server
/// (<see cref="StorageFixture.StopPostgresAsync"/>, <see cref="StorageFixture.KillPostgresAsync"/>): the other classes'
/// shared server is left alone.
/// </summary>
public sealed class IsolatedStorageFixture() : StorageFixture(new PostgresServer(), ownsServer: true);
