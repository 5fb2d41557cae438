using Microsoft.Extensions.Configuration;

namespace TradingAspire.AppHost;

/// <summary>The trading system's resources, declared once for <c>dotnet run</c> and for the tests.</summary>
public static class TradingSystem
{
    /// <summary>Declares every resource of the trading system.</summary>
    public static IDistributedApplicationBuilder AddTradingSystem(this IDistributedApplicationBuilder builder)
    {
        // --- Storage: orders, executions, positions ------------------------------------------------
        var postgres = builder.AddPostgres("postgres")
            .WithDataDirectory();                                   // native, kept between runs
        var trading = postgres.AddDatabase("trading")
            .WithMigrations("../db/migrations");                    // applied before any dependent starts

        // --- Market data, latest prices, trade cache -----------------------------------------------
        var redis = builder.AddRedis("redis")
            .WithPersistence();                                     // AOF, appendfsync everysec

        // --- Execution gateway: fills orders, simulates the market, streams ticks ---------------------
        var gateway = builder.AddProject<Projects.TradingAspire_Gateway>("gateway")
            .WithEndpoint("http", endpoint => endpoint.Port = 3000)
            .WithReference(trading).WaitFor(trading)                // orders, executions, positions
            .WithReference(redis).WaitFor(redis)                    // prices, ticks, executions channel
            .WithHttpHealthCheck("/health")
            .WithMetricsEndpoint("/metrics");

        // --- Trading API: REST for clients and the UI (Python, FastAPI on uvicorn) -------------------
        var api = builder.AddUvicornApp("trading-api", "../apps/trading-api", "trading_api.main:app")
            .WithHttpEndpoint(port: 8000, env: "PORT")
            .WithPythonPath("../apps/common")                       // shared telemetry and config code
            .WithReference(trading).WaitFor(trading)                // trades table
            .WithReference(redis).WaitFor(redis)                    // trade cache, prices, strategy heartbeat
            .WithReference(gateway).WaitFor(gateway)                // forwards orders
            .WithHttpHealthCheck("/health")
            .WithMetricsEndpoint("/metrics");

        // --- Strategy: moving-average crossover worker (Python) ----------------------------------------
        builder.AddPythonApp("strategy", "../apps/strategy", "strategy")
            .WithPythonPath("../apps/common")
            .WithReference(redis).WaitFor(redis)                    // ticks, heartbeat
            .WithReference(api).WaitFor(api);                       // submits orders

        // --- Trading UI: live chart, order ticket, blotter, positions, health (React + Vite) ----------
        builder.AddViteApp("trading-ui", "../apps/trading-ui")
            .WithHttpEndpoint(port: 5173, env: "PORT")
            .WithReference(api).WaitFor(api)                        // /api proxied to trading-api
            .WithReference(gateway).WaitFor(gateway)                // /ws proxied to the gateway
            .WithHttpHealthCheck("/");

        // --- Optional: Prometheus scraping every /metrics (Prometheus__Enabled=true) -------------------
        if (builder.Configuration.GetValue<bool>("Prometheus:Enabled"))
        {
            builder.AddPrometheus("prometheus");
        }

        return builder;
    }
}
