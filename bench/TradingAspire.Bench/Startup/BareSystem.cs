using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace TradingAspire.Bench.Startup;

/// <summary>
/// The floor: the same components started directly by this program (no Aspire, no dashboard, no telemetry export), each
/// as its bare command (postgres, redis-server, the built dlls, python -m uvicorn, vite), in the AppHost's order with
/// its parallelism: PostgreSQL ∥ Redis → migrations (exit 0) → gateway /health → trading-api /health → strategy ∥
/// trading-ui /. Seconds from the first process start to the last check passing. <see cref="StartGatewayAsync"/> starts
/// the first part only (PostgreSQL ∥ Redis → migrations → gateway), for benchmarks of the gateway alone.
/// </summary>
/// <param name="root">The repository root.</param>
/// <param name="state">The state (data directories, passwords) the components run on.</param>
/// <param name="gatewayEnvironment">Extra environment variables of the gateway (e.g. <c>Gateway__TickIntervalMilliseconds</c>).</param>
internal sealed class BareSystem(string root, BenchState state, IReadOnlyDictionary<string, string>? gatewayEnvironment = null)
{
    private readonly List<Process> _processes = [];
    private readonly string _runId = Guid.NewGuid().ToString("N");

    public async Task<double> StartAsync(CancellationToken cancellationToken)
    {
        var (apiPort, uiPort) = (FreePorts.Next(), FreePorts.Next());
        var api = $"http://127.0.0.1:{apiPort}";
        var clock = Stopwatch.StartNew();
        var (gatewayUri, _, tradingUri, redisUri) = await StartUpToGatewayAsync(cancellationToken);
        var gateway = gatewayUri.ToString().TrimEnd('/');

        var python = new Dictionary<string, string>
        {
            ["TRADING_URI"] = tradingUri,                          // Aspire's Uri connection properties (WithReference)
            ["REDIS_URI"] = redisUri,
            ["services__gateway__http__0"] = gateway,
            ["services__trading-api__http__0"] = api,
            ["PYTHONPATH"] = Path.Combine(root, "apps", "common"),
            ["PYTHONUNBUFFERED"] = "1",
            ["AUTH_SIGNING_KEY"] = state.SigningKey,                 // as the AppHost passes its parameters (issue 25)
            ["AUTH_TRADER_PASSWORD"] = state.TraderPassword,
            ["AUTH_STRATEGY_CLIENT_SECRET"] = state.StrategySecret,
            ["AUTH_CLIENT_ID"] = "strategy",
            ["AUTH_CLIENT_SECRET"] = state.StrategySecret,
        };
        var apiDirectory = Path.Combine(root, "apps", "trading-api");
        Start("/usr/bin/python3", ["-m", "uvicorn", "trading_api.main:app", "--host", "127.0.0.1", "--port", $"{apiPort}", "--reload"], python, apiDirectory);
        await Poll.UntilAsync(() => HttpOkAsync($"{api}/health"), cancellationToken);

        Start("/usr/bin/python3", ["-m", "strategy"], python, Path.Combine(root, "apps", "strategy"));
        var ui = Path.Combine(root, "apps", "trading-ui");
        Start(Path.Combine(ui, "node_modules", ".bin", "vite"), ["--port", $"{uiPort}"], new()
        {
            ["PORT"] = $"{uiPort}",
            ["services__trading-api__http__0"] = api,
            ["services__gateway__http__0"] = gateway,
        }, ui);
        await Poll.UntilAsync(() => HttpOkAsync($"http://127.0.0.1:{uiPort}/"), cancellationToken);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// PostgreSQL ∥ Redis → migrations → the gateway (its <c>/health</c> passing); returns the gateway's address and
    /// process id (setsid and the dotnet host exec in place, so it is the gateway's own pid, for /proc/pid/stat).
    /// </summary>
    public async Task<(Uri Gateway, int Pid)> StartGatewayAsync(CancellationToken cancellationToken)
    {
        var (gateway, pid, _, _) = await StartUpToGatewayAsync(cancellationToken);
        var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        return commandLine.Contains("TradingAspire.Gateway.dll", StringComparison.Ordinal)
            ? (gateway, pid)
            : throw new InvalidOperationException($"pid {pid} is '{commandLine}', not the gateway: setsid or dotnet forked instead of exec'ing.");
    }

    private async Task<(Uri Gateway, int Pid, string TradingUri, string RedisUri)> StartUpToGatewayAsync(CancellationToken cancellationToken)
    {
        var (pgPort, redisPort, gatewayPort) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var postgresBin = Directory.EnumerateDirectories("/usr/lib/postgresql").Order().Last();
        var trading = $"Host=127.0.0.1;Port={pgPort};Username=postgres;Password={state.PostgresPassword};Database=trading";
        var redis = $"127.0.0.1:{redisPort},password={state.RedisPassword}";
        var gateway = $"http://127.0.0.1:{gatewayPort}";
        var development = new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Development", ["ASPNETCORE_ENVIRONMENT"] = "Development" };
        Start("/usr/bin/setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", Path.Combine(postgresBin, "bin", "postgres"),
            "-D", Path.Combine(state.Directory, "data", "postgres"), "-p", $"{pgPort}", "-k", "", "-c", "listen_addresses=127.0.0.1"], [], "/");
        Start("redis-server", [Path.Combine(root, "config", "redis.conf"), "--port", $"{redisPort}", "--bind", "127.0.0.1",
            "--requirepass", state.RedisPassword, "--dir", Path.Combine(state.Directory, "data", "redis"), "--appendonly", "yes", "--appendfsync", "everysec"], [], "/");
        await Task.WhenAll(Poll.UntilAsync(() => PostgresReadyAsync(trading), cancellationToken), Poll.UntilAsync(() => TcpReadyAsync(redisPort), cancellationToken));

        var migrations = Start("dotnet", [Built("TradingAspire.MigrationService")], new(development)
        {
            ["ConnectionStrings__trading"] = trading,
            ["Migrations__Directory"] = Path.Combine(root, "db", "migrations"),
        }, Path.Combine(root, "TradingAspire.MigrationService"));
        await migrations.WaitForExitAsync(cancellationToken);
        if (migrations.ExitCode != 0)
        {
            throw new InvalidOperationException($"migrations exited with code {migrations.ExitCode}.");
        }

        var gatewayProcess = Start("dotnet", [Built("TradingAspire.Gateway")], new(development)
        {
            ["ConnectionStrings__trading"] = trading,
            ["ConnectionStrings__redis"] = redis,
            ["ASPNETCORE_URLS"] = gateway,
            ["Auth__SigningKey"] = state.SigningKey,
        }, Path.Combine(root, "TradingAspire.Gateway"), gatewayEnvironment);
        await Poll.UntilAsync(() => HttpOkAsync($"{gateway}/health"), cancellationToken);
        return (new Uri(gateway), gatewayProcess.Id,
            $"postgresql://postgres:{Uri.EscapeDataString(state.PostgresPassword)}@127.0.0.1:{pgPort}/trading",
            $"redis://:{Uri.EscapeDataString(state.RedisPassword)}@127.0.0.1:{redisPort}");
    }

    /// <summary>Stops every process group it started (PostgreSQL with SIGINT, a fast shutdown), in reverse order.</summary>
    public async Task StopAsync()
    {
        var groups = _processes.SelectMany(p => ProcessTable.Tree(p.Id)).ToList();
        foreach (var process in Enumerable.Reverse(_processes))
        {
            ProcessTable.Signal(-process.Id, process.StartInfo.ArgumentList.FirstOrDefault()?.StartsWith("/usr/bin/setpriv", StringComparison.Ordinal) == true
                ? ProcessTable.SIGINT : ProcessTable.SIGTERM);
        }

        var left = await LeftoverProcesses.WaitGoneAsync(groups, _runId, TimeSpan.FromSeconds(30));
        if (left.Count > 0)
        {
            Console.Error.WriteLine($"  {left.Count} bare process(es) still alive 30 s after SIGTERM, killed.");
        }

        foreach (var process in _processes)
        {
            process.Dispose();
        }
    }

    private string Built(string project)
        => Path.Combine(root, project, "bin", BenchPaths.Configuration, "net10.0", project + ".dll");

    private Process Start(string command, string[] args, Dictionary<string, string> environment, string directory, IReadOnlyDictionary<string, string>? extra = null)
    {
        // setsid: its own process group, so uvicorn's reloader child and vite's esbuild go with it.
        var start = new ProcessStartInfo("/usr/bin/setsid") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(command);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // No collector runs beside the bare components: drop any OTLP settings this program inherited.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment.Concat(extra ?? new Dictionary<string, string>()))
        {
            start.Environment[key] = value;
        }

        start.Environment[ProcessTable.RunMarker] = _runId;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start.");
        var log = Path.Combine(state.Directory, "logs", Path.GetFileName(command) + ".log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        var writer = TextWriter.Synchronized(new StreamWriter(log, append: true) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { writer.WriteLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { writer.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    private static async Task<bool> PostgresReadyAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false;Timeout=2");
            await connection.OpenAsync();
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    private static async Task<bool> TcpReadyAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<bool> HttpOkAsync(string url)
    {
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            using var response = await client.GetAsync(url);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
