using System.Globalization;
using Microsoft.Extensions.Hosting;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Node;

namespace TradingAspire.Hosting;

/// <summary><c>AddNpmApp</c> and <c>AddViteApp</c>.</summary>
public static class NodeBuilderExtensions
{
    /// <summary>Adds <c>npm run {scriptName}</c> in <paramref name="workingDirectory"/>, installing packages first when needed.</summary>
    public static IResourceBuilder<NodeAppResource> AddNpmApp(
        this IDistributedApplicationBuilder builder, string name, string workingDirectory, string scriptName = "start", params string[] args)
    {
        var directory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, workingDirectory));
        var resource = builder.AddResource(new NodeAppResource(name, "npm", directory)).WithArgs(["run", scriptName, .. args.Length > 0 ? ["--", .. args] : Array.Empty<string>()]);
        return resource.WithNodeDefaults(builder.Environment.IsDevelopment());
    }

    /// <summary>
    /// Adds a Vite app run directly as <c>node_modules/.bin/vite</c> (not through npx, so stopping the resource stops
    /// Vite) on the resource's HTTP endpoint: the dev server in Development; otherwise <c>vite build</c> then
    /// <c>vite preview</c> serving <c>dist/</c>. Declare the endpoint with <c>.WithHttpEndpoint(port: 5173, env: "PORT")</c>.
    /// <paramref name="scriptName"/> names the npm script this replaces (kept for Aspire compatibility); Vite itself is run.
    /// </summary>
    public static IResourceBuilder<NodeAppResource> AddViteApp(
        this IDistributedApplicationBuilder builder, string name, string workingDirectory, string scriptName = "dev")
    {
        var directory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, workingDirectory));
        var development = builder.Environment.IsDevelopment();
        var vite = Path.Combine(directory, "node_modules", ".bin", "vite");
        var resource = builder.AddResource(new NodeAppResource(name, vite, directory)).WithNodeDefaults(development);
        if (!development)
        {
            resource.WithAnnotation(new BeforeResourceStartAnnotation(context => ViteBuild.RunAsync(context, vite, directory)));
        }

        return resource.WithArgs(context =>
        {
            var http = context.Resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.IsHttp)
                ?? throw new InvalidOperationException($"Resource '{name}' (Vite) has no HTTP endpoint. Add .WithHttpEndpoint(port: 5173, env: \"PORT\").");
            if (!development)
            {
                context.Args.Add("preview");
            }

            context.Args.Add("--host");
            context.Args.Add("127.0.0.1");
            context.Args.Add("--port");
            context.Args.Add(http.AllocatedEndpoint!.Port.ToString(CultureInfo.InvariantCulture));
            context.Args.Add("--strictPort");
        });
    }

    private static IResourceBuilder<NodeAppResource> WithNodeDefaults(this IResourceBuilder<NodeAppResource> builder, bool development)
    {
        var directory = builder.Resource.WorkingDirectory;
        return builder
            .WithAnnotation(new OtlpExporterAnnotation("http/protobuf"))
            .WithEnvironment("NODE_ENV", development ? "development" : "production")
            .WithEnvironment("BROWSER", "none")
            .WithEnvironment("FORCE_COLOR", "0")
            .WithAnnotation(new BeforeResourceStartAnnotation(context => NpmInstallStep.RunIfNeededAsync(context, directory)));
    }
}
