namespace TradingAspire.Hosting;

/// <summary>
/// The Python module runs under <c>module_reload.py</c> (<see cref="ModuleReloadLauncher"/>), which restarts it when its
/// sources change: added by <c>AddPythonModule</c> in the Development environment.
/// </summary>
internal sealed class ModuleReloadAnnotation : IResourceAnnotation;
