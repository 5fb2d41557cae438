using TradingAspire.Hosting.Testing;

namespace TradingAspire.Databases.Tests;

/// <summary>What <c>WithReference(db)</c> and <c>WithReference(redis)</c> put into a dependent's environment.</summary>
[Trait("Category", "Integration")]
[Collection(RunningDatabasesCollection.Name)]
public sealed class ReferenceEnvironmentTests(RunningDatabases databases)
{
    private static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(100);

    private async Task<IReadOnlyDictionary<string, string>> EnvironmentOfAsync(string client)
    {
        // The client writes the file atomically right after it starts; Healthy (no checks) means started, not written.
        var file = databases.EnvironmentFile(client);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(file) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(PollPeriod);
        }

        return File.ReadAllLines(file).Where(l => l.Contains('=')).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
    }

    [Fact]
    public async Task ADependentGetsTheAdoAndUrlFormsOfTheDatabaseAndRedis()
    {
        var environment = await EnvironmentOfAsync("client");
        var postgresPort = databases.App.GetEndpoint("postgres").Port;
        var redisPort = databases.App.GetEndpoint("redis").Port;

        Assert.Equal(await databases.App.GetConnectionStringAsync("trading"), environment["ConnectionStrings__trading"]);
        Assert.Matches($"^Host=127\\.0\\.0\\.1;Port={postgresPort};Username=postgres;Password=[0-9a-f]{{32}};Database=trading$", environment["ConnectionStrings__trading"]);
        Assert.Matches($"^postgresql://postgres:[0-9a-f]{{32}}@127\\.0\\.0\\.1:{postgresPort}/trading$", environment["TRADING_URI"]);
        Assert.Equal(("127.0.0.1", $"{postgresPort}", "postgres", "trading"),
            (environment["TRADING_HOST"], environment["TRADING_PORT"], environment["TRADING_USERNAME"], environment["TRADING_DATABASENAME"]));
        Assert.Equal(await databases.App.GetConnectionStringAsync("redis"), environment["ConnectionStrings__redis"]);
        Assert.Matches($"^127\\.0\\.0\\.1:{redisPort},password=[0-9a-f]{{32}}$", environment["ConnectionStrings__redis"]);
        Assert.Matches($"^redis://:[0-9a-f]{{32}}@127\\.0\\.0\\.1:{redisPort}$", environment["REDIS_URI"]);
        Assert.False(environment.ContainsKey("DATABASE_URL"), "only Python apps get the seed-era DATABASE_URL");
    }

    [Fact]
    public async Task APythonAppAlsoGetsDatabaseUrlAndRedisUrl()
    {
        var environment = await EnvironmentOfAsync("python-client");

        Assert.Equal(environment["TRADING_URI"], environment["DATABASE_URL"]);
        Assert.Equal(environment["REDIS_URI"], environment["REDIS_URL"]);
    }
}
