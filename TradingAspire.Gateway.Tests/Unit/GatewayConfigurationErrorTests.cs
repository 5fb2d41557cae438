using System.Diagnostics;
using System.Net.Sockets;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// The gateway as its own process with a bad <c>Gateway</c> setting: it stops before it opens any connection, naming the
/// setting. Two TCP listeners stand where PostgreSQL and Redis would be and count the connections they are offered.
/// </summary>
public sealed class GatewayConfigurationErrorTests
{
    [Fact]
    public async Task An_unparsable_setting_exits_2_naming_it_before_any_connection_to_PostgreSQL_or_Redis()
    {
        using var postgres = new ConnectionCounter();
        using var redis = new ConnectionCounter();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TradingAspire.Gateway.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__trading"] = $"Host=127.0.0.1;Port={postgres.Port};Username=postgres;Password=unused;Database=trading",
                ["ConnectionStrings__redis"] = $"127.0.0.1:{redis.Port},password=unused",
                ["Auth__SigningKey"] = GatewayFixture.SigningKey,
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ChildProcess.FreePort()}",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
                ["Gateway__ClientOrderIdWindow"] = "15min",
            },
        };
        using var gateway = Process.Start(start)!;
        var output = gateway.StandardOutput.ReadToEndAsync();
        var error = gateway.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await gateway.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            gateway.Kill(entireProcessTree: true);   // it did not stop at its configuration: leave no process behind
            throw;
        }

        Assert.Equal(
            (2, "Gateway:ClientOrderIdWindow is '15min': expected a time span hh:mm:ss or d.hh:mm:ss from 00:00:01 to 1.00:00:00 (00:15:00 is 15 minutes); " +
                "example: Gateway__ClientOrderIdWindow=00:15:00.\n" +
                "The gateway did not start. Fix each setting named above where it is set: the gateway's environment (run by the AppHost: the AppHost's " +
                "configuration and parameters, which it passes on) or TradingAspire.Gateway/appsettings.json; " +
                "docs/configuration.md lists every setting.\n", ""),
            (gateway.ExitCode, await error, await output));
        Assert.Equal((0, 0), (postgres.Accepted, redis.Accepted));
    }

    /// <summary>A listener on a free port of 127.0.0.1 that accepts and counts connections (and closes them).</summary>
    private sealed class ConnectionCounter : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private int _accepted;

        public ConnectionCounter()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Accepted => Volatile.Read(ref _accepted);

        public void Dispose() => _listener.Stop();

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    using var client = await _listener.AcceptTcpClientAsync();
                    Interlocked.Increment(ref _accepted);
                }
            }
            catch (Exception error) when (error is SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }
    }
}
