using System.Net;
using System.Net.Sockets;

namespace TradingAspire.Bench.Startup;

/// <summary>Ports the kernel hands out as free on 127.0.0.1 right now.</summary>
internal static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
