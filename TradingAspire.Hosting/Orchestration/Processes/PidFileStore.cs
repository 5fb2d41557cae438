using System.Globalization;
using Microsoft.Extensions.Logging;

namespace TradingAspire.Hosting.Orchestration.Processes;

/// <summary>
/// One file per running resource (<c>{run}/{resource}.pid</c>: pid, start ticks, stop signal). An AppHost killed with
/// SIGKILL cannot stop its children; the next start reads these files and stops the orphans before anything starts.
/// </summary>
public sealed class PidFileStore(ApplicationPaths paths, ILogger<PidFileStore> logger)
{
    /// <summary>Records a started process.</summary>
    public void Write(string resourceName, ProcessIdentity identity, int stopSignal)
    {
        Directory.CreateDirectory(paths.RunDirectory);
        File.WriteAllText(PathOf(resourceName), string.Create(CultureInfo.InvariantCulture, $"{identity.ProcessId} {identity.StartTicks} {stopSignal}\n"));
    }

    /// <summary>Forgets a process that has exited.</summary>
    public void Delete(string resourceName)
    {
        if (File.Exists(PathOf(resourceName)))
        {
            File.Delete(PathOf(resourceName));
        }
    }

    /// <summary>Stops every process recorded by a previous AppHost that is still alive; returns their descriptions.</summary>
    public async Task<IReadOnlyList<string>> CleanUpOrphansAsync(TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        var stopped = new List<string>();
        if (!Directory.Exists(paths.RunDirectory))
        {
            return stopped;
        }

        foreach (var file in Directory.EnumerateFiles(paths.RunDirectory, "*.pid"))
        {
            var resourceName = Path.GetFileNameWithoutExtension(file);
            if (TryParse(File.ReadAllText(file), out var identity, out var stopSignal) && identity.IsAlive())
            {
                logger.LogWarning("Stopping orphaned '{Resource}' (pid {Pid}) left running by an AppHost that did not shut down", resourceName, identity.ProcessId);
                PosixSignals.Send(identity.ProcessId, stopSignal);
                var deadline = DateTime.UtcNow + gracePeriod;
                while (identity.IsAlive() && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                }

                PosixSignals.Send(-identity.ProcessId, PosixSignals.SIGKILL);
                PosixSignals.Send(identity.ProcessId, PosixSignals.SIGKILL);
                stopped.Add($"{resourceName} (pid {identity.ProcessId})");
            }

            File.Delete(file);
        }

        return stopped;
    }

    /// <summary>
    /// Last resort when the AppHost process exits without stopping its resources (an unhandled exception, a test run
    /// ending with a fixture that never got disposed): SIGKILL every recorded process group, synchronously.
    /// </summary>
    public void KillAllRecorded()
    {
        if (!Directory.Exists(paths.RunDirectory))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(paths.RunDirectory, "*.pid"))
        {
            if (TryParse(File.ReadAllText(file), out var identity, out _) && identity.IsAlive())
            {
                PosixSignals.Send(-identity.ProcessId, PosixSignals.SIGKILL);
                PosixSignals.Send(identity.ProcessId, PosixSignals.SIGKILL);
            }
        }
    }

    private string PathOf(string resourceName) => Path.Combine(paths.RunDirectory, $"{resourceName}.pid");

    private static bool TryParse(string text, out ProcessIdentity identity, out int stopSignal)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        identity = new ProcessIdentity(0, 0);
        stopSignal = PosixSignals.SIGTERM;
        if (parts.Length < 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid) || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var ticks))
        {
            return false;
        }

        identity = new ProcessIdentity(pid, ticks);
        if (parts.Length > 2 && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var signal))
        {
            stopSignal = signal;
        }

        return true;
    }
}
