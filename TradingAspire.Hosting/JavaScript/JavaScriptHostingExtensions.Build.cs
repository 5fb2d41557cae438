namespace Aspire.Hosting;

public static partial class JavaScriptHostingExtensions
{
    /// <summary>
    /// In run mode builds the app before each start, after its waits (e.g. for its installer): <c>npm run {buildScriptName}</c>
    /// in its directory with the app's own environment (what the build compiles in, e.g. the OTLP endpoint, is this run's),
    /// its output in the app's console log and <c>Building (npm run {buildScriptName})</c> as its state text meanwhile. The
    /// app's process starts only after a build that succeeded; a failed one fails the start (FailedToStart). The stop command
    /// during the build kills it (npm and its children) and leaves the app Finished, not started; the restart command kills
    /// it and starts the app again, with a fresh build. For an app run with <c>preview</c>.
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
        CancellationTokenSource? building = null;   // the running build, which the stop and restart commands cancel
        var commandsWrapped = false;
        return !first ? builder : builder.WithStartPreparation(async (app, @event, ct) =>
        {
            var (services, script) = (@event.Services, app.Annotations.OfType<JavaScriptBuildBeforeStartAnnotation>().Last().ScriptName);
            var (logger, notifications) = (services.GetRequiredService<ResourceLoggerService>().GetLogger(app),
                services.GetRequiredService<ResourceNotificationService>());
            commandsWrapped = commandsWrapped || WrapStopAndRestart(app, () => Volatile.Read(ref building), notifications, services.GetRequiredService<TimeProvider>());
            // From here on the stop and restart commands cancel (the wait, the build); so does the AppHost's stop (Aspire does
            // not cancel this event). Cancelled, CliWrap kills npm's process tree and throws: Aspire fails the start (FailedToStart).
            using var build = CancellationTokenSource.CreateLinkedTokenSource(ct, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
            Volatile.Write(ref building, build);
            try
            {
                await notifications.WaitForDependenciesAsync(app, build.Token).ConfigureAwait(false);   // e.g. npm ci: Aspire's wait comes after us
                await notifications.PublishUpdateAsync(app, s => s with { State = new($"Building (npm run {script})", KnownResourceStateStyles.Info) }).ConfigureAwait(false);
                var configuration = await ExecutionConfigurationBuilder.Create(app).WithEnvironmentVariablesConfig()
                    .BuildAsync(services.GetRequiredService<DistributedApplicationExecutionContext>(), logger, build.Token).ConfigureAwait(false);
                var result = await ChildProcess.RunAsync(app.Command, ["run", script], build.Token, configuration.EnvironmentVariables.ToDictionary(),
                    app.WorkingDirectory, outputLines: line => logger.LogInformation("{Line}", line)).ConfigureAwait(false);
                if (result.ExitCode != 0)
                {
                    throw new DistributedApplicationException($"'npm run {script}' of '{app.Name}' failed with exit code {result.ExitCode} (its output is above): " +
                        $"'{app.Name}' does not start without a build. Fix what it reports, then start '{app.Name}' again.");
                }
            }
            catch (OperationCanceledException) when (build.IsCancellationRequested)
            {
                logger.LogInformation("Stopped while 'npm run {Script}' ran or waited to run: the build was killed and '{App}' not started.", script, app.Name);
                throw;
            }
            finally
            {
                Volatile.Write(ref building, null);
            }
        });
    }

    /// <summary>How long a stop or restart during the build waits for the cancelled start to end (it takes about a second).</summary>
    private static readonly TimeSpan StartEndDeadline = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Replaces the app's stop and restart commands (Aspire adds them before the first start) by ones that, while the build
    /// or its wait runs, cancel it instead (Aspire's would wait for the build's end) and wait for the failed start: then the
    /// stop shows the app Finished, the restart runs the start command (a fresh build). Otherwise Aspire's. False: not added yet.
    /// Order: this runs in the app's first BeforeResourceStartedEvent handler, subscribed while the model is built, so before
    /// RestartSupervisor's (an eventing subscriber, subscribed at start), which then wraps these commands: it hears of a
    /// stop or restart during the build (not a crash, the failed start not a failed restart). Wrapping after it would hide that.
    /// </summary>
    private static bool WrapStopAndRestart(IResource app, Func<CancellationTokenSource?> building, ResourceNotificationService notifications, TimeProvider time)
    {
        var annotations = app.Annotations;
        var commands = annotations.OfType<ResourceCommandAnnotation>().Where(c => c.Name == KnownResourceCommands.StopCommand || c.Name == KnownResourceCommands.RestartCommand).ToList();
        foreach (var command in commands)
        {
            annotations[annotations.IndexOf(command)] = new ResourceCommandAnnotation(command.Name, command.DisplayName, command.UpdateState, async context =>
            {
                if (building() is not { } build)
                {
                    return await command.ExecuteCommand(context).ConfigureAwait(false);
                }

                try
                {
                    await build.CancelAsync().ConfigureAwait(false);
                }
                catch (ObjectDisposedException)
                {
                    // The build ended meanwhile: its start goes on (seen below).
                }

                // The start's end, not any terminal state: the restart policy's Stop shows Finished at once over its own texts.
                // Bounded: a build that ended just before the kill, then an app exiting before it was seen Running, ends neither.
                using var deadline = new CancellationTokenSource(StartEndDeadline, time);
                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, deadline.Token);
                ResourceEvent ended;
                try
                {
                    ended = await notifications.WaitForResourceAsync(app.Name, e => e.Snapshot.State?.Text is { } s
                        && (s == KnownResourceStates.Running || s == KnownResourceStates.FailedToStart), bounded.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
                {
                    return CommandResults.Failure($"{command.DisplayName}: the build of '{app.Name}' was cancelled, but its start ended neither Running " +
                        $"nor FailedToStart within {StartEndDeadline.TotalSeconds:0} s (see its state and log). Run {command.DisplayName} again.");
                }

                if (ended.Snapshot.State?.Text == KnownResourceStates.Running)
                {
                    return await command.ExecuteCommand(context).ConfigureAwait(false);
                }

                if (command.Name == KnownResourceCommands.RestartCommand)
                {
                    return await annotations.OfType<ResourceCommandAnnotation>().Single(c => c.Name == KnownResourceCommands.StartCommand).ExecuteCommand(context).ConfigureAwait(false);
                }

                await notifications.PublishUpdateAsync(app, s => s with { State = KnownResourceStates.Finished }).ConfigureAwait(false);
                return CommandResults.Success();
            }, command.DisplayDescription, command.Arguments, command.ConfirmationMessage, command.IconName, command.IconVariant, command.IsHighlighted, command.Visibility, command.ValidateArguments);
        }

        return commands.Count > 0;
    }
}
