using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TradingAspire.Dashboard.Tests;

/// <summary>The dashboard on free ports, fed by the real OpenTelemetry .NET SDK over gRPC and HTTP/protobuf.</summary>
[Trait("Category", "Integration")]
public sealed class DashboardHostTests : IAsyncLifetime
{
    // Polling period of the condition loops below (each has a deadline); not a synchronisation delay.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly FakeResourceSource _resources = new();
    private DashboardHost _host = null!;

    public async Task InitializeAsync()
        => _host = await DashboardHost.StartAsync(new DashboardOptions { Port = 0, OtlpGrpcPort = 0, OtlpHttpPort = 0 }, _resources, null, CancellationToken.None);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private HttpClient Api()
    {
        var client = new HttpClient { BaseAddress = new Uri(_host.DashboardUrl.ToString().Replace("localhost", "127.0.0.1", StringComparison.Ordinal)) };
        client.DefaultRequestHeaders.Add("x-dashboard-token", _host.BrowserToken);
        return client;
    }

    private async Task<JsonElement> PollAsync(string path, Func<JsonElement, bool> done)
    {
        using var api = Api();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var body = await api.GetFromJsonAsync<JsonElement>(path);
            if (done(body))
            {
                return body;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{path} never satisfied the condition; last: {body}");
            }

            await Task.Delay(PollInterval);
        }
    }

    private void Configure(OtlpExporterOptions options, OtlpExportProtocol protocol)
    {
        options.Protocol = protocol;
        options.Endpoint = protocol == OtlpExportProtocol.Grpc
            ? _host.OtlpGrpcEndpoint
            : new Uri(_host.OtlpHttpEndpoint, protocol == OtlpExportProtocol.Grpc ? "" : "/v1/traces");
        options.Headers = $"x-otlp-api-key={_host.OtlpApiKey}";
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc, "svc-grpc")]
    [InlineData(OtlpExportProtocol.HttpProtobuf, "svc-http")]
    public async Task SpansFromTheOpenTelemetrySdkAppearInTheApi(OtlpExportProtocol protocol, string service)
    {
        using var source = new ActivitySource("dashboard-test");
        using (var provider = Sdk.CreateTracerProviderBuilder()
                   .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(service))
                   .AddSource("dashboard-test")
                   .AddOtlpExporter(o => Configure(o, protocol))
                   .Build())
        {
            using (var activity = source.StartActivity("place order"))
            {
                activity!.SetTag("symbol", "BTCUSDT");
                using var child = source.StartActivity("insert row");
            }

            provider.ForceFlush();
        }

        var traces = await PollAsync($"/api/traces?resource={service}", t => t.GetArrayLength() > 0);
        var traceId = traces[0].GetProperty("traceId").GetString();
        var spans = await PollAsync($"/api/traces/{traceId}", s => s.GetArrayLength() == 2);
        Assert.Contains(spans.EnumerateArray(), s => s.GetProperty("name").GetString() == "place order" && s.GetProperty("attributes").GetProperty("symbol").GetString() == "BTCUSDT");
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc, "log-grpc")]
    [InlineData(OtlpExportProtocol.HttpProtobuf, "log-http")]
    public async Task LogsFromTheOpenTelemetrySdkAppearInTheApi(OtlpExportProtocol protocol, string service)
    {
        using (var factory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(o =>
               {
                   o.SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(service));
                   o.IncludeFormattedMessage = true;
                   o.AddOtlpExporter(e =>
                   {
                       Configure(e, protocol);
                       if (protocol != OtlpExportProtocol.Grpc)
                       {
                           e.Endpoint = new Uri(_host.OtlpHttpEndpoint, "/v1/logs");
                       }
                   });
               })))
        {
            factory.CreateLogger("test").LogWarning("Order {OrderId} rejected", 42);
        }

        var logs = await PollAsync($"/api/logs?resource={service}", l => l.GetArrayLength() > 0);
        Assert.Equal("Order 42 rejected", logs[0].GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc, "metric-grpc")]
    [InlineData(OtlpExportProtocol.HttpProtobuf, "metric-http")]
    public async Task MetricsFromTheOpenTelemetrySdkAppearInTheApi(OtlpExportProtocol protocol, string service)
    {
        using var meter = new Meter($"meter-{service}");
        var counter = meter.CreateCounter<long>("orders.filled");
        using (var provider = Sdk.CreateMeterProviderBuilder()
                   .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(service))
                   .AddMeter(meter.Name)
                   .AddOtlpExporter(o =>
                   {
                       Configure(o, protocol);
                       if (protocol != OtlpExportProtocol.Grpc)
                       {
                           o.Endpoint = new Uri(_host.OtlpHttpEndpoint, "/v1/metrics");
                       }
                   })
                   .Build())
        {
            counter.Add(3);
            provider.ForceFlush();
        }

        await PollAsync($"/api/metrics?resource={service}", m => m.EnumerateArray().Any(i => i.GetProperty("name").GetString() == "orders.filled"));
        var points = await PollAsync($"/api/metrics/{service}/orders.filled", p => p.GetArrayLength() > 0);
        Assert.Equal(3, points[0].GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task OtlpHttpRefusesAMissingOrWrongApiKey()
    {
        using var client = new HttpClient();
        var body = new ExportTraceServiceRequest().ToByteArray();
        foreach (var key in new[] { null, "wrong" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_host.OtlpHttpEndpoint, "/v1/traces")) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/x-protobuf");
            if (key is not null)
            {
                request.Headers.Add("x-otlp-api-key", key);
            }

            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task OtlpGrpcRefusesAWrongApiKeyAsUnauthenticated()
    {
        using var client = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var message = new ExportTraceServiceRequest().ToByteArray();
        var frame = new byte[5 + message.Length];
        frame[4] = (byte)message.Length;
        message.CopyTo(frame, 5);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_host.OtlpGrpcEndpoint, "/opentelemetry.proto.collector.trace.v1.TraceService/Export"))
        {
            Content = new ByteArrayContent(frame),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new("application/grpc");
        request.Headers.Add("x-otlp-api-key", "wrong");

        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        var status = response.Headers.TryGetValues("grpc-status", out var values) ? values.First()
            : response.TrailingHeaders.TryGetValues("grpc-status", out var trailers) ? trailers.First()
            : $"no grpc-status; HTTP {(int)response.StatusCode} {response.Version} {response.Headers} {response.Content.Headers}";
        Assert.Equal("16", status); // UNAUTHENTICATED
    }

    [Fact]
    public async Task TheApiRefusesRequestsWithoutTheTokenAndTheUiRedirectsToLogin()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_host.DashboardUrl.ToString().Replace("localhost", "127.0.0.1", StringComparison.Ordinal)) };

        using var api = await anonymous.GetAsync("/api/resources");
        using var page = await anonymous.GetAsync("/");
        using var badLogin = await anonymous.GetAsync("/login?t=wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login", page.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, badLogin.StatusCode);
    }

    [Fact]
    public async Task LoggingInSetsACookieThatOpensTheUi()
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = new Uri(_host.DashboardUrl.ToString().Replace("localhost", "127.0.0.1", StringComparison.Ordinal)) };

        using var login = await browser.GetAsync($"/login?t={_host.BrowserToken}");
        var html = await login.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("data-testid=\"resources-table\"", html);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/resources")).StatusCode);
    }

    [Fact]
    public async Task ResourcesAreServedWithSecretsMaskedAndCommandsRun()
    {
        using var api = Api();

        var resources = await api.GetFromJsonAsync<JsonElement>("/api/resources");
        using var command = await api.PostAsync("/api/resources/gateway/commands/flush", null);

        var environment = resources[0].GetProperty("environment");
        Assert.Equal("********", environment.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "ConnectionStrings__trading").GetProperty("value").GetString());
        Assert.DoesNotContain("s3cret", resources.ToString());
        Assert.Equal(HttpStatusCode.OK, command.StatusCode);
        Assert.Equal(["gateway:flush"], _resources.Commands);
    }
}
