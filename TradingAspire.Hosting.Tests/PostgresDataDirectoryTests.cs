using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// Preparing the data directory before a start, without running PostgreSQL's initdb (an existing PG_VERSION, a failure
/// found first, or a script in its place): the included settings file, the errors a user can fix, an initdb stopped half-way.
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

    /// <summary>
    /// An installation whose initdb (a script) writes part of a cluster, PG_VERSION included, into the directory after -D,
    /// then sleeps (<paramref name="exitCode"/> null) or exits with <paramref name="exitCode"/>: the real one, killed by Ctrl+C
    /// during the first start, left such a directory, and the next start failed ("exists but is not empty").
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private PostgresInstallation HalfWayInitDb(int? exitCode, string alsoWrites = "true")
    {
        var bin = Directory.CreateDirectory(Path.Combine(Root.FullName, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "postgres"), "#!/bin/sh\n");
        File.WriteAllText(Path.Combine(bin, "initdb"),
            $"#!/bin/sh\nmkdir -p \"$2/base/1\" && echo 15 > \"$2/PG_VERSION\" && ({alsoWrites}) && {(exitCode is { } code ? $"exit {code}" : "exec sleep 300")}\n");
        File.SetUnixFileMode(Path.Combine(bin, "initdb"), (UnixFileMode)0b111_101_101);
        return new PostgresInstallation(new HostPlatform(IsWindows: false, IsRoot: false), File.Exists, _ => [], () => bin, "/nonexistent");
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // a shell script stands in for initdb
    public async Task An_initdb_stopped_half_way_leaves_the_data_directory_empty_so_the_next_start_initialises_it()
    {
        var dataDirectory = Path.Combine(Root.FullName, "data");
        using var stop = new CancellationTokenSource();
        var prepare = PostgresDataDirectory.PrepareAsync(Server(dataDirectory), HalfWayInitDb(exitCode: null), null,
            _ => Task.CompletedTask, NullLogger.Instance, stop.Token);
        await TradingAspire.TestSupport.Poll.UntilAsync(() => Task.FromResult(File.Exists(Path.Combine(dataDirectory, "PG_VERSION"))),
            "initdb did not start writing", TimeSpan.FromSeconds(10));

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => prepare);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dataDirectory));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // a shell script stands in for initdb
    public async Task A_failed_initdb_in_a_directory_that_held_files_leaves_them_alone()
    {
        var dataDirectory = Directory.CreateDirectory(Path.Combine(Root.FullName, "data")).FullName;
        File.WriteAllText(Path.Combine(dataDirectory, "notes.txt"), "not PostgreSQL's");

        await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresDataDirectory.PrepareAsync(Server(dataDirectory),
            HalfWayInitDb(exitCode: 1), null, _ => Task.CompletedTask, NullLogger.Instance, CancellationToken.None));

        Assert.Equal(["PG_VERSION", "base", "notes.txt"],
            Directory.EnumerateFileSystemEntries(dataDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // a shell script stands in for initdb
    public async Task A_failed_initdb_whose_directory_cannot_be_emptied_leaves_a_warning_naming_the_directory_to_empty()
    {
        // The data directory's entry replaced by a file while initdb ran: the clean-up cannot list it (even as root).
        var dataDirectory = Path.Combine(Root.FullName, "data");
        var logger = new FakeLogger();

        await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresDataDirectory.PrepareAsync(Server(dataDirectory),
            HalfWayInitDb(exitCode: 1, "rm -r \"$2\" && echo not a directory > \"$2\""), null, _ => Task.CompletedTask, logger, CancellationToken.None));

        Assert.Equal((LogLevel.Warning, $"initdb stopped half-way and what it wrote could not be removed (Could not find a part of the path '{dataDirectory}'.): " +
            $"empty {dataDirectory} before the next start."), (logger.LatestRecord.Level, logger.LatestRecord.Message));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // a shell script stands in for initdb
    public async Task A_clean_up_failing_with_an_unexpected_exception_still_throws_initdb_s_failure()
    {
        // What initdb wrote, nested past PATH_MAX (4096 bytes): .NET's recursive delete throws ArgumentException there.
        var dataDirectory = Path.Combine(Root.FullName, "data");
        var name = new string('d', 200);
        var logger = new FakeLogger();
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresDataDirectory.PrepareAsync(Server(dataDirectory),
                HalfWayInitDb(exitCode: 1, $"cd \"$2/base/1\" && for i in $(seq 25); do mkdir {name} && cd {name} 2>/dev/null || break; done"),
                null, _ => Task.CompletedTask, logger, CancellationToken.None));

            Assert.Equal($"initdb -D {dataDirectory} -U postgres -A scram-sha-256 -E UTF8 --locale=C.UTF-8 failed with exit code 1: ", error.Message);
            Assert.Equal((LogLevel.Warning, "initdb stopped half-way and what it wrote could not be removed (The value cannot be an empty string. " +
                $"(Parameter 'path')): empty {dataDirectory} before the next start."), (logger.LatestRecord.Level, logger.LatestRecord.Message));
        }
        finally
        {
            await ChildProcess.RunCheckedAsync("rm", ["-rf", dataDirectory], CancellationToken.None); // rm walks by file descriptor, unlike .NET
        }
    }

    /// <summary>
    /// initdb's final fsync of all it wrote (half a second here, seconds on a busy disk) is skipped for a temporary data
    /// directory (no WithDataDirectory), which is deleted when the app stops; a kept one is synced as initdb does by default.
    /// </summary>
    [Theory]
    [InlineData(true, "")]
    [InlineData(false, " --no-sync")]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // a shell script stands in for initdb
    public async Task Initdb_skips_its_sync_to_disk_only_for_a_temporary_data_directory(bool withDataDirectory, string expectedEnd)
    {
        var recorded = Path.Combine(Root.FullName, "initdb-arguments");
        var server = PostgresModelTests.CreateBuilder().AddPostgresExecutable("postgres", null, null, null, PostgresModelTests.Debian15(root: false));
        if (withDataDirectory)
        {
            server.WithDataDirectory(Path.Combine(Root.FullName, "data"));
        }

        try
        {
            await PostgresDataDirectory.PrepareAsync(server.Resource, HalfWayInitDb(exitCode: 0, $"echo \"$*\" > {recorded}"), null,
                _ => Task.CompletedTask, NullLogger.Instance, CancellationToken.None);

            Assert.EndsWith($" -A scram-sha-256 -E UTF8 --locale=C.UTF-8{expectedEnd}", File.ReadAllText(recorded).TrimEnd('\n'));
        }
        finally
        {
            Directory.Delete(server.Resource.DataDirectory, recursive: true);
        }
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
