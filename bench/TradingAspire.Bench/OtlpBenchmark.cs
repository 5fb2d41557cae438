using System.Diagnostics;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using TradingAspire.Dashboard;
using TradingAspire.Dashboard.Model;

namespace TradingAspire.Bench;

/// <summary>Spans/s ingested over OTLP/HTTP protobuf, with memory bounded by the store limits.</summary>
internal static class OtlpBenchmark
{
    private const int SpansPerRequest = 100;
    private const int Concurrency = 4;

    public static async Task RunAsync()
    {
        var options = new DashboardOptions { Port = 0, OtlpGrpcPort = 0, OtlpHttpPort = 0, MaxTraceCount = 10_000 };
        await using var host = await DashboardHost.StartAsync(options, new NoResources(), null, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = host.OtlpHttpEndpoint };
        client.DefaultRequestHeaders.Add("x-otlp-api-key", host.OtlpApiKey);
        var before = Process.GetCurrentProcess().WorkingSet64;
        long spans = 0;
        var stopwatch = Stopwatch.StartNew();
        var peak = 0L;
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            while (stopwatch.Elapsed < TimeSpan.FromSeconds(15))
            {
                using var content = new ByteArrayContent(Request().ToByteArray());
                content.Headers.ContentType = new("application/x-protobuf");
                using var response = await client.PostAsync("/v1/traces", content);
                response.EnsureSuccessStatusCode();
                Interlocked.Add(ref spans, SpansPerRequest);
                var current = Process.GetCurrentProcess().WorkingSet64;
                if (current > Interlocked.Read(ref peak))
                {
                    Interlocked.Exchange(ref peak, current);
                }
            }
        }));
        var counts = host.Telemetry.Counts();
        Console.WriteLine($"OTLP/HTTP protobuf, {Concurrency} senders × {SpansPerRequest} spans/request, 15 s: {spans / stopwatch.Elapsed.TotalSeconds:0} spans/s ({spans} spans)");
        Console.WriteLine($"store after the run: {counts.Traces} traces / {counts.Spans} spans kept (limit {options.MaxTraceCount} traces); " +
                          $"working set {before / 1048576} MiB before, peak {peak / 1048576} MiB");
    }

    private static ExportTraceServiceRequest Request()
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "bench" } };
        for (var i = 0; i < SpansPerRequest; i++)
        {
            var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
            scope.Spans.Add(new Span
            {
                TraceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
                SpanId = ByteString.CopyFrom(BitConverter.GetBytes(Random.Shared.NextInt64())),
                Name = "POST /api/orders",
                Kind = Span.Types.SpanKind.Server,
                StartTimeUnixNano = now,
                EndTimeUnixNano = now + 2_000_000,
                Attributes = { new KeyValue { Key = "http.status_code", Value = new AnyValue { IntValue = 201 } } },
            });
        }

        var resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "bench" } } } };
        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { Resource = resource, ScopeSpans = { scope } } } };
    }

    private sealed class NoResources : IDashboardResourceSource
    {
        public IReadOnlyList<DashboardResource> GetResources() => [];

        public async IAsyncEnumerable<DashboardResource> WatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }

        public IReadOnlyList<ConsoleLogLine> GetConsoleLogs(string resourceName, int tail) => [];

        public async IAsyncEnumerable<ConsoleLogLine> WatchConsoleLogsAsync(string resourceName, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }

        public Task<DashboardCommandResult> ExecuteCommandAsync(string resourceName, string commandName, CancellationToken cancellationToken)
            => Task.FromResult(new DashboardCommandResult(false, "no resources"));
    }
}
