using Npgsql;

namespace TradingAspire.Hosting;

/// <summary>
/// Backup, restore and reset of one database, one at a time, with progress as its state text and in its console log;
/// a failure becomes a failed command result with the tool's or server's message. <c>pg_dump</c>/<c>pg_restore</c> get
/// the password in <c>PGPASSWORD</c> and the archive on standard input/output, so the <c>postgres</c> user (when the
/// AppHost is root) needs no access to the backup directory.
/// </summary>
internal sealed class PostgresDatabaseCommandRunner(PostgresExecutableDatabaseResource database, BackupDirectory backups,
    IResource? migrations, PostgresInstallation installation)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary><c>pg_dump -Fc</c> into a new file of the backup directory.</summary>
    public Task<ExecuteCommandResult> BackupAsync(ExecuteCommandContext context) => RunAsync(context, "Backup", stopsDependants: false, async (progress, ct) =>
    {
        var now = context.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var file = backups.NewFile(now);
        await progress($"Backup: pg_dump to {Path.GetFileName(file)}").ConfigureAwait(false);
        try
        {
            await using var output = OwnerOnlyFile.Create(file); // a backup holds all the data: 0600
            await RunToolAsync("pg_dump", ["--format=custom"], null, output, ct).ConfigureAwait(false);
        }
        catch
        {
            File.Delete(file); // no half-written archive that 'restore' would pick as the newest
            throw;
        }

        return $"Backed up '{database.DatabaseName}' to {file} ({new FileInfo(file).Length} bytes).";
    });

    /// <summary>
    /// Stops the running resources that depend on the database (<see cref="DatabaseDependants"/>), closes the other
    /// connections, runs <c>pg_restore --clean --if-exists</c> in one transaction and starts the dependants again.
    /// </summary>
    /// <param name="context">The command's context; its <c>file</c> argument is a backup file name in the backup directory, none or empty for the newest.</param>
    public Task<ExecuteCommandResult> RestoreAsync(ExecuteCommandContext context)
    {
        string file;
        try
        {
            // Before stopping anything: a wrong name changes nothing.
            file = backups.Resolve(context.Arguments is { } arguments && arguments.TryGetByName(PostgresDatabaseCommandsExtensions.FileArgument, out var chosen) ? chosen.Value : null);
        }
        catch (ArgumentException exception)
        {
            return Task.FromResult(CommandResults.Failure($"Restore of '{database.DatabaseName}' failed: {exception.Message}"));
        }

        return RestoreFileAsync(context, file);
    }

    private Task<ExecuteCommandResult> RestoreFileAsync(ExecuteCommandContext context, string file) => RunAsync(context, "Restore", stopsDependants: true, async (progress, ct) =>
    {
        await progress("Restore (1/2): closing other connections").ConfigureAwait(false);
        var closed = Convert.ToInt32(await database.Parent.ExecuteScalarAsync(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            ct, database.DatabaseName).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        context.Logger.LogInformation("Closed {Count} connection(s) to {Database} before the restore; their clients reconnect.", closed, database.DatabaseName);
        await progress($"Restore (2/2): pg_restore {Path.GetFileName(file)}").ConfigureAwait(false);
        await using (var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            await RunToolAsync("pg_restore", ["--clean", "--if-exists", "--single-transaction", "--exit-on-error"], input, null, ct)
                .ConfigureAwait(false);
        }

        return $"Restored '{database.DatabaseName}' from {file}; closed {closed} other connection(s) first (their clients reconnect).";
    });

    /// <summary>
    /// Stops the running dependants, drops the database (closing its connections), creates it empty, runs the migrations
    /// resource again and starts the dependants again.
    /// </summary>
    public Task<ExecuteCommandResult> ResetAsync(ExecuteCommandContext context) => RunAsync(context, "Reset", stopsDependants: true, async (progress, ct) =>
    {
        var quoted = new NpgsqlCommandBuilder().QuoteIdentifier(database.DatabaseName);
        var steps = migrations is null ? 2 : 3;
        await progress($"Reset (1/{steps}): dropping the database").ConfigureAwait(false);
        await database.Parent.ExecuteScalarAsync($"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", ct).ConfigureAwait(false);
        await progress($"Reset (2/{steps}): creating the database").ConfigureAwait(false);
        await database.Parent.ExecuteScalarAsync($"CREATE DATABASE {quoted}", ct).ConfigureAwait(false);
        if (migrations is null)
        {
            return $"Dropped and recreated '{database.DatabaseName}'; it is empty (no migrations resource was given to WithDatabaseCommands).";
        }

        // The migrations resource waits for this database to be Running, so the state goes back to Running first.
        var notifications = context.Services.GetRequiredService<ResourceNotificationService>();
        await notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Running }).ConfigureAwait(false);
        context.Logger.LogInformation("Reset (3/3): running '{Migrations}' again", migrations.Name);
        await new DatabaseDependants(context.Services.GetRequiredService<ResourceCommandService>(), notifications).RunMigrationsAgainAsync(migrations, ct)
            .ConfigureAwait(false);
        return $"Dropped and recreated '{database.DatabaseName}'; '{migrations.Name}' ran again and exited 0.";
    });

    /// <summary>
    /// Runs <paramref name="work"/> alone on the database. With <paramref name="stopsDependants"/> the running resources
    /// that depend on the database are stopped first and started again afterwards, also after a failure: a process that
    /// read the database before (the gateway's positions and used client order ids) must read it again.
    /// </summary>
    internal async Task<ExecuteCommandResult> RunAsync(ExecuteCommandContext context, string name, bool stopsDependants,
        Func<Func<string, Task>, CancellationToken, Task<string>> work)
    {
        var purpose = name.ToLowerInvariant();
        if (!await _gate.WaitAsync(0, context.CancellationToken).ConfigureAwait(false))
        {
            return CommandResults.Failure($"Another command is running on '{database.Name}'; wait until it has finished, then run '{purpose}' again.");
        }

        var notifications = context.Services.GetRequiredService<ResourceNotificationService>();
        var dependants = new DatabaseDependants(context.Services.GetRequiredService<ResourceCommandService>(), notifications);
        var stopped = new List<IReadOnlyList<IResource>>();
        var (succeeded, message, cancelled) = (false, "", false);
        var stopping = context.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, stopping);
        try
        {
            Func<string, Task> progress = async text =>
            {
                context.Logger.LogInformation("{Progress}", text);
                await notifications.PublishUpdateAsync(database, s => s with { State = new ResourceStateSnapshot(text, KnownResourceStateStyles.Info) }).ConfigureAwait(false);
            };
            if (stopsDependants)
            {
                var waves = DatabaseDependants.StartWaves(context.Services.GetRequiredService<DistributedApplicationModel>().Resources, database);
                await dependants.StopRunningAsync(waves, purpose, stopped, progress, cancellation.Token).ConfigureAwait(false);
            }

            (succeeded, message) = (true, await work(progress, cancellation.Token).ConfigureAwait(false));
        }
        catch (Exception exception) when (exception is DistributedApplicationException or ArgumentException or NpgsqlException
            or IOException or UnauthorizedAccessException)
        {
            message = $"{name} of '{database.DatabaseName}' failed: {exception.Message}";
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            (cancelled, message) = (true, $"{name} of '{database.DatabaseName}' was cancelled; check the database before relying on it.");
        }
        finally
        {
            try
            {
                // Running again before the dependants start: their WaitFor waits for it (so their start shows in this log only).
                await notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Running }).ConfigureAwait(false);
                if (stopped.Count > 0)
                {
                    IReadOnlyList<string>? notStarted = null; // null: not started, the AppHost is stopping (DCP tears down)
                    try
                    {
                        notStarted = stopping.IsCancellationRequested ? null : await dependants.StartAsync(stopped, context.Logger, stopping).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                    {
                    }

                    // The AppHost stopping: cancelled (a warning, no error in the shutdown) unless the work itself failed (its
                    // error stays an error); not all back: a failure naming them.
                    (string outcome, succeeded, cancelled) = notStarted switch
                    {
                        null => ("; not started again: the AppHost is stopping.", false, cancelled || succeeded),
                        [] => (" and started them again.", succeeded, cancelled),
                        _ => ($"; not all came back: {string.Join("; ", notStarted)}. Start them from the dashboard or with: aspire resource <name> start", false, false),
                    };
                    message += $"{(message.EndsWith('.') ? "" : ".")} Stopped {DatabaseDependants.Names(stopped.SelectMany(w => w))} for the {purpose}{outcome}";
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        if (cancelled)
        {
            context.Logger.LogWarning("{Result}", message);
            return CommandResults.Canceled();
        }

        context.Logger.Log(succeeded ? LogLevel.Information : LogLevel.Error, "{Result}", message);
        // The message as the result's data too: the CLI prints the data (the file name), the dashboard offers it.
        return succeeded ? CommandResults.Success(message, message, CommandResultFormat.Text) : CommandResults.Failure(message);
    }

    /// <summary>Runs <paramref name="program"/> against the database; throws with its stderr on a non-zero exit.</summary>
    private async Task RunToolAsync(string program, IReadOnlyList<string> arguments, Stream? standardInput, Stream? standardOutput, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnectionStringBuilder(await database.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false));
        var (command, leading) = installation.Platform.RunAs(installation.Require(program), "postgres");
        string[] connectionArguments =
        [
            $"--host={connection.Host}", $"--port={connection.Port}", $"--username={connection.Username}", $"--dbname={connection.Database}",
            "--no-password", // never wait for a password prompt: PGPASSWORD or fail
        ];
        var environment = new Dictionary<string, string> { ["PGPASSWORD"] = connection.Password ?? "", ["PGCONNECT_TIMEOUT"] = "10" };
        var result = await ChildProcess.RunAsync(command, [.. leading, .. connectionArguments, .. arguments], cancellationToken, environment,
            standardInput: standardInput, standardOutput: standardOutput ?? Stream.Null).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new DistributedApplicationException($"{program} failed with exit code {result.ExitCode}: {result.StandardError.Trim()}");
        }
    }
}
