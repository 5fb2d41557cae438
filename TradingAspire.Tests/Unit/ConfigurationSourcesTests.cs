using Microsoft.Extensions.Configuration;
using TradingAspire.Hosting.Configuration;

namespace TradingAspire.Tests.Unit;

public sealed class ConfigurationSourcesTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void DotEnvReadsKeysQuotesCommentsAndExport()
    {
        File.WriteAllLines(_file, ["# comment", "", "AppHost__MaxRestarts=5", "export Parameters__key=\"quoted value\"", "Plain = spaced "]);

        var values = DotEnvFile.Parse(_file);

        Assert.Equal("5", values["AppHost:MaxRestarts"]);
        Assert.Equal("quoted value", values["Parameters:key"]);
        Assert.Equal("spaced", values["Plain"]);
    }

    [Fact]
    public void DotEnvLineWithoutEqualsSignSaysWhereAndWhatIsExpected()
    {
        File.WriteAllLines(_file, ["GOOD=1", "this is not a setting"]);

        var error = Assert.Throws<FormatException>(() => DotEnvFile.Parse(_file));

        Assert.Equal($"{_file}:2: expected KEY=value (example: AppHost__ShutdownTimeoutSeconds=15), got 'this is not a setting'.", error.Message);
    }

    [Fact]
    public void VariablesInValuesAreSubstitutedFromTheEnvironment()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Gateway:Url", "http://${HOST}:${PORT}/api")]).Build();

        var errors = ConfigurationVariableSubstitution.Apply(configuration, name => name switch { "HOST" => "127.0.0.1", "PORT" => "3000", _ => null });

        Assert.Empty(errors);
        Assert.Equal("http://127.0.0.1:3000/api", configuration["Gateway:Url"]);
    }

    [Fact]
    public void UnsetVariableIsReportedWithTheKeyAndTheFix()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Parameters:pwd", "${DB_PASSWORD}")]).Build();

        var errors = ConfigurationVariableSubstitution.Apply(configuration, _ => null);

        Assert.Equal(
            "Configuration 'Parameters:pwd' = '${DB_PASSWORD}' refers to ${DB_PASSWORD}, which is not set. Set DB_PASSWORD in the environment or in .env (example: DB_PASSWORD=value), or write the value directly.",
            Assert.Single(errors));
    }
}
