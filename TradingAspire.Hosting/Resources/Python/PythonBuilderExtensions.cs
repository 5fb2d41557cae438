using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Python;

namespace TradingAspire.Hosting;

/// <summary><c>AddPythonApp</c>, <c>AddUvicornApp</c> and <c>WithPythonPath</c>.</summary>
public static class PythonBuilderExtensions
{
    /// <summary>
    /// Adds a Python program. <paramref name="scriptOrModule"/> is a script path (<c>main.py</c>) or a module run with
    /// <c>-m</c>. Before each start the modules in the app's requirements.txt are checked.
    /// </summary>
    public static IResourceBuilder<PythonAppResource> AddPythonApp(
        this IDistributedApplicationBuilder builder, string name, string appDirectory, string scriptOrModule, params string[] args)
    {
        var directory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, appDirectory));
        var resource = builder.AddResource(new PythonAppResource(name, PythonInterpreter.For(directory), directory));
        var launch = scriptOrModule.EndsWith(".py", StringComparison.Ordinal) ? new[] { scriptOrModule } : ["-m", scriptOrModule];
        return resource.WithPythonDefaults().WithArgs([.. launch, .. args]);
    }

    /// <summary>
    /// Adds an ASGI app served by uvicorn (<c>module:app --host 127.0.0.1 --port {http port}</c>), with
    /// <c>--reload</c> (watching the app directory only) in Development and <c>--workers N</c> otherwise
    /// (<c>Resources:{name}:Workers</c>, default 2). Uvicorn runs under <see cref="UvicornLauncher"/>, so a server process
    /// that exits with a configuration error ends the resource instead of leaving uvicorn's supervisor running.
    /// Declare its endpoint with <c>.WithHttpEndpoint(port, env: "PORT")</c>.
    /// </summary>
    public static IResourceBuilder<UvicornAppResource> AddUvicornApp(
        this IDistributedApplicationBuilder builder, string name, string appDirectory, string appReference)
    {
        if (!appReference.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Invalid ASGI app '{appReference}' for '{name}'. Expected: module:attribute (example: \"trading_api.main:app\").", nameof(appReference));
        }

        var directory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, appDirectory));
        var development = builder.Environment.IsDevelopment();
        var configuration = builder.Configuration;
        return builder.AddResource(new UvicornAppResource(name, PythonInterpreter.For(directory), directory, appReference))
            .WithPythonDefaults()
            .WithArgs(context =>
            {
                var http = context.Resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.IsHttp)
                    ?? throw new InvalidOperationException(
                        $"Resource '{name}' (uvicorn) has no HTTP endpoint. Add .WithHttpEndpoint(port: 8000, env: \"PORT\").");
                context.Args.Add(UvicornLauncher.ScriptPath);
                context.Args.Add(appReference);
                context.Args.Add("--host");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--port");
                context.Args.Add(http.AllocatedEndpoint!.Port.ToString(CultureInfo.InvariantCulture));
                if (development)
                {
                    context.Args.Add("--reload");
                    context.Args.Add("--reload-dir");
                    context.Args.Add(directory);
                }
                else
                {
                    context.Args.Add("--workers");
                    context.Args.Add(configuration[$"Resources:{name}:Workers"] ?? "2");
                }
            });
    }

    /// <summary>Adds directories (relative to the AppHost) to the app's PYTHONPATH, e.g. shared packages.</summary>
    public static IResourceBuilder<T> WithPythonPath<T>(this IResourceBuilder<T> builder, params string[] directories) where T : PythonAppResource
    {
        var paths = directories.Select(d => Path.GetFullPath(Path.Combine(builder.ApplicationBuilder.AppHostDirectory, d))).ToList();
        return builder.WithEnvironment(context =>
        {
            var existing = context.EnvironmentVariables.TryGetValue("PYTHONPATH", out var value) && value.Length > 0 ? [value] : Array.Empty<string>();
            context.EnvironmentVariables["PYTHONPATH"] = string.Join(':', existing.Concat(paths));
        });
    }

    private static IResourceBuilder<T> WithPythonDefaults<T>(this IResourceBuilder<T> builder) where T : PythonAppResource
    {
        var resource = builder.Resource;
        return builder
            .WithAnnotation(new LegacyConnectionVariablesAnnotation())
            .WithAnnotation(new OtlpExporterAnnotation("http/json"))
            .WithEnvironment("PYTHONUNBUFFERED", "1")
            .WithAnnotation(new BeforeResourceStartAnnotation(async context =>
            {
                var requirements = PythonRequirements.Read(resource.AppDirectory);
                context.ReportProgress($"checking {requirements.Count} Python imports");
                var missing = await PythonModuleCheck.FindMissingAsync(resource.Command, requirements.Select(r => r.Module), context.CancellationToken)
                    .ConfigureAwait(false);
                if (missing.Count > 0)
                {
                    throw new InvalidOperationException(PythonModuleCheck.MissingModulesMessage(
                        resource.Name, resource.Command, requirements.Where(r => missing.Contains(r.Module)).ToList()));
                }
            }));
    }
}
