namespace Aspire.Hosting;

public static partial class PythonAppResourceBuilderExtensions
{
    /// <summary>
    /// Installs the app's packages with pip before it starts, as Aspire 13's <c>WithPip</c>: a child resource
    /// <c>{name}-installer</c> runs <c>{venv}/bin/python -m pip install -r requirements.txt</c> (or <c>pip install .</c>
    /// when the app has a <c>pyproject.toml</c>) and the app waits for it to complete. It needs a virtual environment
    /// (<c>WithVirtualEnvironment</c>) that exists: Debian's <c>/usr/bin/python3</c> is externally managed, so without
    /// one the installer fails to start with a message saying so. Unlike Aspire, a <c>requirements.txt</c> does not
    /// imply <c>WithPip</c> here (ours list Debian packages, see the import check).
    /// </summary>
    /// <param name="builder">The Python resource builder.</param>
    /// <param name="install">False: no installer resource (only in run mode is one added anyway).</param>
    /// <param name="installArgs">Extra arguments appended to <c>pip install</c>.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<T> WithPip<T>(this IResourceBuilder<T> builder, bool install = true, string[]? installArgs = null)
        where T : PythonAppResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        var application = builder.ApplicationBuilder;
        var installerName = $"{builder.Resource.Name}-installer";
        if (!install || !application.ExecutionContext.IsRunMode || application.Resources.Any(r => r.Name == installerName))
        {
            return builder;
        }

        var app = builder.Resource;
        var installer = application.AddResource(new PythonInstallerResource(installerName, app.WorkingDirectory))
            .WithParentRelationship(app)
            .ExcludeFromManifest()
            .WithEnvironment("PYTHONUNBUFFERED", "1")
            .WithArgs(context =>
            {
                var source = File.Exists(Path.Combine(app.WorkingDirectory, "pyproject.toml")) ? ["."] : (string[])["-r", "requirements.txt"];
                foreach (var arg in (string[])["-m", "pip", "install", .. source, .. installArgs ?? []])
                {
                    context.Args.Add(arg);
                }
            })
            .OnBeforeResourceStarted((resource, @event, _) =>
            {
                var venv = VirtualEnvironment(app);
                if (venv is null || PythonInterpreter.ForVirtualEnvironment(venv) == PythonInterpreter.DebianPython)
                {
                    throw ResourceStartFailure.Create(@event.Services, resource,
                        $"Resource '{resource.Name}' cannot run pip for '{app.Name}': " +
                        (venv is null ? "no virtual environment is declared" : $"the virtual environment {venv} does not exist") +
                        $", and {PythonInterpreter.DebianPython} is managed by Debian. Create one " +
                        $"({PythonInterpreter.DebianPython} -m venv --system-site-packages .venv) and declare it with WithVirtualEnvironment(\".venv\"), " +
                        "or drop WithPip() and install the Debian packages the app's requirements.txt names (apt-get install -y python3-...).");
                }

                return Task.CompletedTask;
            });

        application.OnBeforeStart((_, _) =>
        {
            installer.WithCommand(PythonInterpreter.ForVirtualEnvironment(VirtualEnvironment(app)));
            return Task.CompletedTask;
        });
        builder.WaitForCompletion(installer);
        return builder;
    }
}
