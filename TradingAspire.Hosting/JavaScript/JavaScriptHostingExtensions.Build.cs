namespace Aspire.Hosting;

public static partial class JavaScriptHostingExtensions
{
    /// <summary>
    /// In run mode builds the app before each start, after its waits (e.g. for its installer): <c>npm run {buildScriptName}</c>
    /// in its directory with the app's own environment (what the build compiles in, e.g. the OTLP endpoint, is this run's),
    /// its output in the app's console log and <c>Building (npm run {buildScriptName})</c> as its state text meanwhile. The
    /// app's process starts only after a build that succeeded; a failed one fails the start (FailedToStart). For an app run
    /// with <c>preview</c>.
    /// </summary>
    /// <param name="builder">The JavaScript resource builder.</param>
    /// <param name="buildScriptName">The package.json script that builds the app.</param>
    public static IResourceBuilder<TResource> WithBuildBeforeStart<TResource>(this IResourceBuilder<TResource> builder, string buildScriptName = "build")
        where TResource : JavaScriptAppResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(buildScriptName);
        if (!builder.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return builder;
        }

        var first = !builder.Resource.HasAnnotationOfType<JavaScriptBuildBeforeStartAnnotation>();   // called again: the last script wins
        builder.WithAnnotation(new JavaScriptBuildBeforeStartAnnotation(buildScriptName), ResourceAnnotationMutationBehavior.Replace);
        return !first ? builder : builder.WithStartPreparation(async (app, @event, ct) =>
        {
            var (services, script) = (@event.Services, app.Annotations.OfType<JavaScriptBuildBeforeStartAnnotation>().Last().ScriptName);
            var (logger, notifications) = (services.GetRequiredService<ResourceLoggerService>().GetLogger(app),
                services.GetRequiredService<ResourceNotificationService>());
            await notifications.WaitForDependenciesAsync(app, ct).ConfigureAwait(false);   // e.g. npm ci: Aspire's wait comes after us
            await notifications.PublishUpdateAsync(app, s => s with { State = new($"Building (npm run {script})", KnownResourceStateStyles.Info) }).ConfigureAwait(false);
            var configuration = await ExecutionConfigurationBuilder.Create(app).WithEnvironmentVariablesConfig()
                .BuildAsync(services.GetRequiredService<DistributedApplicationExecutionContext>(), logger, ct).ConfigureAwait(false);
            var result = await ChildProcess.RunAsync(app.Command, ["run", script], ct, configuration.EnvironmentVariables.ToDictionary(),
                app.WorkingDirectory, outputLines: line => logger.LogInformation("{Line}", line)).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new DistributedApplicationException($"'npm run {script}' of '{app.Name}' failed with exit code {result.ExitCode} (its output is above): " +
                    $"'{app.Name}' does not start without a build. Fix what it reports, then start '{app.Name}' again.");
            }
        });
    }
}
