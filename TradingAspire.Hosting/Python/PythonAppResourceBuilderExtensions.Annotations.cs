namespace Aspire.Hosting;

public static partial class PythonAppResourceBuilderExtensions
{
    /// <summary>Debian's interpreter, the one <c>apt-get install python3-*</c> installs for (not the <c>python3</c> on PATH).</summary>
    internal const string DebianPython = "/usr/bin/python3";

    internal static class Launchers
    {
        private static readonly string Beside =
            Path.GetDirectoryName(typeof(Launchers).Assembly.Location) is { Length: > 0 } directory ? directory : AppContext.BaseDirectory;

        /// <summary><c>python module_reload.py MODULE [ARGS...]</c>: restarts the module when its sources change.</summary>
        public static string ModuleReload { get; } = Path.Combine(Beside, "module_reload.py");

        /// <summary><c>python uvicorn_supervised.py APP [UVICORN ARGS...]</c>: uvicorn, ended when its server dies unserved.</summary>
        public static string UvicornSupervised { get; } = Path.Combine(Beside, "uvicorn_supervised.py");
    }

    /// <summary>What a Python resource runs: a script (path relative to the app directory), or a module when <paramref name="IsModule"/>.</summary>
    internal sealed record EntrypointAnnotation(string Entrypoint, bool IsModule) : IResourceAnnotation;

    /// <summary>Directories (absolute) added to <c>PYTHONPATH</c> by <c>WithPythonPath</c>, in order.</summary>
    internal sealed record PythonPathAnnotation(IReadOnlyList<string> Directories) : IResourceAnnotation;

    /// <summary>The module runs under <see cref="Launchers.ModuleReload"/>: added by <c>AddPythonModule</c> in Development.</summary>
    internal sealed class ModuleReloadAnnotation : IResourceAnnotation;

    /// <summary>Publish mode: the container resource a Python app was switched to, whose Dockerfile build is kept current.</summary>
    private sealed record ContainerBuildAnnotation(IResourceBuilder<ContainerResource> Container) : IResourceAnnotation;
}
