using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using System.Diagnostics.Metrics;
using TradingAspire.Gateway.Telemetry;
using TradingAspire.Gateway.Tests.Unit.Support;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>A fill shows in the gateway's meter and its (Debug) log line carries the order's scope.</summary>
[Collection(StorageCollection.Name)]
public sealed class OrderTelemetryTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_fill_is_counted_and_measured_with_its_symbol_and_side()
    {
        var meterFactory = gateway.Services.GetRequiredService<IMeterFactory>();
        using var filled = new MetricCollector<long>(meterFactory, GatewayMetrics.Name, "gateway.orders.filled");
        using var quantity = new MetricCollector<double>(meterFactory, GatewayMetrics.Name, "gateway.fills.quantity");
        using var notional = new MetricCollector<double>(meterFactory, GatewayMetrics.Name, "gateway.fills.notional");

        var body = await SubmitAsync($$"""{"client_order_id":"{{OrdersApiRefusalTests.NewId()}}","symbol":"ETHUSDT","side":"sell","type":"market","quantity":0.75}""");

        var price = body.GetProperty("execution").GetProperty("price").GetDecimal();
        var count = Assert.Single(filled.GetMeasurementSnapshot());
        Assert.Equal(1, count.Value);
        Assert.Equal("ETHUSDT", count.Tags["symbol"]);
        Assert.Equal("sell", count.Tags["side"]);
        Assert.Equal(0.75, Assert.Single(quantity.GetMeasurementSnapshot()).Value);
        Assert.Equal((double)(0.75m * price), Assert.Single(notional.GetMeasurementSnapshot()).Value, 6);
    }

    [Fact]
    public async Task The_fills_log_line_carries_the_order_id_client_order_id_and_symbol_as_scopes()
    {
        var clientOrderId = OrdersApiRefusalTests.NewId();

        var body = await SubmitAsync($$"""{"client_order_id":"{{clientOrderId}}","symbol":"BTCUSDT","side":"buy","type":"market","quantity":0.1}""");

        var record = Assert.Single(gateway.Logs.GetSnapshot(), r => r.Message.StartsWith("Order filled", StringComparison.Ordinal)
            && ScopeValues(r.Scopes).Any(kv => kv.Key == "ClientOrderId" && Equals(kv.Value, clientOrderId)));
        var scope = ScopeValues(record.Scopes).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("BTCUSDT", scope["Symbol"]);
        Assert.Equal(body.GetProperty("order").GetProperty("id").GetGuid(), scope["OrderId"]);
    }

    private static IEnumerable<KeyValuePair<string, object?>> ScopeValues(IReadOnlyList<object?> scopes)
        => scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>().SelectMany(s => s);

    private async Task<JsonElement> SubmitAsync(string json)
    {
        using var response = await gateway.Client.PostAsync("/api/orders", new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
