using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TradingAspire.TestSupport;

/// <summary>(Linked into the test projects that need it.) Runs a program for a test fixture, keeping its output for failure messages.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything the process wrote so far.</summary>
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

    /// <summary>The process id (to signal it, e.g. <c>kill -STOP</c>).</summary>
    public int Id => _process.Id;

    /// <summary>True once the process has exited (or was killed).</summary>
    public bool HasExited => _disposed || _process.HasExited;

    /// <summary>The exit code once the process has exited by itself (128 + N for signal N), null while it runs or after <see cref="KillAsync"/>/disposal.</summary>
    public int? ExitCode => !_disposed && _process.HasExited ? _process.ExitCode : null;

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>.</summary>
    public static ChildProcess Start(string fileName, params string[] arguments) => Start(fileName, new Dictionary<string, string>(), arguments);

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> and these variables added to the environment.</summary>
    public static ChildProcess Start(string fileName, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}."));
    }

    /// <summary>Runs a program to completion; throws with its output when it fails.</summary>
    public static async Task RunAsync(string fileName, params string[] arguments)
    {
        await using var child = Start(fileName, arguments);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await child._process.WaitForExitAsync(timeout.Token);
        if (child._process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited {child._process.ExitCode}: {child.Output}");
        }
    }

    /// <summary>A TCP port on 127.0.0.1 that is free now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Kills the process with SIGKILL (no chance to clean up, as kill -9) and waits until it has exited.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _disposed = true;
        _process.Dispose();
    }

    /// <summary>Asks the process to stop with SIGINT (PostgreSQL: fast shutdown), then kills it if it lingers.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            using (var signal = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await signal.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
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
