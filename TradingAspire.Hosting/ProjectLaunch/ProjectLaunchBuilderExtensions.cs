using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting;

/// <summary>
/// How a .NET project resource is launched and reloaded, beyond Aspire's default (<c>dotnet run --project … --no-build</c>).
/// </summary>
public static class ProjectLaunchBuilderExtensions
{
    /// <summary>
    /// Launches the project as its built program (<c>bin/{Configuration}/{TargetFramework}/{ProjectName}</c>, the
    /// configuration the AppHost was built in) instead of through <c>dotnet run</c>: no MSBuild evaluation before the
    /// start, no resident <c>dotnet run</c> wrapper (about 130 MiB), and the pid Aspire shows
    /// (<c>executable.pid</c>, dashboard, <c>aspire describe</c>) is the service's own process, so a kill of it is seen
    /// as the resource's exit. Uses Aspire's command override for projects (<see cref="ExecutableAnnotation"/>); Aspire
    /// still sets the environment, endpoints and launch-profile variables. In an IDE session (<c>DEBUG_SESSION_PORT</c>,
    /// F5 in Visual Studio, VS Code or Rider) the IDE launches the project as Aspire does, so breakpoints work.
    /// The AppHost's build builds the project (it is a <c>ProjectReference</c>); a project that was never built stops
    /// the start before any process runs, naming the build command.
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
    /// In the Development environment, rebuilds and restarts the project when one of its sources is saved (<c>.cs</c>,
    /// <c>.csproj</c>, <c>.props</c>, <c>.targets</c>, <c>.razor</c>, <c>.cshtml</c> in its directory or a referenced
    /// project's, outside <c>bin/</c> and <c>obj/</c>), through Aspire's <c>rebuild</c> command: the process is stopped,
    /// <c>dotnet build</c> runs with its output in the resource's console log, and the new build starts. A compile error
    /// leaves the resource FailedToStart with the errors in its log (the previous build does not keep running); the
    /// next save that builds starts it again. Outside Development this call changes nothing. Off in an IDE session
    /// (the IDE's own Hot Reload applies) and under <c>DOTNET_WATCH=true</c> (Aspire then runs the project under
    /// <c>dotnet watch</c>, which reloads it itself).
    /// </summary>
    /// <param name="builder">A project added with <c>AddProject</c>.</param>
    /// <param name="quietPeriod">How long changes must be quiet before the rebuild starts (an editor's save writes several
    /// events); greater than zero, at most 10 s. Default 300 ms.</param>
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
