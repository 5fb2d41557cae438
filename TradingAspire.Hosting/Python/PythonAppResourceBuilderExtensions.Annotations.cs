namespace Aspire.Hosting;

public static partial class PythonAppResourceBuilderExtensions
{
    /// <summary>Absolute paths of the launchers shipped as content beside this assembly (copied to the output of every project that references it).</summary>
    internal static class Launchers
    {
        private static readonly string Beside =
            Path.GetDirectoryName(typeof(Launchers).Assembly.Location) is { Length: > 0 } directory ? directory : AppContext.BaseDirectory;

        /// <summary><c>python module_reload.py MODULE [ARGS...]</c>: restarts the module when its sources change.</summary>
        public static string ModuleReload { get; } = Path.Combine(Beside, "module_reload.py");

        /// <summary><c>python uvicorn_supervised.py APP [UVICORN ARGS...]</c>: uvicorn, ended when its server dies unserved.</summary>
        public static string UvicornSupervised { get; } = Path.Combine(Beside, "uvicorn_supervised.py");
    }

    /// <summary>What a Python resource runs: a script (path relative to the app directory), a module or an executable; the last one wins.</summary>
    internal sealed record EntrypointAnnotation(EntrypointType Type, string Entrypoint) : IResourceAnnotation;

    /// <summary>The declared virtual environment (absolute path), whether or not it exists yet.</summary>
    internal sealed record VirtualEnvironmentAnnotation(string Path) : IResourceAnnotation;

    /// <summary>Directories (absolute) added to <c>PYTHONPATH</c> by <c>WithPythonPath</c>, in order.</summary>
    internal sealed class PythonPathAnnotation : IResourceAnnotation
    {
        public List<string> Directories { get; } = [];
    }

    /// <summary>The module runs under <see cref="Launchers.ModuleReload"/>: added by <c>AddPythonModule</c> in Development.</summary>
    internal sealed class ModuleReloadAnnotation : IResourceAnnotation;

    /// <summary>Marks a Python resource on which <c>WithDebugging()</c> was called (no IDE session is launched here).</summary>
    internal sealed class DebuggingAnnotation : IResourceAnnotation;

    /// <summary>Publish mode: the container resource a Python app was switched to, whose Dockerfile build is kept current.</summary>
    private sealed record ContainerBuildAnnotation(IResourceBuilder<ContainerResource> Container) : IResourceAnnotation;
}
