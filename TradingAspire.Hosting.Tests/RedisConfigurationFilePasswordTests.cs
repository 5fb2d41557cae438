using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// Any password through <c>requirepass</c> in the configuration file we write (Redis's quoting of spaces, quotes and
/// backslashes): a real <c>redis-server</c> started on the file accepts the password as StackExchange.Redis sends it
/// from <c>ConfigurationOptions.Password</c> and refuses another.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RedisConfigurationFilePasswordTests() : TemporaryDirectoryTest("redisconf-pw-")
{
    [Theory]
    [MemberData(nameof(AnyPasswords.Theory), MemberType = typeof(AnyPasswords))]
    public async Task Redis_started_on_the_written_file_requires_exactly_the_password(string password)
    {
        using var deadline = new CancellationTokenSource(PythonIntegrationTests.Deadline);
        var redis = new RedisExecutableResource("cache", "redis-server", Root.FullName, new ParameterResource("cache-password", _ => password, secret: true));
        redis.Annotations.Add(new DataDirectoryAnnotation(Root.CreateSubdirectory(Guid.NewGuid().ToString("N")).FullName));
        var file = await RedisConfigurationFile.WriteAsync(redis, deadline.Token);
        var port = FreePort();
        using var server = Process.Start(new ProcessStartInfo("redis-server", [file, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("redis-server did not start");
        try
        {
            _ = server.StandardOutput.ReadToEndAsync(deadline.Token);
            ConnectionMultiplexer? connection = null;
            await Poll.UntilAsync(async () => (connection = await ConnectOrNullAsync(port, password)) is not null,
                "redis-server did not accept the password", PythonIntegrationTests.Deadline);
            await using (connection)
            {
                Assert.True(await connection!.GetDatabase().StringSetAsync("k", password));
                Assert.Equal(password, (string?)await connection.GetDatabase().StringGetAsync("k"));
            }

            var refused = await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectAsync(port, password + "x"));
            Assert.Equal(ConnectionFailureType.AuthenticationFailure, refused.FailureType);
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task<ConnectionMultiplexer?> ConnectOrNullAsync(int port, string password)
    {
        try
        {
            return await ConnectAsync(port, password);
        }
        catch (RedisConnectionException ex) when (ex.FailureType != ConnectionFailureType.AuthenticationFailure)
        {
            return null; // not listening yet
        }
    }

    private static Task<ConnectionMultiplexer> ConnectAsync(int port, string password)
    {
        var options = new ConfigurationOptions { Password = password, AbortOnConnectFail = true, ConnectTimeout = 2000, ConnectRetry = 1 };
        options.EndPoints.Add(IPAddress.Loopback, port);
        return ConnectionMultiplexer.ConnectAsync(options);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
