using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting;

/// <summary><c>AddExecutable</c>: any native program as a resource.</summary>
public static class ExecutableBuilderExtensions
{
    /// <summary>
    /// Adds a native process. <paramref name="workingDirectory"/> is relative to the AppHost directory; the process
    /// is restarted on crashes by the default restart policy.
    /// </summary>
    public static IResourceBuilder<ExecutableResource> AddExecutable(
        this IDistributedApplicationBuilder builder, string name, string command, string workingDirectory, params string[] args)
    {
        var directory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, workingDirectory));
        var resource = builder.AddResource(new ExecutableResource(name, command, directory));
        return args.Length > 0 ? resource.WithArgs(args) : resource;
    }
}
