using System.Globalization;

namespace TradingAspire.Hosting.Orchestration.Processes;

/// <summary>
/// A pid plus its start time (field 22 of <c>/proc/{pid}/stat</c>, in clock ticks since boot), so a recycled pid is
/// never mistaken for a process we started.
/// </summary>
public sealed record ProcessIdentity(int ProcessId, long StartTicks)
{
    /// <summary>Reads the identity of a live process, or null when it does not exist.</summary>
    public static ProcessIdentity? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may contain spaces: parse after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return new ProcessIdentity(pid, long.Parse(fields[19], CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>True when a process with this pid exists and is not a zombie (an exited child nobody has reaped yet).</summary>
    public static bool IsRunning(int pid) => Read(pid) is { } identity && !identity.IsZombie();

    /// <summary>True when the same process (pid and start time) is still alive.</summary>
    public bool IsAlive() => Read(ProcessId) is { } current && current.StartTicks == StartTicks && !IsZombie();

    private bool IsZombie()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{ProcessId}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] == 'Z';
        }
        catch (IOException)
        {
            return true;
        }
    }
}
