using System.Diagnostics;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.Bench;

/// <summary>POST /api/trades through trading-api (→ PostgreSQL, Redis, gateway) with wrk at fixed concurrency.</summary>
internal static class TradesBenchmark
{
    public static async Task RunAsync()
    {
        // Production mode: uvicorn runs with workers instead of --reload, as a deployment would.
        await using var app = await BenchSystem.StartAsync(s => s["environment"] = "Production");
        var url = app.GetEndpoint("trading-api");
        var script = Path.GetTempFileName();
        await File.WriteAllTextAsync(script, """
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            local sides = {"buy", "sell"}
            local n = 0
            request = function()
              n = n + 1
              return wrk.format(nil, "/api/trades", nil, '{"symbol":"SOLUSDT","side":"' .. sides[(n % 2) + 1] .. '","quantity":0.001}')
            end
            """);
        foreach (var connections in new[] { 16 })
        {
            var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "-t", "2", "-c", connections.ToString(System.Globalization.CultureInfo.InvariantCulture), "-d", "15s", "--latency", "-s", script, url.ToString() })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Console.WriteLine($"wrk POST /api/trades, {connections} connections, 15 s (uvicorn --workers 2):");
            Console.WriteLine(string.Join('\n', output.Split('\n').Where(l => l.Contains("Latency") || l.Contains('%') || l.Contains("Requests/sec") || l.Contains("Non-2xx") || l.Contains("requests in"))));
        }

        File.Delete(script);
    }
}
