using Npgsql;

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// What <c>WithReference</c> injects for our PostgreSQL database and Redis, without processes: Aspire 13's connection
/// properties (<c>{NAME}_{KEY}</c>) next to <c>ConnectionStrings__{name}</c>, and every password of
/// <see cref="AnyPasswords"/> read back exactly by the clients' own parsers (Npgsql, .NET's Uri as asyncpg and redis-py
/// decode it).
/// </summary>
public sealed class ConnectionPropertiesModelTests() : TemporaryDirectoryTest("connprops-")
{
    private async Task<Dictionary<string, string>> ReferencingEnvironmentAsync(string postgresPassword, string redisPassword, string postgresUser = "postgres")
    {
        var builder = PostgresModelTests.CreateBuilder();
        builder.Configuration["Parameters:postgres-password"] = postgresPassword;
        builder.Configuration["Parameters:redis-password"] = redisPassword;
        builder.Configuration["Parameters:pg-user"] = postgresUser;
        var user = postgresUser == "postgres" ? null : builder.AddParameter("pg-user");
        var server = builder.AddPostgresExecutable("postgres", user, null, 5432, PostgresModelTests.Debian15(root: false));
        var trading = server.AddDatabase("trading");
        var redis = builder.AddRedisExecutable("redis", port: 6379);
        var service = builder.AddExecutable("service", "true", Root.FullName).WithReference(trading).WithReference(redis);
        ModelEndpoints.Allocate(server.Resource, "tcp", 5432, 41239);
        ModelEndpoints.Allocate(redis.Resource, "tcp", 6379, 41240);
        return await PythonModelTests.EnvironmentAsync(service.Resource);
    }

    [Fact]
    public async Task A_referencing_resource_gets_the_connection_properties_of_the_database_and_of_redis_as_Aspire_names_them()
    {
        var environment = await ReferencingEnvironmentAsync("pgpw", "rdpw");

        Assert.Equal("Host=127.0.0.1;Port=5432;Username=postgres;Password=pgpw;Database=trading", environment["ConnectionStrings__trading"]);
        Assert.Equal(("127.0.0.1", "5432", "postgres", "pgpw", "trading"),
            (environment["TRADING_HOST"], environment["TRADING_PORT"], environment["TRADING_USERNAME"], environment["TRADING_PASSWORD"], environment["TRADING_DATABASENAME"]));
        Assert.Equal("postgresql://postgres:pgpw@127.0.0.1:5432/trading", environment["TRADING_URI"]);
        Assert.Equal("jdbc:postgresql://127.0.0.1:5432/trading", environment["TRADING_JDBCCONNECTIONSTRING"]);
        Assert.Equal("127.0.0.1:6379,password=rdpw", environment["ConnectionStrings__redis"]);
        Assert.Equal(("127.0.0.1", "6379", "rdpw", "redis://:rdpw@127.0.0.1:6379"),
            (environment["REDIS_HOST"], environment["REDIS_PORT"], environment["REDIS_PASSWORD"], environment["REDIS_URI"]));
        Assert.DoesNotContain(environment.Keys, key => key.StartsWith("POSTGRES_", StringComparison.Ordinal) || key == "ConnectionStrings__postgres");
    }

    [Theory]
    [MemberData(nameof(AnyPasswords.Theory), MemberType = typeof(AnyPasswords))]
    public async Task Any_password_reads_back_exactly_from_the_connection_string_with_Npgsql_and_from_the_URIs_and_properties(string password)
    {
        var environment = await ReferencingEnvironmentAsync(password, password, postgresUser: "us;er '\"x");

        var npgsql = new NpgsqlConnectionStringBuilder(environment["ConnectionStrings__trading"]);
        Assert.Equal((password, "us;er '\"x", "trading", "127.0.0.1", 5432), (npgsql.Password, npgsql.Username, npgsql.Database, npgsql.Host, npgsql.Port));
        Assert.Equal(password, environment["TRADING_PASSWORD"]);
        Assert.Equal(password, environment["REDIS_PASSWORD"]);
        Assert.Equal(("us;er '\"x", password, "/trading"), UserPasswordAndPath(environment["TRADING_URI"]));
        Assert.Equal(("", password, ""), UserPasswordAndPath(environment["REDIS_URI"]));
    }

    [Fact]
    public void The_manifest_expression_names_the_parameters_unquoted()
    {
        var builder = PostgresModelTests.CreateBuilder();
        var server = builder.AddPostgresExecutable("postgres", null, null, 5432, PostgresModelTests.Debian15(root: false));

        Assert.Equal("Host={postgres.bindings.tcp.host};Port={postgres.bindings.tcp.port};Username=postgres;Password={postgres-password.value}",
            server.Resource.ConnectionStringExpression.ValueExpression);
    }

    /// <summary>User and password percent-decoded as asyncpg and redis-py decode them (split at the first ':' of the user info), and the path.</summary>
    private static (string User, string Password, string Path) UserPasswordAndPath(string uri)
    {
        var parsed = new Uri(uri);
        var colon = parsed.UserInfo.IndexOf(':', StringComparison.Ordinal);
        var (user, password) = (parsed.UserInfo[..colon], parsed.UserInfo[(colon + 1)..]);
        return (Uri.UnescapeDataString(user), Uri.UnescapeDataString(password), parsed.AbsolutePath == "/" ? "" : parsed.AbsolutePath);
    }
}
