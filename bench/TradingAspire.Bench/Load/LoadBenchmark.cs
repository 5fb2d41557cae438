using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Npgsql;
using TradingAspire.Bench.Startup;
using TradingAspire.TestSupport;

namespace TradingAspire.Bench.Load;

/// <summary>
/// Throughput through the system TradingAspire.AppHost starts, in the Development profile (as `dotnet run` starts it:
/// uvicorn --reload, every client through DCP's proxies on the published ports, every trace kept) or the Production
/// profile (`--launch-profile production`: 2 uvicorn workers, no proxy, one trace in ten; run the benchmark built in
/// Release so the gateway is a Release build), every client on the ports the AppHost publishes, in one run:
/// the gateway's order path (<c>POST /api/orders</c> with wrk, 8 connections, 10 s after a 10 s warm-up) against pgbench's single-row INSERT with 8
/// clients on the same PostgreSQL (through the proxy and directly); <c>POST /api/trades</c> through trading-api with wrk (16 connections, 15 s); and
/// <c>GET /health</c> of both with wrk (16 connections, 10 s). Each phase also prints the CPU it used by part of the
/// system (<see cref="CpuByPart"/>).
/// </summary>
internal static class LoadBenchmark
{
    private const int Clients = 8;
    private static readonly TimeSpan OrderDuration = TimeSpan.FromSeconds(10);

    // The gateway's first seconds of orders run code the JIT has not optimised yet (about 0.8 ms of gateway CPU per
    // order against 0.3 ms warm): a warm-up phase, printed but not measured, comes first.
    private static readonly TimeSpan WarmUpDuration = TimeSpan.FromSeconds(10);

    /// <param name="environment">Development or Production (the AppHost's launch profiles "http" and "production").</param>
    /// <param name="cancellationToken">Stops the benchmark and everything it started.</param>
    public static async Task RunAsync(string environment, CancellationToken cancellationToken)
    {
        Console.WriteLine($"profile: {environment}, services built {BenchPaths.Configuration}");
        await using var system = await AppHostSystem.StartAsync("load", environment, TimeSpan.FromMinutes(3), cancellationToken);
        var (run, state, parent) = (system.Run, system.State, system.Directory);
        var gateway = run.Timeline.Url("gateway", "http");
        var api = run.Timeline.Url("trading-api", "http");
        var postgres = run.Timeline.Url("postgres", "tcp");
        var database = $"Host=127.0.0.1;Port={postgres.Port};Username=postgres;Password={state.PostgresPassword};Database=trading";
        // The gateway's one client is trading-api: the gateway phases send a service token as trading-api's; the
        // trading-api phase logs in as the trader, as a client does (tokens live 60 min, longer than the run).
        var service = $"Bearer {AccessTokens.Issue(state.SigningKey, "gateway", ["read", "trade"])}";
        using var login = new HttpClient { BaseAddress = api };
        var trader = $"Bearer {await AccessTokens.LoginAsync(login, state.TraderPassword, cancellationToken: cancellationToken)}";

        var cpu = new CpuByPart(run.Snapshot, run.Pid);
        cpu.Start();
        var (warmUpWrk, warmUpPerSecond) = await OrderPathAsync(gateway, service, parent, WarmUpDuration, "warm-up (not measured: the JIT still compiles)", cancellationToken);
        Console.WriteLine($"  CPU: {cpu.Stop(warmUpWrk, warmUpPerSecond)}");
        cpu.Start();
        var (ordersWrk, ordersPerSecond) = await OrderPathAsync(gateway, service, parent, OrderDuration, "measured", cancellationToken);
        Console.WriteLine($"  CPU (target: gateway and postgres <= 0.15 ms per order): {cpu.Stop(ordersWrk, ordersPerSecond)}");
        cpu.Start();
        var (openLoop, answeredPerSecond) = await OpenLoopOrders.RunAsync(gateway, service, 1000, OrderDuration, cancellationToken);
        Console.WriteLine($"open loop, gateway POST /api/orders (target p99 <= 5 ms at 1,000/s): {openLoop}");
        Console.WriteLine($"  CPU (per answered order): {cpu.Stop(requestsPerSecond: answeredPerSecond)}");
        var targetPort = PostgresTargetPort(run.Snapshot());
        var proxied = targetPort != postgres.Port;
        cpu.Start();
        var floor = await PgbenchAsync(database, proxied ? "through DCP's proxy, as every client of the AppHost" : "on PostgreSQL's own port (not proxied), as every client of the AppHost", cancellationToken);
        Console.WriteLine($"  CPU: {cpu.Stop()}");
        var direct = proxied
            ? await PgbenchAsync(new NpgsqlConnectionStringBuilder(database) { Port = targetPort }.ConnectionString, "directly on PostgreSQL's own port", cancellationToken)
            : floor;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio gateway orders / pgbench inserts, same run (target >= 0.5): {ordersPerSecond / floor:0.000}{(proxied ? $" (through the proxy), {ordersPerSecond / direct:0.000} (against the direct floor)" : "")}"));

        cpu.Start();
        var (tradesWrk, tradesPerSecond) = await TradesAsync(api, trader, parent, cancellationToken);
        Console.WriteLine($"  CPU: {cpu.Stop(tradesWrk, tradesPerSecond)}");
        foreach (var (name, url) in new[] { ("gateway", gateway), ("trading-api", api) })
        {
            cpu.Start();
            var (output, wrkCpu) = await ExternalTool.RunMeasuredAsync("wrk", ["-t", "2", "-c", "16", "-d", "10s", "--latency", new Uri(url, "/health").ToString()], null, cancellationToken);
            Console.WriteLine($"wrk GET {name} /health, 16 connections, 10 s: {ExternalTool.Lines(output, "Requests/sec", "50%", "99%", "Non-2xx")}{AllTwoHundreds(output)}");
            Console.WriteLine($"  CPU: {cpu.Stop(wrkCpu)}");
        }
    }

    /// <summary>
    /// wrk (a C client, as pgbench is for the floor) posting market orders to the gateway with <see cref="Clients"/>
    /// connections: a unique client order id per request (thread number, start time, a random number, a counter),
    /// 3 symbols, sides alternating so positions stay inside the risk limit, for <paramref name="duration"/>. Returns
    /// the CPU seconds wrk used and the orders answered per second.
    /// </summary>
    private static async Task<(double WrkCpuSeconds, double OrdersPerSecond)> OrderPathAsync(
        Uri gateway, string authorization, string parent, TimeSpan duration, string phase, CancellationToken cancellationToken)
    {
        var script = Path.Combine(parent, "orders.lua");
        await File.WriteAllTextAsync(script, $"wrk.headers[\"Authorization\"] = \"{authorization}\"\n"
            + await File.ReadAllTextAsync(Path.Combine(BenchPaths.Root, "bench", "wrk", "orders.lua"), cancellationToken), cancellationToken);
        var (output, wrkCpu) = await ExternalTool.RunMeasuredAsync("wrk",
            ["-t", "2", "-c", $"{Clients}", "-d", $"{duration.TotalSeconds:0}s", "--latency", "-s", script, gateway.ToString()], null, cancellationToken);
        Console.WriteLine($"wrk POST gateway /api/orders, {phase}, {Clients} connections, {duration.TotalSeconds:0} s: {ExternalTool.Lines(output, "Requests/sec", "50%", "90%", "99%", "Non-2xx")}{AllTwoHundreds(output)}");
        return (wrkCpu, ExternalTool.Number(output, "Requests/sec:") ?? 0);
    }

    /// <summary>"; every answer 2xx" when wrk printed no "Non-2xx or 3xx responses" line.</summary>
    private static string AllTwoHundreds(string wrkOutput)
        => wrkOutput.Contains("Non-2xx", StringComparison.Ordinal) ? "" : "; every answer 2xx";

    /// <summary>The port PostgreSQL itself listens on (its <c>-p</c> argument), behind the port DCP's proxy publishes.</summary>
    private static int PostgresTargetPort(List<RunProcess> tree)
    {
        var arguments = tree.Select(p => p.CommandLine.Split(' ')).First(a => a.Length > 1 && a[0].EndsWith("/bin/postgres", StringComparison.Ordinal));
        return int.Parse(arguments[Array.IndexOf(arguments, "-p") + 1], CultureInfo.InvariantCulture);
    }

    /// <summary>Runs pgbench's single-row INSERT on <paramref name="database"/>; returns its tps (0 when not printed).</summary>
    private static async Task<double> PgbenchAsync(string database, string path, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnectionStringBuilder(database);
        await using (var db = new NpgsqlConnection(database))
        {
            await db.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, symbol text, quantity numeric, created_at timestamptz DEFAULT now())", db);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var script = Path.GetTempFileName();
        await File.WriteAllTextAsync(script, "INSERT INTO bench_insert (symbol, quantity) VALUES ('BTCUSDT', 0.001);\n", cancellationToken);
        try
        {
            var output = await ExternalTool.RunAsync("pgbench",
                ["-n", "-c", $"{Clients}", "-j", "2", "-T", "10", "-f", script, "-h", connection.Host!, "-p", $"{connection.Port}", "-U", connection.Username!, connection.Database!],
                new Dictionary<string, string> { ["PGPASSWORD"] = connection.Password! }, cancellationToken);
            Console.WriteLine($"pgbench single-row INSERT, {Clients} clients, 10 s, same PostgreSQL, {path}: {ExternalTool.Lines(output, "tps", "latency average")}");
            return ExternalTool.Number(output, "tps =") ?? 0;
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>Runs wrk against POST /api/trades; returns the CPU seconds wrk used and the trades answered per second.</summary>
    private static async Task<(double WrkCpuSeconds, double TradesPerSecond)> TradesAsync(Uri api, string authorization, string parent, CancellationToken cancellationToken)
    {
        var script = Path.Combine(parent, "trades.lua");
        await File.WriteAllTextAsync(script, $"wrk.headers[\"Authorization\"] = \"{authorization}\"\n" + """
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            local sides = {"buy", "sell"}
            local n = 0
            request = function()
              n = n + 1
              return wrk.format(nil, "/api/trades", nil, '{"symbol":"SOLUSDT","side":"' .. sides[(n % 2) + 1] .. '","quantity":0.001}')
            end
            """, cancellationToken);
        var (output, wrkCpu) = await ExternalTool.RunMeasuredAsync("wrk", ["-t", "2", "-c", "16", "-d", "15s", "--latency", "-s", script, api.ToString()], null, cancellationToken);
        Console.WriteLine($"wrk POST trading-api /api/trades (target >= 2,000/s, p90 <= 50 ms), 16 connections, 15 s: {ExternalTool.Lines(output, "Requests/sec", "requests in", "50%", "90%", "99%", "Non-2xx")}{AllTwoHundreds(output)}");
        return (wrkCpu, ExternalTool.Number(output, "Requests/sec:") ?? 0);
    }
}
