using System.Diagnostics;

namespace TradingAspire.Bench.Startup;

/// <summary>
/// One AppHost process (a built AppHost's dll, as `dotnet run` would start it), its resources followed through its own
/// log (<see cref="ResourceUpdate"/>), its process tree measured once every resource is up, and everything it started
/// gone after <see cref="DisposeAsync"/>.
/// </summary>
internal sealed class AppHostRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly List<RunProcess> _known = [];
    private readonly string _runId;

    private AppHostRun(Process process, string runId, StreamWriter log, StartupTimeline timeline)
    {
        _process = process;
        _runId = runId;
        _log = log;
        Timeline = timeline;
    }

    public StartupTimeline Timeline { get; }

    public int Pid => _process.Id;

    /// <summary>After <see cref="DisposeAsync"/>: seconds from SIGTERM to the AppHost's exit, and to every process gone.</summary>
    public (double AppHostExit, double AllGone) StopSeconds { get; private set; }

    /// <summary>Starts <paramref name="appHostDll"/> with <paramref name="arguments"/> (configuration as --Key=Value).</summary>
    /// <param name="appHostDll">The built AppHost, e.g. TradingAspire.AppHost/bin/Debug/net10.0/TradingAspire.AppHost.dll.</param>
    /// <param name="arguments">AppHost arguments.</param>
    /// <param name="expected">The resources to wait for.</param>
    /// <param name="runOnce">Those of them that run once and exit 0.</param>
    /// <param name="logFile">Where the AppHost's output goes.</param>
    /// <param name="environment">The AppHost's environment, as its launch profile sets it: Development ("http") or Production ("production").</param>
    public static AppHostRun Start(string appHostDll, IEnumerable<string> arguments, IReadOnlyCollection<string> expected,
        IReadOnlyCollection<string> runOnce, string logFile, string environment = "Development")
    {
        var start = new ProcessStartInfo("dotnet")
        {
            // The project directory (bin/{Configuration}/net10.0 up three), as `dotnet run` runs it: its content root,
            // where appsettings.{Environment}.json are read from.
            WorkingDirectory = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(appHostDll)!, "..", "..", "..")),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(appHostDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // As the launch profiles set it, with free ports for the dashboard and its OTLP receivers.
        start.Environment["DOTNET_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePorts.Next()}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePorts.Next()}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePorts.Next()}";
        start.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePorts.Next()}";
        start.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        foreach (var (key, value) in ResourceUpdate.LoggingEnvironment)
        {
            start.Environment[key] = value;
        }

        var runId = Guid.NewGuid().ToString("N");
        start.Environment[ProcessTable.RunMarker] = runId;
        var log = new StreamWriter(logFile) { AutoFlush = false };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {appHostDll} did not start.");
        var run = new AppHostRun(process, runId, log, new StartupTimeline(expected, runOnce, clock));
        process.OutputDataReceived += (_, e) => run.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => run.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Waits until every expected resource is up; returns the seconds since the process was started.</summary>
    public async Task<double> WaitUntilUpAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!Timeline.Complete)
        {
            if (Timeline.Failure is { } failure)
            {
                throw new InvalidOperationException($"A resource failed: {failure}. See the AppHost log.");
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The AppHost exited with code {_process.ExitCode} before every resource was up.");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Not every resource was up within {timeout.TotalSeconds:0} s. Up: {string.Join(", ", Timeline.Ready.Keys)}; " +
                    $"seen: {string.Join(", ", Timeline.Seen)}.");
            }

            await Task.Delay(10, cancellationToken);
        }

        return Timeline.Ready.Values.Max();
    }

    /// <summary>The AppHost's process tree now (also remembered, so that <see cref="DisposeAsync"/> can check it is gone).</summary>
    public List<RunProcess> Snapshot()
    {
        var tree = ProcessTable.Tree(_process.Id);
        _known.AddRange(tree);
        return tree;
    }

    /// <summary>
    /// SIGTERM to the AppHost (as Ctrl+C: it stops every resource), then waits up to 60 s for every process of the
    /// run (its tree, and every process carrying the run's marker) to be gone; whatever is left is killed and reported.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _known.AddRange(ProcessTable.Tree(_process.Id));
        var stopping = Stopwatch.StartNew();
        ProcessTable.Signal(_process.Id, ProcessTable.SIGTERM);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60)).ContinueWith(_ => { }, TaskScheduler.Default);
        var appHostExit = stopping.Elapsed.TotalSeconds;
        var left = await LeftoverProcesses.WaitGoneAsync(_known, _runId, TimeSpan.FromSeconds(60));
        StopSeconds = (appHostExit, stopping.Elapsed.TotalSeconds);
        if (left.Count > 0)
        {
            Console.Error.WriteLine($"  {left.Count} process(es) still alive 60 s after stopping the AppHost, killed: " +
                string.Join("; ", left.Select(p => $"{p.Pid} {p.CommandLine}")));
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.WriteLine(line);
        }

        if (ResourceUpdate.Parse(line) is { } update)
        {
            Timeline.Observe(update);
        }
    }
}
