using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace TradingAspire.Hosting.Tests;

/// <summary>Redis run by Aspire (DCP) from /usr/bin/redis-server, its state in a temporary directory.</summary>
public sealed class RedisIntegrationTests() : AspireProcessTests("redisrun-")
{
    private IDistributedApplicationTestingBuilder CreateBuilder()
    {
        var builder = PythonIntegrationTests.CreateBuilder();
        builder.Configuration[StateDirectory.ConfigurationKey] = Root.FullName;
        return builder;
    }

    private static async Task<string> ConnectionStringAsync(DistributedApplication app, CancellationToken cancellationToken)
        => await app.GetConnectionStringAsync("redis", cancellationToken) ?? throw new InvalidOperationException("'redis' has no connection string");

    /// <summary>The first reply line of a raw RESP command sent on a new connection without authentication.</summary>
    private static async Task<string> UnauthenticatedReplyAsync(int port, string command, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync(cancellationToken) ?? "";
    }

    private static IEnumerable<IPAddress> NonLoopbackIPv4Addresses()
        => NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    [Fact]
    public async Task Redis_is_healthy_serves_through_its_connection_string_requires_the_password_and_binds_loopback_only()
    {
        await using var builder = CreateBuilder();
        var redis = builder.AddRedisExecutable("redis");
        await using (var app = await builder.BuildAsync())
        {
            await app.StartAsync();
            await ServesRequiresThePasswordAndBindsLoopbackOnlyAsync(app, redis.Resource);
            Assert.True(File.Exists(Path.Combine(redis.Resource.DataDirectory, "redis.aspire.conf")));
            await app.StopAsync(); // a graceful stop (Ctrl+C, aspire stop); a bare dispose raises no ApplicationStopped
        }

        // Not persistent: the temporary directory, whose configuration holds the password, is gone once Redis stopped.
        await Poll.UntilAsync(() => Task.FromResult(!Directory.Exists(redis.Resource.DataDirectory)),
            $"{redis.Resource.DataDirectory} is still there after the app stopped", PythonIntegrationTests.Deadline);
    }

    private static async Task ServesRequiresThePasswordAndBindsLoopbackOnlyAsync(DistributedApplication app, RedisExecutableResource redis)
    {
        using var deadline = new CancellationTokenSource(PythonIntegrationTests.Deadline);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("redis", deadline.Token);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(await ConnectionStringAsync(app, deadline.Token) + ",allowAdmin=true");
        var database = connection.GetDatabase();

        Assert.True(await database.StringSetAsync("order:ord-1", "filled"));
        Assert.Equal("filled", (string?)await database.StringGetAsync("order:ord-1"));
        Assert.True((await database.PingAsync()) < PythonIntegrationTests.Deadline);

        // The process's own port (behind DCP's proxy, which listens on loopback too): only loopback, only with the password.
        var server = connection.GetServer(connection.GetEndPoints().Single());
        var targetPort = int.Parse((await server.ConfigGetAsync("port")).Single().Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("127.0.0.1", (await server.ConfigGetAsync("bind")).Single().Value);
        Assert.StartsWith("-NOAUTH", await UnauthenticatedReplyAsync(targetPort, "PING", deadline.Token));
        Assert.StartsWith("-WRONGPASS", await UnauthenticatedReplyAsync(targetPort, "AUTH wrong-password", deadline.Token));
        var proxyPort = redis.PrimaryEndpoint.Port;
        foreach (var (address, port) in NonLoopbackIPv4Addresses().SelectMany(a => new[] { (a, targetPort), (a, proxyPort) }))
        {
            using var outsider = new TcpClient();
            var refused = await Assert.ThrowsAsync<SocketException>(() => outsider.ConnectAsync(address, port, deadline.Token).AsTask());
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }
    }

    [Fact]
    public async Task A_redis_that_cannot_start_ends_instead_of_running_and_its_log_has_redis_own_error()
    {
        var settings = Path.Combine(Root.FullName, "broken.conf");
        File.WriteAllText(settings, "maxmemory nonsense\n");
        await using var builder = CreateBuilder();
        builder.AddRedisExecutable("redis").WithPersistence(Path.Combine(Root.FullName, "data")).WithConfigurationFile(settings);
        await using var app = await builder.BuildAsync();
        await app.StartAsync();

        var ended = await PythonIntegrationTests.WaitForStateAsync(app, "redis", PythonIntegrationTests.EndedStates);

        Assert.NotEqual(0, ended.Snapshot.ExitCode);
        await PythonIntegrationTests.WaitForLogAsync(app, "redis", "*** FATAL CONFIG FILE ERROR");
        Assert.Contains("maxmemory nonsense", await PythonIntegrationTests.WaitForLogAsync(app, "redis", ">>> 'maxmemory"));
    }

    [Fact]
    public async Task With_persistence_the_append_only_file_holds_the_writes_and_the_data_survives_a_restart_of_the_app()
    {
        var dataDirectory = Path.Combine(Root.FullName, "redisdata");
        for (var run = 1; run <= 2; run++)
        {
            await using var builder = CreateBuilder();
            builder.Configuration["Parameters:redis-password"] = "same-in-both-runs";
            builder.AddRedisExecutable("redis").WithPersistence(dataDirectory);
            await using var app = await builder.BuildAsync();
            await app.StartAsync();

            using var deadline = new CancellationTokenSource(PythonIntegrationTests.Deadline);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("redis", deadline.Token);
            await using var connection = await ConnectionMultiplexer.ConnectAsync(await ConnectionStringAsync(app, deadline.Token));
            var database = connection.GetDatabase();
            if (run == 1)
            {
                await database.StringSetAsync("position:AAPL", "100");
                var appendOnlyDirectory = Path.Combine(dataDirectory, "appendonlydir");
                await Poll.UntilAsync(
                    () => Task.FromResult(Directory.Exists(appendOnlyDirectory) && Directory.EnumerateFiles(appendOnlyDirectory, "*.incr.aof")
                        .Any(file => File.ReadAllText(file).Contains("position:AAPL", StringComparison.Ordinal))),
                    $"no *.incr.aof in {appendOnlyDirectory} holds the write", PythonIntegrationTests.Deadline);
            }
            else
            {
                Assert.Equal("100", (string?)await database.StringGetAsync("position:AAPL"));
            }

            await app.StopAsync(); // a graceful stop deletes only temporary directories, never the one given
        }
    }
}
