using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using TradingAspire.Gateway.Telemetry;

namespace TradingAspire.Gateway.Tests.Unit.Support;

/// <summary>
/// The gateway's real <c>Program</c> in memory (<see cref="WebApplicationFactory{TEntryPoint}"/>) against a real
/// PostgreSQL and Redis (<see cref="StorageFixture"/>: a database of its own on the shared server of
/// <see cref="StorageCollection"/>), with logs collected by a fake logger for assertions.
/// </summary>
public sealed class GatewayFixture(PostgresServer postgres) : IAsyncLifetime
{
    /// <summary>The key the in-memory gateway checks tokens with (Auth:SigningKey).</summary>
    public const string SigningKey = "gateway-test-signing-key-0123456789abcdef";

    private WebApplicationFactory<Program>? _factory;

    /// <summary>The storage the gateway uses.</summary>
    public StorageFixture Storage { get; } = new(postgres);

    /// <summary>An HTTP client of the in-memory gateway.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>The gateway's services.</summary>
    public IServiceProvider Services => _factory!.Services;

    /// <summary>Every log record the gateway wrote, with its scopes.</summary>
    public FakeLogCollector Logs => Services.GetRequiredService<FakeLogCollector>();

    /// <summary>
    /// Collects what the gateway's meter (<see cref="GatewayMetrics.Name"/>) records on <paramref name="instrument"/>
    /// (e.g. <c>gateway.orders.filled</c>) from now until the collector is disposed.
    /// </summary>
    public MetricCollector<T> CollectMetric<T>(string instrument)
        where T : struct
        => new(Services.GetRequiredService<IMeterFactory>(), GatewayMetrics.Name, instrument);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await Storage.InitializeAsync();
        _factory = Create(Storage);
        Client = CreateClient(_factory);
    }

    /// <summary>A client of <paramref name="gateway"/> that sends a service token signed with <see cref="SigningKey"/>, as trading-api's.</summary>
    public static HttpClient CreateClient(WebApplicationFactory<Program> gateway)
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = AccessTokens.ServiceHeader(SigningKey);
        return client;
    }

    /// <summary>
    /// A gateway on <paramref name="storage"/> (several may be made in turn on one storage, as restarts are);
    /// <paramref name="configure"/> adds settings or replaces services after the fixture's own.
    /// </summary>
    public static WebApplicationFactory<Program> Create(StorageFixture storage, Action<IWebHostBuilder>? configure = null)
        => new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:trading", storage.DatabaseConnectionString);
            web.UseSetting("ConnectionStrings:redis", storage.RedisConnectionString);
            web.UseSetting("Auth:SigningKey", SigningKey);
            web.UseSetting("Gateway:Seed", "42");
            web.UseSetting("Gateway:TickIntervalMilliseconds", "1000");
            // The per-order lines (filled, resting, replayed) are Debug: on here, as an operator would turn them on.
            web.UseSetting("Logging:LogLevel:TradingAspire.Gateway.Orders", "Debug");
            web.ConfigureServices(services => services.AddLogging(logging => logging.AddFakeLogging()));
            configure?.Invoke(web);
        });

    /// <summary>A client of the in-memory gateway that sends no token.</summary>
    public HttpClient CreateAnonymousClient() => _factory!.CreateClient();

    /// <summary>A WebSocket client of the in-memory gateway (it sends what the test puts in the URL and headers).</summary>
    public Microsoft.AspNetCore.TestHost.WebSocketClient CreateWebSocketClient() => _factory!.Server.CreateWebSocketClient();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await Storage.DisposeAsync();
    }
}
