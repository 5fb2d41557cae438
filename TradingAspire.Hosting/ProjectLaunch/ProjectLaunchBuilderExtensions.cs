using Aspire.Hosting.Lifecycle;

namespace Aspire.Hosting;

/// <summary>How a .NET project resource is launched and reloaded, beyond Aspire's <c>dotnet run --project … --no-build</c>.</summary>
public static class ProjectLaunchBuilderExtensions
{
    /// <summary>
    /// Launches the project as its built program (<c>bin/{Configuration}/{TargetFramework}/{ProjectName}</c>, the AppHost's
    /// configuration) instead of through <c>dotnet run</c>: no MSBuild evaluation, no resident wrapper (about 130 MiB), and
    /// <c>executable.pid</c> is the service's own process. Aspire still sets the environment and endpoints. An IDE session
    /// (<c>DEBUG_SESSION_PORT</c>) launches it as Aspire does, so breakpoints work. A project never built stops the start
    /// before any process runs, naming the build command.
    /// </summary>
    /// <param name="builder">A project added with <c>AddProject</c>.</param>
    /// <returns>The same builder.</returns>
    public static IResourceBuilder<ProjectResource> WithDirectLaunch(this IResourceBuilder<ProjectResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ApplicationBuilder.Services.TryAddEventingSubscriber<DirectLaunchSubscriber>();
        return builder.WithAnnotation(new DirectLaunchAnnotation(), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>
    /// In Development, rebuilds and restarts the project when a source is saved (<c>.cs</c>, <c>.csproj</c>, <c>.props</c>,
    /// <c>.targets</c>, <c>.razor</c>, <c>.cshtml</c> in its directory or a referenced project's, outside <c>bin/</c> and
    /// <c>obj/</c>) through Aspire's <c>rebuild</c> command, the build output in its console log. A compile error leaves it
    /// FailedToStart with the errors in its log; the next save that builds starts it. Off in an IDE session (Hot Reload)
    /// and under <c>DOTNET_WATCH=true</c> (<c>dotnet watch</c> reloads it).
    /// </summary>
    /// <param name="builder">A project added with <c>AddProject</c>.</param>
    /// <param name="quietPeriod">How long changes must be quiet before the rebuild; greater than zero, at most 10 s. Default 300 ms.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quietPeriod"/> is not greater than zero and at most 10 s.</exception>
    public static IResourceBuilder<ProjectResource> WithRebuildOnChange(this IResourceBuilder<ProjectResource> builder, TimeSpan? quietPeriod = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var quiet = quietPeriod ?? TimeSpan.FromMilliseconds(300);
        if (quiet <= TimeSpan.Zero || quiet > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentOutOfRangeException(nameof(quietPeriod), quiet,
                $"The quiet period of '{builder.Resource.Name}' must be greater than zero and at most 10 s, got {quiet}. Example: WithRebuildOnChange(TimeSpan.FromMilliseconds(300)).");
        }

        if (!builder.ApplicationBuilder.Environment.IsDevelopment())
        {
            return builder;
        }

        builder.ApplicationBuilder.Services.TryAddEventingSubscriber<SourceChangeRebuilder>();
        return builder.WithAnnotation(new RebuildOnChangeAnnotation(quiet), ResourceAnnotationMutationBehavior.Replace);
    }
}
