using System.Diagnostics;
using System.Text;
using TradingAspire.Hosting.Cli;
using TradingAspire.Hosting.Control;

namespace TradingAspire.Tests.Support;

/// <summary>The real AppHost as a separate OS process, for tests that must kill or signal the AppHost itself.</summary>
internal sealed class AppHostProcess : IAsyncDisposable
{
    // Polling period of the condition loops below (each has a deadline); not a synchronisation delay.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppHostProcess(Process process, ApplicationPaths paths)
    {
        _process = process;
        Paths = paths;
    }

    public ApplicationPaths Paths { get; }

    public int ProcessId => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static AppHostProcess Start(string stateRoot, IReadOnlyDictionary<string, string>? extraEnvironment = null, params string[] args)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TradingAspire.AppHost.dll"));
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Development";
        startInfo.Environment["AppHost__StateDirectory"] = Path.Combine(stateRoot, "state");
        startInfo.Environment["AppHost__LogDirectory"] = Path.Combine(stateRoot, "logs");
        startInfo.Environment["AppHost__RandomizePorts"] = "true"; // tests may override with fixed ports
        startInfo.Environment["Dashboard__Enabled"] = "false";
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var paths = new ApplicationPaths(RepositoryPaths.AppHostDirectory, RepositoryPaths.Root);
        paths.Apply(new Hosting.Configuration.AppHostOptions { StateDirectory = Path.Combine(stateRoot, "state"), LogDirectory = Path.Combine(stateRoot, "logs") });
        var host = new AppHostProcess(process, paths);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits until this AppHost's control endpoint reports every resource Running and Healthy; returns their pids.</summary>
    public async Task<IReadOnlyDictionary<string, int>> WaitUntilAllHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The AppHost exited with code {_process.ExitCode}. Output:\n{Output}");
            }

            if (ControlFile.ReadLive(Paths) is { ProcessId: var pid } && pid == _process.Id)
            {
                using var client = ControlClient.Connect(Paths)!;
                var status = await client.GetStatusAsync(CancellationToken.None);
                if (status.Count > 0 && status.All(s => s.State == "Running" && s.Health == "Healthy"))
                {
                    return status.Where(s => s.ProcessId is not null).ToDictionary(s => s.Name, s => s.ProcessId!.Value);
                }
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"Not every resource became healthy within {timeout}. Output:\n{Output}");
    }

    /// <summary>Every endpoint URL of every resource, sorted.</summary>
    public async Task<IReadOnlyList<string>> EndpointsAsync()
    {
        using var client = ControlClient.Connect(Paths)!;
        return (await client.GetStatusAsync(CancellationToken.None)).SelectMany(s => s.Endpoints.Select(e => $"{s.Name} {e}")).Order().ToList();
    }

    public void Kill() => _process.Kill();

    public void Signal(int signal) => Hosting.Orchestration.Processes.PosixSignals.Send(_process.Id, signal);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signal(Hosting.Orchestration.Processes.PosixSignals.SIGTERM);
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
