namespace TradingAspire.Hosting;

/// <summary>
/// The supervised uvicorn launcher, <c>uvicorn_supervised.py</c>, shipped as content next to this assembly (it is
/// copied to the output of every project that references TradingAspire.Hosting).
/// </summary>
internal static class UvicornLauncher
{
    /// <summary>Absolute path of <c>uvicorn_supervised.py</c> beside this assembly.</summary>
    public static string ScriptPath { get; } = Path.Combine(
        Path.GetDirectoryName(typeof(UvicornLauncher).Assembly.Location) is { Length: > 0 } directory ? directory : AppContext.BaseDirectory,
        "uvicorn_supervised.py");
}
