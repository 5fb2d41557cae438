using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace TradingAspire.Bench;

/// <summary>
/// Time from AppHost process start to every resource healthy (prebuilt, data directory already initialised), the
/// critical-path floor (each component started bare by this benchmark in dependency order), their ratio, and the
/// AppHost's (with its in-process dashboard) peak RSS and idle CPU over 30 s.
/// </summary>
internal static class StartupBenchmark
{
    public static async Task RunAsync()
    {
        var root = RepositoryRoot();
        var state = Path.Combine(Path.GetTempPath(), $"ta-bench-startup-{Guid.NewGuid():N}");
        var appHost = Path.Combine(root, "TradingAspire.AppHost", "bin", "Release", "net10.0", "TradingAspire.AppHost.dll");
        if (!File.Exists(appHost))
        {
            appHost = Path.Combine(root, "TradingAspire.AppHost", "bin", "Debug", "net10.0", "TradingAspire.AppHost.dll");
        }

        // Warm-up run: initdb, migrations, npm packages; not measured.
        await using (var warmUp = await AppHostRun.StartAsync(appHost, state))
        {
            await warmUp.WaitAllHealthyAsync(TimeSpan.FromMinutes(3));
        }

        TimeSpan appHostTime;
        await using (var run = await AppHostRun.StartAsync(appHost, state))
        {
            appHostTime = await run.WaitAllHealthyAsync(TimeSpan.FromMinutes(3));
            var (peakRssMiB, cpuPercent) = await run.IdleUsageAsync(TimeSpan.FromSeconds(30));
            Console.WriteLine($"AppHost (with dashboard) over 30 s idle: peak RSS {peakRssMiB} MiB, CPU {cpuPercent:0.0} % of one core");
        }

        var floor = await CriticalPathFloor.MeasureAsync(root, state);
        Console.WriteLine($"start → all healthy through the AppHost: {appHostTime.TotalSeconds:0.00} s");
        Console.WriteLine($"critical-path floor (bare components in dependency order): {floor.TotalSeconds:0.00} s");
        Console.WriteLine($"ratio AppHost / floor: {appHostTime.TotalSeconds / floor.TotalSeconds:0.00}");
        Directory.Delete(state, recursive: true);
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TradingAspire.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("TradingAspire.sln not found.");
    }
}

/// <summary>One AppHost process with its state in a given directory, observed through its control endpoint.</summary>
internal sealed class AppHostRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _state;
    private readonly Stopwatch _clock;

    private AppHostRun(Process process, string state, Stopwatch clock)
    {
        _process = process;
        _state = state;
        _clock = clock;
    }

    public static Task<AppHostRun> StartAsync(string appHostDll, string state)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(appHostDll);
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["AppHost__StateDirectory"] = state;
        start.Environment["AppHost__LogDirectory"] = Path.Combine(state, "logs");
        start.Environment["AppHost__RandomizePorts"] = "true";
        start.Environment["Dashboard__Port"] = "0";
        start.Environment["Dashboard__OtlpGrpcPort"] = "0";
        start.Environment["Dashboard__OtlpHttpPort"] = "0";
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return Task.FromResult(new AppHostRun(process, state, clock));
    }

    public async Task<TimeSpan> WaitAllHealthyAsync(TimeSpan timeout)
    {
        var controlFile = Path.Combine(_state, "run", "apphost.json");
        while (_clock.Elapsed < timeout)
        {
            if (File.Exists(controlFile))
            {
                try
                {
                    using var control = JsonDocument.Parse(await File.ReadAllTextAsync(controlFile));
                    if (control.RootElement.GetProperty("ProcessId").GetInt32() == _process.Id)
                    {
                        using var client = new HttpClient { BaseAddress = new Uri(control.RootElement.GetProperty("Url").GetString()!) };
                        client.DefaultRequestHeaders.Add("x-apphost-token", control.RootElement.GetProperty("Token").GetString());
                        var status = await client.GetFromJsonAsync<JsonElement>("/status");
                        if (status.GetArrayLength() > 0 && status.EnumerateArray().All(s => s.GetProperty("health").GetString() == "Healthy"))
                        {
                            return _clock.Elapsed;
                        }
                    }
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException or JsonException)
                {
                    // Written or starting right now: poll again.
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The AppHost did not report every resource healthy in time.");
    }

    public async Task<(long PeakRssMiB, double CpuPercent)> IdleUsageAsync(TimeSpan window)
    {
        var (cpuBefore, _) = Usage();
        await Task.Delay(window);
        var (cpuAfter, peakKb) = Usage();
        var ticksPerSecond = 100.0; // USER_HZ on Linux
        return (peakKb / 1024, (cpuAfter - cpuBefore) / ticksPerSecond / window.TotalSeconds * 100);
    }

    public async ValueTask DisposeAsync()
    {
        Hosting.Orchestration.Processes.PosixSignals.Send(_process.Id, Hosting.Orchestration.Processes.PosixSignals.SIGTERM);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        _process.Dispose();
    }

    private (long CpuTicks, long PeakRssKb) Usage()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var cpu = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        var hwm = File.ReadAllLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return (cpu, long.Parse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture));
    }
}
