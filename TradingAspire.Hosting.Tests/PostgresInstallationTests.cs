namespace TradingAspire.Hosting.Tests;

/// <summary>Finding PostgreSQL's binaries on faked Linux and Windows machines, and the message when there are none.</summary>
public sealed class PostgresInstallationTests
{
    private static readonly HostPlatform Linux = new(IsWindows: false, IsRoot: true);
    private static readonly HostPlatform Windows = new(IsWindows: true, IsRoot: false);

    private static PostgresInstallation Machine(HostPlatform platform, string[] files, string root, string[] versionDirectories,
        string? pgConfigBinDir = null, string programFiles = @"C:\Program Files")
        => new(platform, files.Contains, dir => dir == root ? versionDirectories : [], () => pgConfigBinDir, programFiles);

    [Fact]
    public void Linux_uses_pg_config_bindir_when_it_holds_postgres()
    {
        var installation = Machine(Linux, ["/opt/pg/bin/postgres", "/usr/lib/postgresql/15/bin/postgres"], "/usr/lib/postgresql",
            ["/usr/lib/postgresql/15"], pgConfigBinDir: "/opt/pg/bin");

        Assert.Equal("/opt/pg/bin", installation.FindBinDirectory());
        Assert.Equal("/opt/pg/bin/initdb", installation.Require("initdb"));
    }

    [Fact]
    public void Pg_config_runs_once_however_often_the_binaries_are_asked_for()
    {
        var runs = 0;
        var installation = new PostgresInstallation(Linux, path => path == "/opt/pg/bin/postgres", _ => [], () =>
        {
            runs++;
            return "/opt/pg/bin";
        }, "");

        Assert.Equal("/opt/pg/bin/postgres", installation.FindProgram("postgres"));
        Assert.Equal("/opt/pg/bin/pg_dump", installation.Require("pg_dump"));
        Assert.Equal("/opt/pg/bin", installation.FindBinDirectory());
        Assert.Equal(1, runs);
    }

    [Fact]
    public void A_search_that_found_nothing_is_repeated_so_a_later_install_is_found()
    {
        var files = new List<string>();
        var installation = new PostgresInstallation(Linux, files.Contains, dir => dir == "/usr/lib/postgresql" ? ["/usr/lib/postgresql/15"] : [], () => null, "");

        Assert.Null(installation.FindBinDirectory());
        files.Add("/usr/lib/postgresql/15/bin/postgres");
        Assert.Equal("/usr/lib/postgresql/15/bin", installation.FindBinDirectory());
    }

    [Fact]
    public void Linux_ignores_a_pg_config_whose_bindir_has_no_server_as_libpq_dev_alone_installs_it()
    {
        var installation = Machine(Linux, ["/usr/lib/postgresql/15/bin/postgres"], "/usr/lib/postgresql",
            ["/usr/lib/postgresql/15"], pgConfigBinDir: "/usr/lib/postgresql/16/bin");

        Assert.Equal("/usr/lib/postgresql/15/bin", installation.FindBinDirectory());
    }

    [Fact]
    public void Linux_picks_the_newest_installed_major_version()
    {
        var installation = Machine(Linux, ["/usr/lib/postgresql/13/bin/postgres", "/usr/lib/postgresql/15/bin/postgres"],
            "/usr/lib/postgresql", ["/usr/lib/postgresql/13", "/usr/lib/postgresql/15", "/usr/lib/postgresql/17", "/usr/lib/postgresql/common"]);

        // 17 has no server binary (a client-only package) and "common" is no version: neither counts.
        Assert.Equal("/usr/lib/postgresql/15/bin", installation.FindBinDirectory());
        Assert.Equal("/usr/lib/postgresql/15/bin/postgres", installation.FindProgram("postgres"));
    }

    [Fact]
    public void Linux_orders_versions_as_numbers_not_text()
    {
        var installation = Machine(Linux, ["/usr/lib/postgresql/9.6/bin/postgres", "/usr/lib/postgresql/10/bin/postgres"],
            "/usr/lib/postgresql", ["/usr/lib/postgresql/9.6", "/usr/lib/postgresql/10"]);

        Assert.Equal("/usr/lib/postgresql/10/bin", installation.FindBinDirectory());
    }

    [Fact]
    public void Windows_finds_the_newest_version_in_the_installer_layout_with_exe_names()
    {
        var installation = Machine(Windows,
            [@"C:\Program Files\PostgreSQL\15\bin\postgres.exe", @"C:\Program Files\PostgreSQL\16\bin\postgres.exe"],
            @"C:\Program Files\PostgreSQL", [@"C:\Program Files\PostgreSQL\15", @"C:\Program Files\PostgreSQL\16"]);

        Assert.Equal(@"C:\Program Files\PostgreSQL\16\bin", installation.FindBinDirectory());
        Assert.Equal(@"C:\Program Files\PostgreSQL\16\bin\postgres.exe", installation.FindProgram("postgres"));
        Assert.Equal(@"C:\Program Files\PostgreSQL\16\bin\initdb.exe", installation.Require("initdb"));
    }

    [Fact]
    public void Linux_without_postgresql_names_the_apt_get_command()
    {
        var installation = Machine(Linux, [], "/usr/lib/postgresql", []);

        Assert.Null(installation.FindBinDirectory());
        Assert.Null(installation.FindProgram("postgres"));
        var error = Assert.Throws<DistributedApplicationException>(() => installation.Require("initdb"));
        Assert.Equal(installation.NotInstalledMessage, error.Message);
        Assert.Contains("no pg_config on PATH and no /usr/lib/postgresql/<version>/bin/postgres", error.Message);
        Assert.Contains("apt-get install -y postgresql", error.Message);
    }

    [Fact]
    public void Windows_without_postgresql_names_the_expected_path_and_the_installer()
    {
        var installation = Machine(Windows, [], @"C:\Program Files\PostgreSQL", []);

        Assert.Null(installation.FindBinDirectory());
        var message = installation.NotInstalledMessage;
        Assert.Contains(@"no C:\Program Files\PostgreSQL\<version>\bin\postgres.exe", message);
        Assert.Contains("PostgreSQL installer", message);
        Assert.DoesNotContain("apt-get", message);
    }

    [Fact]
    public void AddPostgresExecutable_without_an_installation_still_builds_the_model_and_names_plain_postgres()
    {
        var builder = PostgresModelTests.CreateBuilder();
        var server = builder.AddPostgresExecutable("postgres", null, null, null, Machine(new HostPlatform(false, false), [], "/usr/lib/postgresql", []));

        Assert.Equal("postgres", server.Resource.Command); // the start fails with NotInstalledMessage (see the integration tests)
    }
}
