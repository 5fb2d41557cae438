namespace TradingAspire.Hosting;

/// <summary>A process listening on a TCP port: its address as text (<c>127.0.0.1</c>, <c>0.0.0.0</c>, <c>::</c>),
/// its pid and command line; <paramref name="Pid"/> is 0 and <paramref name="CommandLine"/> empty when the socket's
/// owner cannot be seen (another user's process without root).</summary>
internal sealed record PortListener(string Address, int Port, int Pid, string CommandLine)
{
    /// <summary>"pid 1234 (postgres -D /data)" or "a process this user cannot see".</summary>
    public string Owner => Pid > 0 ? $"pid {Pid} ({CommandLine})" : "a process this user cannot see";
}
