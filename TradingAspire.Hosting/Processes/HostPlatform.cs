namespace TradingAspire.Hosting;

/// <summary>
/// How a server that refuses to run as root (PostgreSQL) is started: through <c>setpriv</c> as a service user when the
/// AppHost is root (effective uid 0) on Unix, directly otherwise.
/// </summary>
internal sealed record HostPlatform(bool IsWindows, bool IsRoot)
{
    public static HostPlatform Current { get; } = new(OperatingSystem.IsWindows(), !OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess);

    /// <summary>The command and leading arguments that run <paramref name="program"/>, as <paramref name="serviceUser"/> when root.</summary>
    public (string Command, IReadOnlyList<string> LeadingArguments) RunAs(string program, string serviceUser)
        => IsRoot
            ? ("setpriv", [$"--reuid={serviceUser}", $"--regid={serviceUser}", "--init-groups", program])
            : (program, []);
}
