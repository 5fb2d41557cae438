using System.Globalization;

namespace TradingAspire.Gateway.Tests.Unit.Support;

/// <summary>A <c>redis-server</c> of a test on 127.0.0.1, without persistence (no RDB snapshot, no AOF).</summary>
internal static class TestRedisServer
{
    /// <summary>Starts <c>redis-server</c> on <paramref name="port"/> (again after a kill: the same port).</summary>
    public static ChildProcess Start(int port)
        => ChildProcess.Start("redis-server", "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no");
}
