using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// ServiceDefaults' <see cref="BackgroundClientSpanFilter"/> in a real OpenTelemetry tracer provider: what reaches
/// the exporter. A client span (a Redis command, a SQL statement) without a parent is background work and is not
/// exported; the same span inside a unit of work is, and so is a root span of another kind (a request).
/// </summary>
public sealed class BackgroundClientSpanFilterTests : IDisposable
{
    private readonly ActivitySource _source = new($"TradingAspire.Tests.{Guid.NewGuid():N}");
    private readonly List<string> _exported = [];
    private readonly TracerProvider _provider;

    public BackgroundClientSpanFilterTests()
    {
        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(_source.Name)
            .AddProcessor(new BackgroundClientSpanFilter())
            .AddProcessor(new SimpleActivityExportProcessor(new CollectingExporter(_exported)))
            .Build()!;
    }

    [Fact]
    public void A_client_span_without_a_parent_is_not_exported()
    {
        using (var command = _source.StartActivity("PUBLISH", ActivityKind.Client))
        {
            Assert.NotNull(command);
            Assert.False(command.Recorded);
        }

        Assert.Empty(_exported);
    }

    [Fact]
    public void A_client_span_inside_a_unit_of_work_is_exported_and_so_is_the_unit_of_work()
    {
        using (_source.StartActivity("order.submit"))
        using (_source.StartActivity("PUBLISH", ActivityKind.Client))
        {
        }

        Assert.Equal(["PUBLISH", "order.submit"], _exported);
    }

    [Fact]
    public void A_client_span_continuing_a_remote_parent_is_exported()
    {
        var remote = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);

        using (_source.StartActivity("GET", ActivityKind.Client, remote))
        {
        }

        Assert.Equal(["GET"], _exported);
    }

    [Fact]
    public void A_root_span_of_another_kind_is_exported()
    {
        using (_source.StartActivity("POST /api/orders/", ActivityKind.Server))
        {
        }

        Assert.Equal(["POST /api/orders/"], _exported);
    }

    public void Dispose()
    {
        _provider.Dispose();
        _source.Dispose();
    }

    private sealed class CollectingExporter(List<string> names) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var activity in batch)
            {
                names.Add(activity.DisplayName);
            }

            return ExportResult.Success;
        }
    }
}
