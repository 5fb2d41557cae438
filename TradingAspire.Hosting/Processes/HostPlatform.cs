namespace TradingAspire.Hosting;

/// <summary>
/// How a server that refuses to run as root (PostgreSQL) is started: through <c>setpriv</c> as a service user when the
/// AppHost is root on Unix, directly otherwise (a normal user, or Windows, where there is no root).
/// </summary>
/// <param name="IsWindows">True on Windows.</param>
/// <param name="IsRoot">True when the effective user is root (uid 0) on Unix.</param>
internal sealed record HostPlatform(bool IsWindows, bool IsRoot)
{
    /// <summary>The platform this process runs on.</summary>
    /// <remarks>Root is the effective uid 0 (<see cref="Environment.IsPrivilegedProcess"/>), not the user name "root".</remarks>
    public static HostPlatform Current { get; } = new(OperatingSystem.IsWindows(), !OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess);

    /// <summary>
    /// The command and leading arguments that run <paramref name="program"/> as <paramref name="serviceUser"/> when
    /// this is root on Unix; the program itself with no leading arguments otherwise.
    /// </summary>
    public (string Command, IReadOnlyList<string> LeadingArguments) RunAs(string program, string serviceUser)
        => IsRoot
            ? ("setpriv", [$"--reuid={serviceUser}", $"--regid={serviceUser}", "--init-groups", program])
            : (program, []);
}
