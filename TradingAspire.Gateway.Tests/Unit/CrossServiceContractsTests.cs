using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TradingAspire.Gateway.Apis;
using TradingAspire.Gateway.Market;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// The gateway's definitions of the contracts it shares with trading-api, the strategy and the UI agree with
/// <c>eng/contracts/cross-service.json</c>, which the Python (<c>apps/common/tests/test_contracts.py</c>) and TypeScript
/// (<c>apps/trading-ui/src/lib/instruments.test.ts</c>) definitions are checked against too.
/// </summary>
public sealed class CrossServiceContractsTests
{
    private static readonly JsonNode Agreed = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "eng", "contracts", "cross-service.json")))!;

    private static string AgreedText(string section, string name) => Agreed[section]![name]!.GetValue<string>();

    [Fact]
    public void The_redis_keys_and_the_tick_channel_are_the_agreed_ones()
    {
        Assert.Equal(AgreedText("redis", "price_key"), RedisKeys.Price("{symbol}").ToString());
        Assert.Equal(AgreedText("redis", "price_time_key"), RedisKeys.PriceTime("{symbol}").ToString());
        Assert.Equal(AgreedText("redis", "tick_channel"), RedisKeys.TickChannel("{symbol}").ToString());
        Assert.Equal(AgreedText("redis", "tick_history_key"), RedisKeys.TickHistory("{symbol}").ToString());
        Assert.Equal(RedisKeys.TickChannelPattern, AgreedText("redis", "tick_channel_pattern"));
    }

    [Fact]
    public void The_app_host_watches_the_agreed_strategy_heartbeat_key_and_lifetime()
    {
        // The AppHost cannot reference the Python definition; its WithRedisHeartbeatHealthCheck call is read as written.
        var program = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "TradingAspire.AppHost", "Program.cs"));
        var call = Regex.Match(program, @"WithRedisHeartbeatHealthCheck\(redis, ""(?<key>[^""]+)"", TimeSpan\.FromSeconds\((?<seconds>\d+)\)\)");

        Assert.True(call.Success, "TradingAspire.AppHost/Program.cs has no WithRedisHeartbeatHealthCheck(redis, \"<key>\", TimeSpan.FromSeconds(<n>)) call");
        Assert.Equal(AgreedText("redis", "strategy_heartbeat_key"), call.Groups["key"].Value);
        Assert.Equal(Agreed["redis"]!["strategy_heartbeat_lifetime_seconds"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture), call.Groups["seconds"].Value);
    }

    [Fact]
    public void The_order_statuses_are_the_agreed_ones_and_the_columns_check()
    {
        Assert.Equal(Agreed["order_statuses"]!.AsArray().Select(s => s!.GetValue<string>()), OrderStatuses.All);
        var script = File.ReadAllText(RepositoryFiles.Migrations().Single(path => Path.GetFileName(path).StartsWith("0002_", StringComparison.Ordinal)));
        var check = Regex.Match(script, @"^\s*status\s.*CHECK \(status IN \((?<values>[^)]*)\)\)", RegexOptions.Multiline).Groups["values"].Value;
        Assert.Equal(check.Split(',', StringSplitOptions.TrimEntries).Select(v => v.Trim('\'')), OrderStatuses.All);
    }

    [Fact]
    public void The_body_limit_is_the_agreed_one() => Assert.Equal(OrderFieldDomain.MaxBodyBytes, Agreed["max_request_body_bytes"]!.GetValue<int>());

    [Fact]
    public void The_instruments_of_the_default_options_are_the_agreed_answer_at_the_agreed_path()
    {
        Assert.Equal(InstrumentsApi.Path, Agreed["instruments"]!["path"]!.GetValue<string>());
        var answer = JsonNode.Parse(JsonSerializer.Serialize(InstrumentList.From(new GatewayOptions()), GatewayJsonContext.Default.InstrumentList));
        var expected = Agreed["instruments"]!["default_response"];
        Assert.True(JsonNode.DeepEquals(expected, answer), $"GET /api/instruments answers {answer!.ToJsonString()}; agreed: {expected!.ToJsonString()}");
    }
}
