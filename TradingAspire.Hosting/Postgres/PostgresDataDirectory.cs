namespace TradingAspire.Hosting;

/// <summary>
/// Prepares a server's data directory before each start: <c>initdb</c> the first time, the <c>WithConfigurationFile</c>
/// settings, and ownership by the <c>postgres</c> user when the AppHost is root.
/// </summary>
internal static class PostgresDataDirectory
{
    internal const string SettingsFileName = "postgresql.aspire.conf";

    /// <summary>
    /// Runs initdb when <c>PG_VERSION</c> is missing (<c>--no-sync</c> for a temporary data directory: deleted when the app
    /// stops, it has nothing to keep through a crash); if it fails or is cancelled, a data directory that was empty before is
    /// emptied again, so the next start runs initdb afresh. Throws <see cref="DistributedApplicationException"/>, before
    /// changing anything, when <paramref name="settingsFile"/> is given but missing or the data directory is a file.
    /// </summary>
    public static async Task PrepareAsync(PostgresExecutableResource server, PostgresInstallation installation, string? settingsFile,
        Func<string, Task> progress, ILogger logger, CancellationToken cancellationToken)
    {
        ConfigurationFileAnnotation.ThrowIfMissing(server.Name, settingsFile, "postgresql.conf syntax, e.g. \"shared_buffers = 128MB\"");
        var dataDirectory = server.DataDirectory;
        if (File.Exists(dataDirectory))
        {
            throw new DistributedApplicationException(
                $"The data directory of '{server.Name}' is a file: {dataDirectory}. PostgreSQL needs a directory there: move or delete the file, " +
                "or give WithDataDirectory another path (e.g. WithDataDirectory(\"data/postgres\")).");
        }

        Directory.CreateDirectory(dataDirectory);
        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            var wasEmpty = !Directory.EnumerateFileSystemEntries(dataDirectory).Any();
            await progress("initdb (1/2): creating the data directory").ConfigureAwait(false);
            try
            {
                await InitDbAsync(server, installation, logger, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (wasEmpty)
            {
                // Stopped half-way (Ctrl+C during the first start kills it) or failed: what it left makes the next initdb
                // refuse ("exists but is not empty"), or with PG_VERSION written passes for a cluster missing its databases.
                Empty(dataDirectory, logger);
                throw;
            }

            await progress("initdb (2/2): data directory ready").ConfigureAwait(false);
        }

        InstallSettings(dataDirectory, settingsFile);
        if (installation.Platform.IsRoot)
        {
            await ChildProcess.RunCheckedAsync("chown", ["-R", "postgres:postgres", dataDirectory], cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task InitDbAsync(PostgresExecutableResource server, PostgresInstallation installation, ILogger logger, CancellationToken cancellationToken)
    {
        var initdb = installation.Require("initdb");
        var userName = await server.UserNameReference.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? PostgresExecutableResource.DefaultUserName;
        var password = await server.PasswordParameter.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? "";
        var passwordFile = Path.Combine(Path.GetTempPath(), $"aspire-initdb-{Guid.NewGuid():N}.pw");
        await OwnerOnlyFile.WriteAllTextAsync(passwordFile, password, cancellationToken).ConfigureAwait(false);

        try
        {
            List<string> arguments = ["-D", server.DataDirectory, "-U", userName, $"--pwfile={passwordFile}", "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
                .. server.HasAnnotationOfType<DataDirectoryAnnotation>() ? Array.Empty<string>() : ["--no-sync"]];
            if (installation.Platform.IsRoot)
            {
                await ChildProcess.RunCheckedAsync("chown", ["-R", "postgres:postgres", passwordFile, server.DataDirectory], cancellationToken)
                    .ConfigureAwait(false);
            }

            var (command, leading) = installation.Platform.RunAs(initdb, "postgres");
            var output = await ChildProcess.RunCheckedAsync(command, [.. leading, .. arguments], cancellationToken).ConfigureAwait(false);
            logger.LogInformation("{InitDbOutput}", output.Trim());
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>Removes what initdb wrote into a directory that was empty before it; best effort, the failure is what matters.</summary>
    private static void Empty(string dataDirectory, ILogger logger)
    {
        try
        {
            Directory.EnumerateDirectories(dataDirectory).ToList().ForEach(directory => Directory.Delete(directory, recursive: true));
            Directory.EnumerateFiles(dataDirectory).ToList().ForEach(File.Delete);
        }
        catch (Exception ex) // any: .NET throws ArgumentException for a path past PATH_MAX; initdb's failure must stay the one thrown
        {
            // Left as it is: the next start's initdb then names the directory to empty.
            logger.LogWarning("initdb stopped half-way and what it wrote could not be removed ({Reason}): empty {DataDirectory} before the next start.",
                ex.Message, dataDirectory);
        }
    }

    private static void InstallSettings(string dataDirectory, string? settingsFile)
    {
        var settings = settingsFile is not null ? File.ReadAllText(settingsFile) : "";
        File.WriteAllText(Path.Combine(dataDirectory, SettingsFileName), settings);
        var main = Path.Combine(dataDirectory, "postgresql.conf");
        var include = $"include_if_exists '{SettingsFileName}'";
        if (File.Exists(main) && !File.ReadAllText(main).Contains(include, StringComparison.Ordinal))
        {
            File.AppendAllText(main, $"{Environment.NewLine}# Added by TradingAspire.Hosting: settings given to WithConfigurationFile{Environment.NewLine}{include}{Environment.NewLine}");
        }
    }
}
