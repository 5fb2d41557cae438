using Microsoft.Extensions.Configuration;
using TradingAspire.Hosting.Configuration;
using TradingAspire.Tests.Support;

namespace TradingAspire.Tests.Unit;

public sealed class ConfigurationValidationTests
{
    private static IReadOnlyList<string> Validate(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        return AppHostOptionsValidator.Validate(configuration, ["postgres", "gateway"]).Select(e => e.ToString()).ToList();
    }

    [Fact]
    public void ValidConfigurationHasNoErrors()
        => Assert.Empty(Validate(("AppHost:ShutdownTimeoutSeconds", "15"), ("Resources:gateway:Port", "3000"), ("AppHost:RandomizePorts", "true")));

    [Fact]
    public void PortOutOfRangeNamesKeyValueExpectedFormAndExample()
        => Assert.Equal(
            "Resources:gateway:Port = '70000' is invalid. Expected: a port number from 1 to 65535. Example: Resources__gateway__Port=8000.",
            Assert.Single(Validate(("Resources:gateway:Port", "70000"))));

    [Fact]
    public void NonNumericTimeoutIsRejected()
        => Assert.Equal(
            "AppHost:ShutdownTimeoutSeconds = 'soon' is invalid. Expected: a number from 0.1 to 600. Example: AppHost__ShutdownTimeoutSeconds=15.",
            Assert.Single(Validate(("AppHost:ShutdownTimeoutSeconds", "soon"))));

    [Fact]
    public void NegativeRestartLimitIsRejected()
        => Assert.Equal(
            "AppHost:MaxRestarts = '-1' is invalid. Expected: a whole number from 0 to 1000. Example: AppHost__MaxRestarts=3.",
            Assert.Single(Validate(("AppHost:MaxRestarts", "-1"))));

    [Fact]
    public void UnknownResourceSectionListsTheDeclaredResources()
        => Assert.Equal(
            "Resources:gatewy = '(section)' is invalid. Expected: the name of a declared resource (gateway, postgres). Example: Resources__gateway__Port=3000.",
            Assert.Single(Validate(("Resources:gatewy:Port", "3000"))));

    [Fact]
    public void PortConflictAcceptsOnlyItsTwoModes()
        => Assert.Equal(
            "AppHost:PortConflict = 'Ignore' is invalid. Expected: PickFree or Fail. Example: AppHost__PortConflict=Fail.",
            Assert.Single(Validate(("AppHost:PortConflict", "Ignore"))));

    [Fact]
    public void BooleanSettingsMustBeTrueOrFalse()
        => Assert.Equal(
            "AppHost:RandomizePorts = 'yes' is invalid. Expected: true or false. Example: AppHost__RandomizePorts=true.",
            Assert.Single(Validate(("AppHost:RandomizePorts", "yes"))));

    [Theory]
    [InlineData("Dashboard:Port", "http", "Dashboard:Port = 'http' is invalid. Expected: a port number from 1 to 65535, or 0 for any free port. Example: Dashboard__Port=18888.")]
    [InlineData("Dashboard:OtlpGrpcPort", "-1", "Dashboard:OtlpGrpcPort = '-1' is invalid. Expected: a port number from 1 to 65535, or 0 for any free port. Example: Dashboard__OtlpGrpcPort=18889.")]
    [InlineData("Dashboard:OtlpHttpPort", "65536", "Dashboard:OtlpHttpPort = '65536' is invalid. Expected: a port number from 1 to 65535, or 0 for any free port. Example: Dashboard__OtlpHttpPort=18890.")]
    [InlineData("Dashboard:Enabled", "on", "Dashboard:Enabled = 'on' is invalid. Expected: true or false. Example: Dashboard__Enabled=true.")]
    [InlineData("Dashboard:MaxTraceCount", "0", "Dashboard:MaxTraceCount = '0' is invalid. Expected: a whole number from 1 to 10000000. Example: Dashboard__MaxTraceCount=10000.")]
    [InlineData("Dashboard:MaxLogCount", "lots", "Dashboard:MaxLogCount = 'lots' is invalid. Expected: a whole number from 1 to 10000000. Example: Dashboard__MaxLogCount=10000.")]
    [InlineData("Dashboard:MaxMetricPointsPerResource", "1.5", "Dashboard:MaxMetricPointsPerResource = '1.5' is invalid. Expected: a whole number from 1 to 10000000. Example: Dashboard__MaxMetricPointsPerResource=50000.")]
    [InlineData("Prometheus:Enabled", "1", "Prometheus:Enabled = '1' is invalid. Expected: true or false. Example: Prometheus__Enabled=true.")]
    [InlineData("Resources:gateway:Workers", "0", "Resources:gateway:Workers = '0' is invalid. Expected: a whole number from 1 to 64. Example: Resources__gateway__Workers=2.")]
    public void DashboardPrometheusAndWorkerSettingsAreChecked(string key, string value, string message)
        => Assert.Equal(message, Assert.Single(Validate((key, value))));

    [Fact]
    public void ADashboardOnAnyFreePortIsValid()
        => Assert.Empty(Validate(("Dashboard:Port", "0"), ("Dashboard:OtlpGrpcPort", "0"), ("Dashboard:Enabled", "false")));

    [Fact]
    public void EveryProblemIsReportedAtOnce()
        => Assert.Equal(3, Validate(("AppHost:MaxRestarts", "x"), ("AppHost:LogFileCount", "0"), ("Resources:postgres:Port", "0")).Count);

    [Fact]
    public async Task InvalidConfigurationStopsBuildBeforeAnyProcessStarts()
    {
        await using var builder = FixtureApplication.CreateBuilder(settings => settings["AppHost:ShutdownTimeoutSeconds"] = "-5");
        builder.AddFixture("never-started", "--serve");

        var error = Assert.Throws<DistributedApplicationValidationException>(() => builder.Build());

        Assert.Contains("AppHost:ShutdownTimeoutSeconds = '-5' is invalid.", error.Message);
        Assert.StartsWith("The AppHost cannot start: 1 problem(s) found before starting any process:", error.Message);
    }

    [Fact]
    public async Task MissingWorkingDirectoryIsAStartupError()
    {
        await using var builder = FixtureApplication.CreateBuilder();
        builder.AddExecutable("trading-api", "python3", "../apps/does-not-exist");

        var error = Assert.Throws<DistributedApplicationValidationException>(() => builder.Build());

        Assert.Contains("Resource 'trading-api': working directory '", error.Message);
        Assert.Contains("apps/does-not-exist' does not exist. Paths are relative to the AppHost project directory (example: \"../apps/trading-api\").", error.Message);
    }

    [Fact]
    public async Task SecretParameterWithoutValueTellsWhichKeyToSet()
    {
        await using var builder = FixtureApplication.CreateBuilder();
        builder.AddParameter("postgres-password", secret: true);

        var error = Assert.Throws<DistributedApplicationValidationException>(() => builder.Build());

        Assert.Contains("Parameter 'postgres-password' has no value. Set configuration key 'Parameters:postgres-password' (for example in .env.local: Parameters__postgres-password=...).", error.Message);
    }

    [Fact]
    public void DuplicateResourceNamesAreRejected()
    {
        var builder = FixtureApplication.CreateBuilder();
        builder.AddFixture("gateway");

        var error = Assert.Throws<DistributedApplicationValidationException>(() => builder.AddFixture("Gateway"));

        Assert.Contains("Cannot add resource 'Gateway': a resource named 'gateway' already exists.", error.Message);
    }

    [Theory]
    [InlineData("trading_api")]
    [InlineData("1gateway")]
    [InlineData("gateway-")]
    [InlineData("")]
    public void InvalidResourceNamesSayWhatIsAllowed(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new ExecutableResource(name, "true", "/"));

        Assert.StartsWith($"Invalid resource name '{name}'. Expected: a letter followed by up to 63 letters, digits or single hyphens", error.Message);
    }

    [Fact]
    public void EndpointPortOutOfRangeIsRejectedWhenDeclared()
    {
        var builder = FixtureApplication.CreateBuilder();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddFixture("api").WithHttpEndpoint(port: 0));

        Assert.StartsWith("Invalid api endpoint 'http' port: 0. Expected: a port number from 1 to 65535 (example: 8000).", error.Message);
    }
}
