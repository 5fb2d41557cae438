using System.Runtime.InteropServices;

namespace TradingAspire.Hosting.Orchestration.Processes;

/// <summary>POSIX signal numbers and <c>kill(2)</c>.</summary>
public static partial class PosixSignals
{
    /// <summary>Interrupt (PostgreSQL: fast shutdown).</summary>
    public const int SIGINT = 2;

    /// <summary>Kill, cannot be caught.</summary>
    public const int SIGKILL = 9;

    /// <summary>Terminate (graceful stop).</summary>
    public const int SIGTERM = 15;

    /// <summary>Sends <paramref name="signal"/> to a pid (or to a process group when <paramref name="pid"/> is negative); false when no such process.</summary>
    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>True when a process with this pid exists (signal 0 probe).</summary>
    public static bool Exists(int pid) => pid > 0 && (Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == 1 /* EPERM: exists, not ours */);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
