using TradingAspire.Hosting.Cli;

namespace TradingAspire.Tests.Unit;

public sealed class DoctorTests
{
    [Fact]
    public void MissingPrerequisitesAreListedWithOneInstallLineAndExitCodeOne()
    {
        var output = new StringWriter();
        var prerequisites = new[]
        {
            new Prerequisite("dotnet", ".NET SDK", null, () => "10.0.401"),
            new Prerequisite("postgresql", "PostgreSQL server binaries", "postgresql", () => null),
            new Prerequisite("python3 module fastapi", "imported by trading-api", "python3-fastapi", () => null),
            new Prerequisite("chromium", "browser tests", "chromium", () => null, Required: false),
        };

        var exitCode = DoctorCommand.Run(prerequisites, output);

        Assert.Equal(1, exitCode);
        var text = output.ToString();
        Assert.Contains("ok      dotnet                       10.0.401", text);
        Assert.Contains("MISSING postgresql                   PostgreSQL server binaries", text);
        Assert.Contains("missing chromium                     browser tests (optional)", text);
        Assert.Contains("  sudo apt-get install -y postgresql python3-fastapi chromium", text);
        Assert.Contains("2 required prerequisite(s) missing.", text);
    }

    [Fact]
    public void OnlyOptionalGapsStillPass()
    {
        var output = new StringWriter();

        var exitCode = DoctorCommand.Run([new Prerequisite("wrk", "load benchmarks", "wrk", () => null, Required: false)], output);

        Assert.Equal(0, exitCode);
        Assert.Contains("All required prerequisites are present.", output.ToString());
    }

    [Fact]
    public void TheCatalogChecksEveryPythonModuleTheServicesImport()
    {
        var names = PrerequisiteCatalog.All().Select(p => p.Name).ToList();

        Assert.Contains("postgresql", names);
        Assert.Contains("redis-server", names);
        Assert.Contains("python3 module fastapi", names);
        Assert.Contains("python3 module asyncpg", names);
        Assert.Contains("node", names);
        Assert.Contains("chromium", names);
    }
}
