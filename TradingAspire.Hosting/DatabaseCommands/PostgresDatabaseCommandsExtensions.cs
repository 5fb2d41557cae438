namespace Aspire.Hosting;

/// <summary>
/// <c>backup</c>, <c>restore</c> and <c>reset</c> on a PostgreSQL database: buttons in the dashboard's resource menu and
/// <c>aspire resource {database} backup|restore|reset</c> from the CLI.
/// </summary>
public static class PostgresDatabaseCommandsExtensions
{
    /// <summary>The command that writes a <c>pg_dump -Fc</c> archive to the backup directory.</summary>
    public const string BackupCommand = "backup";

    /// <summary>The command that restores a backup (the newest, or the file given as its argument).</summary>
    public const string RestoreCommand = "restore";

    /// <summary>The command that drops, recreates and migrates the database (the database name as its argument confirms it).</summary>
    public const string ResetCommand = "reset";

    /// <summary>The argument of <see cref="RestoreCommand"/>: a backup's file name; empty for the newest.</summary>
    public const string FileArgument = "file";

    /// <summary>The argument of <see cref="ResetCommand"/>: must equal the database name.</summary>
    public const string ConfirmArgument = "confirm";

    /// <summary>
    /// Adds <c>backup</c> (<c>pg_dump -Fc</c> to <c>{backupDirectory}/{database}-{UTC yyyyMMdd-HHmmss}.dump</c>, mode 0600),
    /// <c>restore</c> (closes the other connections, then <c>pg_restore --clean --if-exists --single-transaction</c> of the
    /// newest backup or the <c>file</c> argument; a broken archive changes nothing) and <c>reset</c> (confirmed by the
    /// <c>confirm</c> argument equal to the database name: drops it <c>WITH (FORCE)</c>, creates it empty and runs
    /// <paramref name="migrations"/> again until it exits 0). Restore and reset first stop the running resources that
    /// reference or wait for the database, directly or through another, with Aspire's stop command (dependants first), and
    /// start them again afterwards in dependency order, also after a failure, returning once they are healthy: no process
    /// keeps state read from the database before. Progress shows as the database's state text and in its log.
    /// </summary>
    /// <param name="builder">The database's builder.</param>
    /// <param name="backupDirectory">Where backups go, relative to the AppHost directory (or absolute).</param>
    /// <param name="migrations">The run-once resource that applies the schema (e.g. a DbUp project); null when reset leaves the database empty.</param>
    /// <example><code>
    /// var migrations = builder.AddProject&lt;Projects.Migrations&gt;("migrations").WithReference(trading).WaitFor(trading);
    /// trading.WithDatabaseCommands("../backups", migrations);
    /// </code></example>
    public static IResourceBuilder<PostgresExecutableDatabaseResource> WithDatabaseCommands(this IResourceBuilder<PostgresExecutableDatabaseResource> builder,
        string backupDirectory = "../backups", IResourceBuilder<IResource>? migrations = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(backupDirectory);
        var database = builder.Resource;
        var directory = new BackupDirectory(Path.GetFullPath(backupDirectory, builder.ApplicationBuilder.AppHostDirectory), database.DatabaseName);
        var runner = new PostgresDatabaseCommandRunner(database, directory, migrations?.Resource, PostgresInstallation.Current);
        var databaseName = database.DatabaseName;
        builder.WithCommand(BackupCommand, "Back up", runner.BackupAsync, new CommandOptions
        {
            Description = $"pg_dump -Fc of '{databaseName}' to {directory.Path}",
            IconName = "ArrowDownload",
            UpdateState = EnabledWhenRunning,
        });

        builder.WithCommand(RestoreCommand, "Restore", runner.RestoreAsync, new CommandOptions
        {
            Description = $"Restore '{databaseName}' from a backup in {directory.Path} (the newest unless one is chosen); "
                + "stops the resources that use it first and starts them again after",
            IconName = "ArrowUpload",
            UpdateState = EnabledWhenRunning,
            Arguments =
            [
                new InteractionInput
                {
                    Name = FileArgument,
                    Label = "Backup file",
                    Description = $"A file in {directory.Path}; empty for the newest.",
                    InputType = InputType.Choice,
                    Required = false,
                    AllowCustomChoice = true,
                    DynamicLoading = new InputLoadOptions
                    {
                        AlwaysLoadOnStart = true,
                        LoadCallback = load =>
                        {
                            load.Input.Options = [.. directory.List().Select(name => KeyValuePair.Create(name, name))];
                            return Task.CompletedTask;
                        },
                    },
                },
            ],
        });

        builder.WithCommand(ResetCommand, "Reset", runner.ResetAsync, new CommandOptions
        {
            Description = $"Drop '{databaseName}', create it empty and run the migrations again (stops the resources that use it meanwhile)",
            IconName = "ArrowReset",
            ConfirmationMessage = $"Drop database '{databaseName}' with all its data, create it empty and run the migrations again? Take a backup first if the data matters.",
            UpdateState = EnabledWhenRunning,
            Arguments =
            [
                new InteractionInput
                {
                    Name = ConfirmArgument,
                    Label = $"Type the database name ({databaseName}) to confirm",
                    InputType = InputType.Text,
                    Required = true,
                    Placeholder = databaseName,
                },
            ],
            // Aspire runs it before the command (dashboard and CLI alike; a missing argument fails as Required).
            ValidateArguments = validation =>
            {
                if (validation.Inputs.TryGetByName(ConfirmArgument, out var input) && input.Value != databaseName)
                {
                    validation.AddValidationError(input, $"Reset not confirmed: the 'confirm' argument must be the database name '{databaseName}' " +
                        $"(got '{input.Value}'). From the CLI: aspire resource {database.Name} reset --confirm {databaseName}");
                }

                return Task.CompletedTask;
            },
        });

        return builder;
    }

    private static ResourceCommandState EnabledWhenRunning(UpdateCommandStateContext context)
        => context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;
}
