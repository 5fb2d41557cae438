namespace Aspire.Hosting;

public static partial class JavaScriptHostingExtensions
{
    /// <summary>
    /// In run mode builds the app before each start, after its waits (e.g. for its installer): <c>npm run {buildScriptName}</c>
    /// in its directory with the app's own environment (what the build compiles in, e.g. the OTLP endpoint, is this run's),
    /// its output in the app's console log and <c>Building (npm run {buildScriptName})</c> as its state text meanwhile. The
    /// app's process starts only after a build that succeeded; a failed one fails the start (FailedToStart). The stop command
    /// during the build kills it (npm and its children) and leaves the app Finished, not started. For an app run with
    /// <c>preview</c>.
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
        CancellationTokenSource? building = null;   // the running build, which the stop command cancels
        var stopWrapped = false;
        return !first ? builder : builder.WithStartPreparation(async (app, @event, ct) =>
        {
            var (services, script) = (@event.Services, app.Annotations.OfType<JavaScriptBuildBeforeStartAnnotation>().Last().ScriptName);
            var (logger, notifications) = (services.GetRequiredService<ResourceLoggerService>().GetLogger(app),
                services.GetRequiredService<ResourceNotificationService>());
            stopWrapped = stopWrapped || WrapStop(app, () => building, notifications, logger, script);
            await notifications.WaitForDependenciesAsync(app, ct).ConfigureAwait(false);   // e.g. npm ci: Aspire's wait comes after us
            await notifications.PublishUpdateAsync(app, s => s with { State = new($"Building (npm run {script})", KnownResourceStateStyles.Info) }).ConfigureAwait(false);
            var configuration = await ExecutionConfigurationBuilder.Create(app).WithEnvironmentVariablesConfig()
                .BuildAsync(services.GetRequiredService<DistributedApplicationExecutionContext>(), logger, ct).ConfigureAwait(false);
            var build = building = CancellationTokenSource.CreateLinkedTokenSource(ct, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
            ProcessOutput result;
            try
            {
                // Stopped (the stop command, the AppHost's stop: Aspire does not cancel this event), CliWrap kills npm's process
                // tree and throws: Aspire fails the start, the stop command then shows it Finished.
                result = await ChildProcess.RunAsync(app.Command, ["run", script], build.Token, configuration.EnvironmentVariables.ToDictionary(),
                    app.WorkingDirectory, outputLines: line => logger.LogInformation("{Line}", line)).ConfigureAwait(false);
            }
            finally
            {
                building = null;
                build.Dispose();
            }

            if (result.ExitCode != 0)
            {
                throw new DistributedApplicationException($"'npm run {script}' of '{app.Name}' failed with exit code {result.ExitCode} (its output is above): " +
                    $"'{app.Name}' does not start without a build. Fix what it reports, then start '{app.Name}' again.");
            }
        });
    }

    /// <summary>
    /// Replaces the app's stop command (Aspire adds it before the first start) by one that, while the build runs, cancels
    /// it instead, waits for the failed start and shows the app Finished; otherwise Aspire's stop. False: not added yet.
    /// </summary>
    private static bool WrapStop(IResource app, Func<CancellationTokenSource?> building, ResourceNotificationService notifications, ILogger logger, string script)
    {
        var annotations = app.Annotations;
        if (annotations.OfType<ResourceCommandAnnotation>().SingleOrDefault(c => c.Name == KnownResourceCommands.StopCommand) is not { } stop)
        {
            return false;
        }

        annotations[annotations.IndexOf(stop)] = new ResourceCommandAnnotation(stop.Name, stop.DisplayName, stop.UpdateState, async context =>
        {
            if (building() is not { } build)
            {
                return await stop.ExecuteCommand(context).ConfigureAwait(false);
            }

            try
            {
                await build.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The build ended meanwhile: its start goes on (seen below).
            }

            var ended = await notifications.WaitForResourceAsync(app.Name, e => e.Snapshot.State?.Text is { } s
                && (s == KnownResourceStates.FailedToStart || s == KnownResourceStates.Running), context.CancellationToken).ConfigureAwait(false);
            if (ended.Snapshot.State?.Text == KnownResourceStates.Running)
            {
                return await stop.ExecuteCommand(context).ConfigureAwait(false);
            }

            logger.LogInformation("'{App}' was stopped while 'npm run {Script}' ran: the build was killed and '{App}' not started.", app.Name, script, app.Name);
            await notifications.PublishUpdateAsync(app, s => s with { State = KnownResourceStates.Finished }).ConfigureAwait(false);
            return CommandResults.Success();
        }, stop.DisplayDescription, stop.Arguments, stop.ConfirmationMessage, stop.IconName, stop.IconVariant, stop.IsHighlighted, stop.Visibility, stop.ValidateArguments);
        return true;
    }
}
