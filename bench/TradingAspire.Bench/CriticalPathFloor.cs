using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace TradingAspire.Bench;

/// <summary>
/// Starts each component bare (no AppHost), on the AppHost's data directory, in dependency order with the same
/// parallelism (PostgreSQL ∥ Redis → gateway → trading-api → strategy ∥ trading-ui), and measures until the last is
/// ready: the floor the AppHost's own start-up is compared with.
/// </summary>
internal static class CriticalPathFloor
{
    public static async Task<TimeSpan> MeasureAsync(string root, string state)
    {
        var processes = new List<Process>();
        var clock = Stopwatch.StartNew();
        try
        {
            var (pgPort, redisPort, gatewayPort, apiPort, uiPort) = (FreePort(), FreePort(), FreePort(), FreePort(), FreePort());
            var pgPassword = File.ReadAllText(Path.Combine(state, "secrets", "postgres.password")).Trim();
            var redisPassword = File.ReadAllText(Path.Combine(state, "secrets", "redis.password")).Trim();
            var bin = Directory.EnumerateDirectories("/usr/lib/postgresql").OrderDescending().First();
            var socket = Path.Combine(state, "run", "postgres-socket");

            processes.Add(Start("/usr/bin/setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", Path.Combine(bin, "bin", "postgres"),
                "-D", Path.Combine(state, "data", "postgres"), "-p", $"{pgPort}", "-k", socket, "-c", "listen_addresses=127.0.0.1"], [], "/"));
            processes.Add(Start("redis-server", [Path.Combine(state, "data", "redis", "redis.generated.conf"), "--port", $"{redisPort}"], [], "/"));
            var database = $"Host=127.0.0.1;Port={pgPort};Username=postgres;Password={pgPassword};Database=trading";
            await Task.WhenAll(WaitAsync(() => PostgresReadyAsync(database)), WaitAsync(() => TcpReadyAsync(redisPort)));

            processes.Add(Start("dotnet", [Path.Combine(root, "TradingAspire.Gateway", "bin", "Debug", "net10.0", "TradingAspire.Gateway.dll")], new()
            {
                ["ConnectionStrings__trading"] = database,
                ["ConnectionStrings__redis"] = $"127.0.0.1:{redisPort},password={redisPassword}",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{gatewayPort}",
            }, Path.Combine(root, "TradingAspire.Gateway")));
            await WaitAsync(() => HttpReadyAsync($"http://127.0.0.1:{gatewayPort}/health"));

            var python = new Dictionary<string, string>
            {
                ["DATABASE_URL"] = $"postgresql://postgres:{pgPassword}@127.0.0.1:{pgPort}/trading",
                ["REDIS_URL"] = $"redis://:{redisPassword}@127.0.0.1:{redisPort}",
                ["services__gateway__http__0"] = $"http://127.0.0.1:{gatewayPort}",
                ["services__trading-api__http__0"] = $"http://127.0.0.1:{apiPort}",
                ["PYTHONPATH"] = Path.Combine(root, "apps", "common"),
                ["PYTHONUNBUFFERED"] = "1",
            };
            var apiDirectory = Path.Combine(root, "apps", "trading-api");
            processes.Add(Start("/usr/bin/python3", ["-m", "uvicorn", "trading_api.main:app", "--host", "127.0.0.1", "--port", $"{apiPort}", "--reload", "--reload-dir", apiDirectory], python, apiDirectory));
            await WaitAsync(() => HttpReadyAsync($"http://127.0.0.1:{apiPort}/health"));

            processes.Add(Start("/usr/bin/python3", ["-m", "strategy"], python, Path.Combine(root, "apps", "strategy")));
            var ui = Path.Combine(root, "apps", "trading-ui");
            processes.Add(Start(Path.Combine(ui, "node_modules", ".bin", "vite"), ["--host", "127.0.0.1", "--port", $"{uiPort}", "--strictPort"], new()
            {
                ["services__trading-api__http__0"] = $"http://127.0.0.1:{apiPort}",
                ["services__gateway__http__0"] = $"http://127.0.0.1:{gatewayPort}",
            }, ui));
            await WaitAsync(() => HttpReadyAsync($"http://127.0.0.1:{uiPort}/"));
            return clock.Elapsed;
        }
        finally
        {
            foreach (var process in processes.AsEnumerable().Reverse())
            {
                Hosting.Orchestration.Processes.PosixSignals.Send(process.Id, process.StartInfo.FileName.EndsWith("setpriv", StringComparison.Ordinal) ? 2 : 15);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
                Hosting.Orchestration.Processes.PosixSignals.Send(-process.Id, 9);
            }
        }
    }

    private static Process Start(string command, string[] args, Dictionary<string, string> environment, string directory)
    {
        // setsid so the whole group (uvicorn's worker, esbuild) can be stopped afterwards.
        var start = new ProcessStartInfo("/usr/bin/setsid") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(command);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitAsync(Func<Task<bool>> ready)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await ready())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("A bare component did not become ready within 2 minutes.");
            }

            await Task.Delay(20);
        }
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

    private static async Task<bool> HttpReadyAsync(string url)
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
