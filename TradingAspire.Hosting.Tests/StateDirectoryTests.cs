namespace TradingAspire.Hosting.Tests;

/// <summary>Where the native integrations keep state: <c>TradingAspire:StateDirectory</c> or <c>{AppHost}/.tradingaspire</c>.</summary>
public sealed class StateDirectoryTests
{
    [Fact]
    public void Without_configuration_it_is_dot_tradingaspire_in_the_apphost_directory()
    {
        var builder = PostgresModelTests.CreateBuilder();

        Assert.Equal(Path.Combine(builder.AppHostDirectory, ".tradingaspire"), StateDirectory.Resolve(builder));
        Assert.Equal(Path.Combine(builder.AppHostDirectory, ".tradingaspire", "data", "redis"), StateDirectory.DataDirectoryFor(builder, "redis"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_configuration_counts_as_none(string configured)
    {
        var builder = PostgresModelTests.CreateBuilder();
        builder.Configuration[StateDirectory.ConfigurationKey] = configured;

        Assert.Equal(Path.Combine(builder.AppHostDirectory, ".tradingaspire"), StateDirectory.Resolve(builder));
    }

    [Fact]
    public void Relative_configuration_is_relative_to_the_apphost_directory_and_normalised()
    {
        var builder = PostgresModelTests.CreateBuilder();
        builder.Configuration[StateDirectory.ConfigurationKey] = "../run/state";

        var expected = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "run", "state"));
        Assert.Equal(expected, StateDirectory.Resolve(builder));
        Assert.DoesNotContain("..", StateDirectory.Resolve(builder));
        Assert.Equal(Path.Combine(expected, "data", "postgres"), StateDirectory.DataDirectoryFor(builder, "postgres"));
    }

    [Fact]
    public void Absolute_configuration_is_taken_as_is()
    {
        var builder = PostgresModelTests.CreateBuilder();
        builder.Configuration[StateDirectory.ConfigurationKey] = "/var/lib/tradingaspire";

        Assert.Equal("/var/lib/tradingaspire", StateDirectory.Resolve(builder));
        Assert.Equal("/var/lib/tradingaspire/data/postgres", StateDirectory.DataDirectoryFor(builder, "postgres"));
    }

    [Fact]
    public void Configuration_comes_from_the_command_line_as_from_any_configuration_source()
    {
        var builder = Aspire.Hosting.Testing.DistributedApplicationTestingBuilder.Create(
            ["--environment", "Development", "--TradingAspire:StateDirectory=/srv/state"], (options, _) => options.DisableDashboard = true);

        Assert.Equal("/srv/state", StateDirectory.Resolve(builder));
    }
}
