namespace TradingAspire.Hosting;

/// <summary>
/// The reloading module launcher, <c>module_reload.py</c>, shipped as content next to this assembly (copied to the
/// output of every project that references TradingAspire.Hosting): <c>python module_reload.py MODULE [ARGS...]</c>.
/// </summary>
internal static class ModuleReloadLauncher
{
    /// <summary>Absolute path of <c>module_reload.py</c> beside this assembly.</summary>
    public static string ScriptPath { get; } = Path.Combine(
        Path.GetDirectoryName(typeof(ModuleReloadLauncher).Assembly.Location) is { Length: > 0 } directory ? directory : AppContext.BaseDirectory,
        "module_reload.py");
}
