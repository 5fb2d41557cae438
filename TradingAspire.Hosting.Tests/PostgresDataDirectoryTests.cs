using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging.Abstractions;

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// Preparing the data directory before a start, without running initdb (an existing PG_VERSION, or a failure found
/// first): the included settings file and the errors a user can fix.
/// </summary>
public sealed class PostgresDataDirectoryTests() : TemporaryDirectoryTest("pgdatadir-")
{
    private readonly List<string> _progress = [];

    private PostgresExecutableResource Server(string dataDirectory)
        => PostgresModelTests.CreateBuilder().AddPostgresExecutable("postgres", null, null, null, PostgresModelTests.Debian15(root: false))
            .WithDataDirectory(dataDirectory).Resource;

    private Task PrepareAsync(PostgresExecutableResource server, string? settingsFile)
        => PostgresDataDirectory.PrepareAsync(server, PostgresModelTests.Debian15(root: false), settingsFile,
            text => { _progress.Add(text); return Task.CompletedTask; }, NullLogger.Instance, CancellationToken.None);

    /// <summary>A data directory as initdb leaves it: PG_VERSION and postgresql.conf.</summary>
    private string InitialisedDataDirectory()
    {
        var directory = Directory.CreateDirectory(Path.Combine(Root.FullName, "data")).FullName;
        File.WriteAllText(Path.Combine(directory, "PG_VERSION"), "15\n");
        File.WriteAllText(Path.Combine(directory, "postgresql.conf"), "max_connections = 100\n");
        return directory;
    }

    /// <summary>An initialised data directory, a settings file holding <paramref name="settings"/>, and a server on them.</summary>
    private (string DataDirectory, string SettingsFile, PostgresExecutableResource Server) InitialisedWithSettings(string settings)
    {
        var dataDirectory = InitialisedDataDirectory();
        var settingsFile = Path.Combine(Root.FullName, "tuning.conf");
        File.WriteAllText(settingsFile, settings);
        return (dataDirectory, settingsFile, Server(dataDirectory));
    }

    [Fact]
    public async Task Settings_file_is_copied_into_the_data_directory_and_included_once_by_postgresql_conf()
    {
        var (dataDirectory, settings, server) = InitialisedWithSettings("shared_buffers = 64MB\n");

        await PrepareAsync(server, settings);
        File.WriteAllText(settings, "shared_buffers = 96MB\n");
        await PrepareAsync(server, settings); // the next start takes the file as it is then

        Assert.Empty(_progress); // PG_VERSION is there: no initdb
        Assert.Equal("shared_buffers = 96MB\n", File.ReadAllText(Path.Combine(dataDirectory, "postgresql.aspire.conf")));
        var main = File.ReadAllText(Path.Combine(dataDirectory, "postgresql.conf"));
        Assert.StartsWith("max_connections = 100\n", main);
        Assert.Single(main.Split('\n'), line => line == "include_if_exists 'postgresql.aspire.conf'");
    }

    [Fact]
    public async Task Without_a_settings_file_the_included_file_is_emptied_so_removed_settings_do_not_linger()
    {
        var (dataDirectory, settings, server) = InitialisedWithSettings("work_mem = 8MB\n");

        await PrepareAsync(server, settings);
        await PrepareAsync(server, null);

        Assert.Equal("", File.ReadAllText(Path.Combine(dataDirectory, "postgresql.aspire.conf")));
    }

    [Fact]
    public async Task A_missing_settings_file_fails_before_anything_is_created_naming_the_path_and_the_fix()
    {
        var dataDirectory = Path.Combine(Root.FullName, "never-created");
        var missing = Path.Combine(Root.FullName, "config", "postgresql.conf");

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => PrepareAsync(Server(dataDirectory), missing));

        Assert.Equal($"The configuration file of 'postgres' does not exist: {missing}. Create it (postgresql.conf syntax, " +
            "e.g. \"shared_buffers = 128MB\") or fix the path given to WithConfigurationFile (relative to the AppHost directory).", error.Message);
        Assert.False(Directory.Exists(dataDirectory));
        Assert.Empty(_progress);
    }

    [Fact]
    public async Task A_data_directory_path_that_is_a_file_fails_and_the_file_is_left_alone()
    {
        var file = Path.Combine(Root.FullName, "pgdata");
        File.WriteAllText(file, "mine");

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => PrepareAsync(Server(file), null));

        Assert.StartsWith($"The data directory of 'postgres' is a file: {file}. PostgreSQL needs a directory there: move or delete the file", error.Message);
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public async Task A_program_that_fails_is_reported_with_its_exit_code_and_output()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => ChildProcess.RunCheckedAsync("sh", ["-c", "echo initdb: directory exists but is not empty >&2; exit 1"], CancellationToken.None));

        Assert.Equal("sh -c echo initdb: directory exists but is not empty >&2; exit 1 failed with exit code 1: initdb: directory exists but is not empty", error.Message);
    }

    [Fact]
    public async Task A_cancelled_program_is_killed_not_left_running()
    {
        var marker = $"30.{Random.Shared.NextInt64(100_000_000, 999_999_999)}"; // seconds, as GNU sleep takes them: unique on the command line
        using var cancel = new CancellationTokenSource();
        var run = ChildProcess.RunCheckedAsync("sleep", [marker], cancel.Token);
        await TradingAspire.TestSupport.Poll.UntilAsync(() => Task.FromResult(ProcessesNaming(marker) > 0), "the program did not start", TimeSpan.FromSeconds(10));

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await TradingAspire.TestSupport.Poll.UntilAsync(() => Task.FromResult(ProcessesNaming(marker) == 0), "the program still runs after the cancellation", TimeSpan.FromSeconds(10));
    }

    private static int ProcessesNaming(string marker)
        => Directory.EnumerateDirectories("/proc").Count(directory =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(marker, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false; // the process ended while being read
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        });
}
