using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Trace;
using StackExchange.Redis;
using TradingAspire.Gateway.Health;
using TradingAspire.Gateway.Market;
using TradingAspire.Gateway.Orders;
using TradingAspire.Gateway.Persistence;
using TradingAspire.Gateway.Streaming;
using TradingAspire.Gateway.Telemetry;

namespace TradingAspire.Gateway;

/// <summary>Registers the gateway's services.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>Options, PostgreSQL, Redis, market simulator, order path, streams, health checks, telemetry.</summary>
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));
        services.AddSingleton(TimeProvider.System);

        var database = RequiredConnectionString(builder, "trading", "Host=127.0.0.1;Port=5432;Username=postgres;Password=...;Database=trading");
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(database).Build());
        var redis = RequiredConnectionString(builder, "redis", "127.0.0.1:6379,password=...");
        services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var configuration = ConfigurationOptions.Parse(redis);
            configuration.AbortOnConnectFail = false; // keep reconnecting while Redis is down; /health reports it
            configuration.ConnectTimeout = 2000;
            configuration.SyncTimeout = 2000;
            return ConnectionMultiplexer.Connect(configuration);
        });

        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<MarketPrices>();
        services.AddSingleton<RestingOrderBook>();
        services.AddSingleton<OrderStore>();
        services.AddSingleton<OrderService>();
        services.AddSingleton<ExecutionPublisher>();
        services.AddSingleton(sp => new MarketHub(ActivatorUtilities.CreateInstance<WebSocketHub>(sp)));
        services.AddSingleton(sp => new ExecutionsHub(ActivatorUtilities.CreateInstance<WebSocketHub>(sp)));
        services.AddHostedService<MarketSimulatorService>();

        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres")
            .AddCheck<RedisHealthCheck>("redis");
        services.AddOpenTelemetry().WithTracing(tracing => tracing.AddNpgsql());
        return builder;
    }

    private static string RequiredConnectionString(IHostApplicationBuilder builder, string name, string example)
        => builder.Configuration.GetConnectionString(name) is { Length: > 0 } value
            ? value
            : throw new OptionsValidationException(name, typeof(string), [
                $"Connection string '{name}' is missing. Set ConnectionStrings__{name} (example: {example}); the AppHost injects it through WithReference."]);
}
