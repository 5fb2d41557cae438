using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TradingAspire.Gateway.Market;
using TradingAspire.Gateway.Orders;
using TradingAspire.Gateway.Persistence;
using TradingAspire.Gateway.Streaming;
using TradingAspire.Gateway.Telemetry;

namespace TradingAspire.Gateway;

/// <summary>Registers the gateway's services.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>Name of the PostgreSQL database resource the AppHost references (<c>ConnectionStrings__trading</c>).</summary>
    public const string DatabaseConnectionName = "trading";

    /// <summary>Name of the Redis resource the AppHost references (<c>ConnectionStrings__redis</c>).</summary>
    public const string RedisConnectionName = "redis";

    /// <summary>
    /// Prefix of the Redis connection properties Aspire injects with <c>WithReference(redis)</c>: <c>REDIS_HOST</c>,
    /// <c>REDIS_PORT</c>, <c>REDIS_PASSWORD</c>. When host and port are set they win over <c>ConnectionStrings__redis</c>.
    /// </summary>
    public const string RedisPropertyPrefix = "REDIS";

    /// <summary>
    /// How often the Redis client tries to connect again while Redis is unreachable (StackExchange.Redis's
    /// <see cref="LinearRetry"/>, checked at its heartbeat, once a second): the gateway sees Redis again
    /// within about two seconds of its return however long it was down.
    /// </summary>
    public static readonly TimeSpan RedisReconnectInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The Redis client's own log category (StackExchange.Redis), off by default: it logs each failed connection attempt as
    /// an error. The client's events are logged instead, bounded, under <see cref="RedisConnectionLog.Category"/>.
    /// <c>Logging__LogLevel__StackExchange.Redis=Information</c> turns it on.
    /// </summary>
    public const string RedisClientLogCategory = "StackExchange.Redis";

    /// <summary>Statements Npgsql prepares automatically per connection (<c>Max Auto Prepare</c>) unless the connection string sets it.</summary>
    public const int MaxAutoPreparedStatements = 32;

    /// <summary>Name of the PostgreSQL health check (Aspire.Npgsql's name; <see cref="EndedSession.HealthCheck"/>).</summary>
    public const string PostgresHealthCheckName = "PostgreSql";

    /// <summary>PostgreSQL <c>application_name</c> of the gateway's connections unless the connection string sets one.</summary>
    public const string ApplicationName = "tradingaspire-gateway";

    /// <summary>
    /// Options, PostgreSQL and Redis through Aspire's client integrations (<c>Aspire.Npgsql</c>,
    /// <c>Aspire.StackExchange.Redis</c>: connection, health checks <c>PostgreSql</c> (Aspire.Npgsql's, registered here to
    /// run once more after an ended session: <see cref="EndedSession.HealthCheck"/>) and <c>StackExchange.Redis</c>,
    /// tracing and metrics), market simulator, order path, streams and the gateway's meter.
    /// </summary>
    /// <exception cref="OptionsValidationException">A <c>Gateway</c> setting is invalid (<see cref="GatewayOptionsCheck"/>: each
    /// failure names the key, the value, the expected form and an example), or a connection string is missing (the message
    /// names the variable and gives an example). Thrown here, before the host is built: nothing has connected yet. The
    /// options as finally configured (code included) are checked again when the host starts, by the same check.</exception>
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        GatewayOptionsCheck.ThrowIfInvalid(builder.Configuration);
        var services = builder.Services;
        // The same check again at start, on the options as bound and configured in code (a symbol added by PostConfigure).
        services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsCheck>();
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));
        services.AddSingleton(TimeProvider.System);

        RequireConnectionString(builder, DatabaseConnectionName, "Aspire:Npgsql", "Host=127.0.0.1;Port=5432;Username=postgres;Password=...;Database=trading");
        // Aspire's PostgreSql check is replaced by the same check run once more after an ended session (EndedSession).
        builder.AddNpgsqlDataSource(DatabaseConnectionName, settings => settings.DisableHealthChecks = true, dataSource =>
        {
            // The order path runs the same few statements thousands of times a second: prepared once per pooled
            // connection, each later run skips parsing (a "Max Auto Prepare" in the connection string wins). Every run
            // is still planned with its values (plan_cache_mode=force_custom_plan): a generic plan is made once, at the
            // sixth run, from the statistics of that moment, and kept while no ANALYZE comes; made on a new, empty
            // orders table it scanned the whole table for the client order ids of every batch (PostgreSQL CPU per
            // order more than doubled within a minute of load).
            if (dataSource.ConnectionStringBuilder.MaxAutoPrepare == 0)
            {
                dataSource.ConnectionStringBuilder.MaxAutoPrepare = MaxAutoPreparedStatements;
            }

            // The order path's recovery finds the gateway's own connections by this name (docs/architecture.md, "Order path").
            dataSource.ConnectionStringBuilder.ApplicationName ??= ApplicationName;
            dataSource.ConnectionStringBuilder.Options = $"{dataSource.ConnectionStringBuilder.Options} -c plan_cache_mode=force_custom_plan".Trim();
            // A failed batch names its failed statement: a journal write whose BEGIN failed on an ended session ran nothing.
            dataSource.ConnectionStringBuilder.IncludeFailedBatchedCommand = true;
        });
        services.AddHealthChecks().AddCheck<EndedSession.HealthCheck>(PostgresHealthCheckName);
        RequireConnectionString(builder, RedisConnectionName, "Aspire:StackExchange:Redis", "127.0.0.1:6379,password=...");
        // Any password: StackExchange.Redis's configuration string has no escape for a comma (nor for spaces at a
        // password's ends), so when the AppHost's connection properties are there (WithReference(redis) injects
        // REDIS_HOST, REDIS_PORT, REDIS_PASSWORD) the client is made from them instead of ConnectionStrings__redis.
        var redisHost = builder.Configuration[$"{RedisPropertyPrefix}_HOST"];
        var redisPort = builder.Configuration[$"{RedisPropertyPrefix}_PORT"];
        var redisPassword = builder.Configuration[$"{RedisPropertyPrefix}_PASSWORD"];
        var fromProperties = !string.IsNullOrEmpty(redisHost) && !string.IsNullOrEmpty(redisPort);
        builder.AddRedisClient(RedisConnectionName, configureSettings: settings =>
        {
            if (fromProperties)
            {
                settings.ConnectionString = $"{redisHost}:{redisPort}";
            }
        }, configureOptions: redis =>
        {
            if (fromProperties)
            {
                redis.Password = redisPassword;
            }

            redis.AbortOnConnectFail = false; // keep reconnecting while Redis is down; /health reports it meanwhile
            redis.ConnectTimeout = 2000;
            redis.SyncTimeout = 2000;
            // A connection attempt every second while Redis is down, so the gateway is back within about two seconds of
            // Redis (the library's default backs off: 1 s growing by a tenth per failed attempt, jittered, up to 10 s).
            redis.ReconnectRetryPolicy = new LinearRetry((int)RedisReconnectInterval.TotalMilliseconds);
        });
        // The client logs every failed attempt as an error (two a second during an outage, one per connection): off. Its
        // events are logged instead, once per outage per connection (RedisConnectionLog), from the moment the client is
        // made, whoever asks for it first (Aspire registers it as a factory; wrapped here), and its connection attempts
        // from before it connects (a Redis down at start raises no event of the client, only failed attempts).
        builder.Logging.SetDefaultLevel(RedisClientLogCategory, LogLevel.None);
        services.AddSingleton<RedisConnectionLog>();
        services.AddOptions<ConfigurationOptions>().Configure<RedisConnectionLog>((options, log) => options.ConnectionAttemptCompleted += log.OnConnectionAttemptCompleted);
        var redisClient = services.Single(service => service.ServiceType == typeof(IConnectionMultiplexer) && !service.IsKeyedService);
        var createRedisClient = redisClient.ImplementationFactory
            ?? throw new InvalidOperationException("AddRedisClient no longer registers IConnectionMultiplexer as a factory: RedisConnectionLog cannot observe it.");
        services.Replace(ServiceDescriptor.Singleton<IConnectionMultiplexer>(provider =>
        {
            var redis = (IConnectionMultiplexer)createRedisClient(provider);
            provider.GetRequiredService<RedisConnectionLog>().Observe(redis);
            return redis;
        }));

        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<MarketPrices>();
        services.AddSingleton<OrderStore>();
        services.AddSingleton<OrderJournal>();
        services.AddSingleton<OrderSequencer>();
        // First of the hosted services (they start in registration order, before the web server): the order book is
        // read from PostgreSQL before the health check publisher's first run and before any request.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<OrderSequencer>()));
        services.AddHealthChecks().AddCheck<OrderSequencerHealthCheck>(OrderSequencerHealthCheck.Name);
        services.AddSingleton<OrderService>();
        services.AddSingleton<ExecutionPublisher>();
        services.AddKeyedSingleton(StreamHubs.Market, (sp, _) => ActivatorUtilities.CreateInstance<WebSocketHub>(sp));
        services.AddKeyedSingleton(StreamHubs.Executions, (sp, _) => ActivatorUtilities.CreateInstance<WebSocketHub>(sp));
        services.AddHostedService<MarketSimulatorService>();
        return builder;
    }

    // Aspire's own message names the configuration key but not the environment variable or the expected form, so
    // the gateway checks first and says both.
    private static void RequireConnectionString(IHostApplicationBuilder builder, string name, string aspireSection, string example)
    {
        if (builder.Configuration.GetConnectionString(name) is { Length: > 0 } || builder.Configuration[$"{aspireSection}:ConnectionString"] is { Length: > 0 })
        {
            return;
        }

        throw new OptionsValidationException(name, typeof(string), [
            $"Connection string '{name}' is missing. Set the environment variable ConnectionStrings__{name} (example: {example}); " +
            $"the AppHost injects it through WithReference({name}). Running the gateway by hand: export ConnectionStrings__{name}=\"{example}\"."]);
    }
}
