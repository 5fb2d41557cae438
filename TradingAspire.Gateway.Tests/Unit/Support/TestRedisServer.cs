using System.Globalization;
using System.Net.Sockets;

namespace TradingAspire.Gateway.Tests.Unit.Support;

/// <summary>A <c>redis-server</c> of a test on 127.0.0.1, without persistence (no RDB snapshot, no AOF).</summary>
internal static class TestRedisServer
{
    /// <summary>
    /// Starts <c>redis-server</c> on <paramref name="port"/> (again after a kill: the same port) and returns once it accepts
    /// connections: a client made before that would see Redis down at its start (refused attempts, logged).
    /// </summary>
    public static async Task<ChildProcess> StartAsync(int port)
    {
        var server = ChildProcess.Start("redis-server", "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no");
        try
        {
            await Poll.UntilAsync(async () =>
            {
                using var client = new TcpClient();
                try
                {
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            }, () => $"redis-server does not accept connections on 127.0.0.1:{port}: {server.Output}", TimeSpan.FromSeconds(15));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }
}
