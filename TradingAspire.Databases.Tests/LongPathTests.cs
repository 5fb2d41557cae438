using Npgsql;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.Databases.Tests;

/// <summary>A repository in a deep directory: the PostgreSQL socket path would pass the 107-byte limit of Unix sockets.</summary>
[Trait("Category", "Integration")]
public sealed class LongPathTests : IDisposable
{
    private readonly string _root = DatabaseApp.NewStateDirectory();

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void TheSocketPathLimitIsTheOperatingSystems()
    {
        var fits = new PostgresServerPaths("/data", "/run/" + new string('s', 88), "/secret");
        var tooLong = fits with { SocketDirectory = "/run/" + new string('s', 89) };

        Assert.Equal(107, fits.SocketPath(5432).Length);
        Assert.True(fits.SocketFits(5432));
        Assert.False(tooLong.SocketFits(5432));
    }

    [Fact]
    public async Task PostgresInADeepStateDirectoryRunsOnTcpAndSaysWhyThereIsNoSocket()
    {
        var state = Path.Combine(_root, new string('d', 60), "state");
        await using var app = await DatabaseApp.StartAsync(state, declare: b => b.AddPostgres("postgres").AddDatabase("trading"));
        await DatabaseApp.WaitHealthyAsync(app, "trading");

        await using var connection = new NpgsqlConnection(await app.GetConnectionStringAsync("trading"));
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT 1", connection);
        Assert.Equal(1, await select.ExecuteScalarAsync());
        Assert.Contains(app.ResourceLogs.Tail("postgres", 200), line => line.Text.Contains("No Unix socket: ", StringComparison.Ordinal)
                                                                        && line.Text.Contains("longer than the 107 bytes", StringComparison.Ordinal));
    }
}
