using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Npgsql;
using TradingAspire.Hosting;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.Bench;

/// <summary>
/// Gateway order path at fixed concurrency (orders/s, latency percentiles), pgbench's single-row insert rate on the
/// same PostgreSQL as the floor, and tick fan-out latency to N WebSocket clients.
/// </summary>
internal static class OrdersBenchmark
{
    private const int Concurrency = 8;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    public static async Task RunAsync()
    {
        await using var app = await BenchSystem.StartAsync();
        await OrderPathAsync(app);
        await PgbenchAsync(app);
        await TickFanOutAsync(app, clients: 50, ticks: 40);
    }

    private static async Task OrderPathAsync(DistributedApplication app)
    {
        using var client = app.CreateHttpClient("gateway");
        var latencies = new Latencies();
        var errors = 0;
        var stopwatch = Stopwatch.StartNew();
        var symbols = new[] { "BTCUSDT", "ETHUSDT", "SOLUSDT" };
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async worker =>
        {
            var i = 0;
            while (stopwatch.Elapsed < Duration)
            {
                var started = Stopwatch.GetTimestamp();
                // Alternate sides so positions stay inside the risk limit for the whole run.
                using var response = await client.PostAsJsonAsync("/api/orders", new
                {
                    client_order_id = $"bench-{worker}-{i}-{Guid.NewGuid():N}", symbol = symbols[i % 3], side = i % 2 == 0 ? "buy" : "sell", type = "market", quantity = 0.001,
                });
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if ((int)response.StatusCode != 201)
                {
                    Interlocked.Increment(ref errors);
                }

                i++;
            }
        }));
        Console.WriteLine($"gateway POST /api/orders, concurrency {Concurrency}, {Duration.TotalSeconds:0} s: {latencies.Count / stopwatch.Elapsed.TotalSeconds:0} orders/s, {latencies.Summary()}, non-201: {errors}");
    }

    private static async Task PgbenchAsync(DistributedApplication app)
    {
        var connection = new NpgsqlConnectionStringBuilder(await app.GetConnectionStringAsync("trading"));
        await using (var db = new NpgsqlConnection(connection.ConnectionString))
        {
            await db.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, symbol text, quantity numeric, created_at timestamptz DEFAULT now())", db);
            await create.ExecuteNonQueryAsync();
        }

        var script = Path.GetTempFileName();
        await File.WriteAllTextAsync(script, "INSERT INTO bench_insert (symbol, quantity) VALUES ('BTCUSDT', 0.001);\n");
        var pgbench = Directory.EnumerateFiles("/usr/lib/postgresql", "pgbench", SearchOption.AllDirectories).FirstOrDefault() ?? "pgbench";
        var start = new ProcessStartInfo(pgbench) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-n", "-c", Concurrency.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", "10", "-f", script,
                     "-h", connection.Host!, "-p", connection.Port.ToString(CultureInfo.InvariantCulture), "-U", connection.Username!, connection.Database! })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PGPASSWORD"] = connection.Password;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var tps = output.Split('\n').FirstOrDefault(l => l.StartsWith("tps", StringComparison.Ordinal))?.Trim() ?? output.Trim();
        var latency = output.Split('\n').FirstOrDefault(l => l.StartsWith("latency average", StringComparison.Ordinal))?.Trim();
        Console.WriteLine($"pgbench single-row INSERT, {Concurrency} clients, 10 s (floor for the order path): {tps}; {latency}");
        File.Delete(script);
    }

    private static async Task TickFanOutAsync(DistributedApplication app, int clients, int ticks)
    {
        var endpoint = app.GetEndpoint("gateway");
        var latencies = new Latencies();
        var sockets = new List<ClientWebSocket>();
        for (var i = 0; i < clients; i++)
        {
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri($"ws://{endpoint.Authority}/ws/market?symbols=BTCUSDT"), CancellationToken.None);
            sockets.Add(socket);
        }

        await Task.WhenAll(sockets.Select(async socket =>
        {
            var buffer = new byte[4096];
            for (var received = 0; received < ticks; received++)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                var arrived = DateTimeOffset.UtcNow;
                using var tick = JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, result.Count));
                latencies.Add((arrived - tick.RootElement.GetProperty("timestamp").GetDateTimeOffset()).TotalMilliseconds);
            }
        }));
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        Console.WriteLine($"tick fan-out to {clients} WebSocket clients ({latencies.Count} deliveries, tick created → client received): {latencies.Summary()}");
    }
}
