namespace TradingAspire.Tests.Unit;

public sealed class EnvironmentVariableNamesTests
{
    [Theory]
    [InlineData("trading", "ConnectionStrings__trading")]
    [InlineData("trading-db", "ConnectionStrings__trading-db")]
    public void ConnectionStringKeepsTheDeclaredName(string name, string expected)
        => Assert.Equal(expected, EnvironmentVariableNames.ConnectionString(name));

    [Theory]
    [InlineData("ConnectionStrings__trading-db", "ConnectionStrings__trading_db")]
    [InlineData("services__trading-api__http__0", "services__trading_api__http__0")]
    [InlineData("ConnectionStrings__trading", "ConnectionStrings__trading")]
    public void PortableAliasReplacesEveryCharacterOutsideLettersDigitsAndUnderscore(string name, string expected)
        => Assert.Equal(expected, EnvironmentVariableNames.Portable(name));

    [Theory]
    [InlineData("gateway", "http", "services__gateway__http__0")]
    [InlineData("trading-api", "http", "services__trading-api__http__0")]
    public void ServiceDiscoveryFollowsAspire(string resource, string endpoint, string expected)
        => Assert.Equal(expected, EnvironmentVariableNames.ServiceDiscovery(resource, endpoint));

    [Theory]
    [InlineData("gateway", "http", "GATEWAY_HTTP")]
    [InlineData("trading-api", "http", "TRADING_API_HTTP")]
    public void EndpointUrlIsUppercasedWithUnderscores(string resource, string endpoint, string expected)
        => Assert.Equal(expected, EnvironmentVariableNames.EndpointUrl(resource, endpoint));

    [Theory]
    [InlineData("postgres", "HOST", "POSTGRES_HOST")]
    [InlineData("trading", "URI", "TRADING_URI")]
    [InlineData("market-cache", "PASSWORD", "MARKET_CACHE_PASSWORD")]
    public void ConnectionPropertiesArePrefixedWithTheResourceName(string resource, string property, string expected)
        => Assert.Equal(expected, EnvironmentVariableNames.ConnectionProperty(resource, property));
}
