namespace TradingAspire.Hosting;

/// <summary>
/// Chooses what runs a Python resource. Without a virtual environment that exists, Debian's interpreter
/// (<see cref="DebianPython"/>) is used, not the <c>python3</c> on PATH: the Debian packages (python3-fastapi,
/// python3-uvicorn, ...) are installed for it, and PyPI is not reachable to fill another interpreter.
/// </summary>
internal static class PythonInterpreter
{
    /// <summary>Debian's interpreter, the one <c>apt-get install python3-*</c> installs modules for.</summary>
    public const string DebianPython = "/usr/bin/python3";

    /// <summary>The venv's <c>bin/python</c> when <paramref name="virtualEnvironmentPath"/> holds one, else <see cref="DebianPython"/>.</summary>
    public static string ForVirtualEnvironment(string? virtualEnvironmentPath)
        => virtualEnvironmentPath is not null && VenvFile(virtualEnvironmentPath, "python") is { } python ? python : DebianPython;

    /// <summary>
    /// An executable such as <c>pytest</c>: the venv's <c>bin/{name}</c> when it exists, else <c>/usr/bin/{name}</c>
    /// when it exists, else <paramref name="executableName"/> as given (resolved on PATH when the process starts).
    /// </summary>
    public static string ExecutableFor(string? virtualEnvironmentPath, string executableName)
    {
        if (virtualEnvironmentPath is not null && VenvFile(virtualEnvironmentPath, executableName) is { } inVenv)
        {
            return inVenv;
        }

        var debian = Path.Combine("/usr/bin", executableName);
        return File.Exists(debian) ? debian : executableName;
    }

    private static string? VenvFile(string virtualEnvironmentPath, string name)
    {
        var path = OperatingSystem.IsWindows()
            ? Path.Combine(virtualEnvironmentPath, "Scripts", name + ".exe")
            : Path.Combine(virtualEnvironmentPath, "bin", name);
        return File.Exists(path) ? path : null;
    }
}
