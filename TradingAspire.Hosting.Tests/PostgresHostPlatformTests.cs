namespace TradingAspire.Hosting.Tests;

/// <summary>How PostgreSQL is started on each platform: through setpriv only as root on Unix.</summary>
public sealed class PostgresHostPlatformTests
{
    [Fact]
    public void Root_on_unix_runs_the_program_through_setpriv_as_the_service_user()
    {
        var (command, leading) = new HostPlatform(IsWindows: false, IsRoot: true).RunAs("/usr/lib/postgresql/15/bin/initdb", "postgres");

        Assert.Equal("setpriv", command);
        Assert.Equal(["--reuid=postgres", "--regid=postgres", "--init-groups", "/usr/lib/postgresql/15/bin/initdb"], leading);
    }

    [Fact]
    public void Normal_user_on_unix_runs_the_program_itself()
    {
        var (command, leading) = new HostPlatform(IsWindows: false, IsRoot: false).RunAs("/usr/lib/postgresql/15/bin/postgres", "postgres");

        Assert.Equal("/usr/lib/postgresql/15/bin/postgres", command);
        Assert.Empty(leading);
    }

    [Fact]
    public void Windows_runs_the_program_itself()
    {
        var (command, leading) = new HostPlatform(IsWindows: true, IsRoot: false).RunAs(@"C:\Program Files\PostgreSQL\16\bin\postgres.exe", "postgres");

        Assert.Equal(@"C:\Program Files\PostgreSQL\16\bin\postgres.exe", command);
        Assert.Empty(leading);
    }

    [Fact]
    public void Current_platform_is_unix_here_and_root_exactly_when_the_effective_uid_is_zero()
    {
        // /proc/self/status: "Uid:\treal\teffective\tsaved\tfs".
        var uidLine = File.ReadLines("/proc/self/status").Single(line => line.StartsWith("Uid:", StringComparison.Ordinal));
        var effectiveUid = uidLine.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2];

        Assert.False(HostPlatform.Current.IsWindows);
        Assert.Equal(effectiveUid == "0", HostPlatform.Current.IsRoot);
    }
}
