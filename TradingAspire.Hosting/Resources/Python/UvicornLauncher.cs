namespace TradingAspire.Hosting.Python;

/// <summary>
/// <c>uvicorn_supervised.py</c>, shipped next to the hosting assembly: runs uvicorn with the same arguments and exits
/// when a server process under <c>--reload</c> or <c>--workers</c> fails with a configuration error (exit code 2), which
/// uvicorn's own supervisor would outlive.
/// </summary>
public static class UvicornLauncher
{
    /// <summary>Full path of the launcher script.</summary>
    public static string ScriptPath { get; } = Path.Combine(AppContext.BaseDirectory, "python", "uvicorn_supervised.py");
}
