using System.Diagnostics;

namespace TradingAspire.Hosting.Orchestration.Processes;

/// <summary>
/// Launches resources as native processes. Each runs in its own session and process group (<c>setsid</c>, which
/// execs, so the pid is the program's own) so that the whole tree can be killed and a terminal's Ctrl+C reaches only
/// the AppHost, which then stops resources in dependency order. When running as root and a user is requested,
/// <c>setpriv</c> drops privileges (it execs too).
/// </summary>
public sealed class NativeProcessExecutor : IProcessExecutor
{
    // Variables the AppHost itself may carry that must not leak into resources: each resource gets its own.
    private static readonly string[] IsolatedPrefixes = ["ConnectionStrings__", "services__", "OTEL_", "Parameters__", "AppHost__", "Dashboard__", "Resources__"];

    /// <inheritdoc />
    public Task<IRunningProcess> StartAsync(ProcessSpec spec, Action<string, bool> onOutput, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (FindProgram(spec.Command, spec.WorkingDirectory) is null)
        {
            // setsid would exec it and exit 127, which looks like a crash and gets restarted; a missing program is not.
            throw new InvalidOperationException(
                $"Could not start resource '{spec.ResourceName}': program '{spec.Command}' was not found " +
                (spec.Command.Contains('/') ? "at that path." : "on PATH.") +
                " Install it (./run.sh doctor prints the install line for the known prerequisites) or fix the command in the AppHost.");
        }

        var startInfo = new ProcessStartInfo
        {
            FileName = File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : spec.Command,
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var arguments = new List<string>();
        if (startInfo.FileName != spec.Command)
        {
            arguments.Add(spec.Command);
        }

        if (spec.RunAsUser is { } user && Environment.UserName == "root" && user != "root")
        {
            arguments.InsertRange(0, ["/usr/bin/setpriv", $"--reuid={user}", $"--regid={user}", "--init-groups", "--"]);
            if (startInfo.FileName == spec.Command)
            {
                startInfo.FileName = "/usr/bin/setpriv";
                arguments.RemoveAt(0);
            }
        }

        arguments.AddRange(spec.Args);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var key in startInfo.Environment.Keys.Where(k => IsolatedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        foreach (var (key, value) in spec.Environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { onOutput(e.Data, false); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { onOutput(e.Data, true); } };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException(
                $"Could not start '{spec.Command}' for resource '{spec.ResourceName}' in '{spec.WorkingDirectory}': {ex.Message}. " +
                "Check that the program is installed (run: dotnet run --project TradingAspire.AppHost -- doctor).", ex);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return Task.FromResult<IRunningProcess>(new NativeRunningProcess(process));
    }

    /// <summary>The full path of an executable program: as given when it contains a '/', else the first match on PATH.</summary>
    internal static string? FindProgram(string command, string workingDirectory)
    {
        if (command.Contains('/'))
        {
            var path = Path.GetFullPath(command, workingDirectory);
            return File.Exists(path) ? path : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, command))
            .FirstOrDefault(File.Exists);
    }
}
