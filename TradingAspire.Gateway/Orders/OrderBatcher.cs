using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using TradingAspire.Gateway.Persistence;
using TradingAspire.Gateway.Telemetry;

namespace TradingAspire.Gateway.Orders;

/// <summary>
/// Group commit of new orders: concurrent requests queue here, one loop takes everything queued (up to
/// <see cref="MaxBatchSize"/>) and writes it in one transaction (<see cref="OrderBatchWriter"/>); while a batch
/// commits, the next one gathers, so under load each commit carries many orders and with one client each order is
/// its own batch (no waiting for company). Every order is answered only after its batch committed. A unique
/// violation (another writer used a client order id between the check and the insert) rolls the batch back and
/// writes its orders one by one through <see cref="OrderStore.InsertAsync"/>, which decides each by its insert.
/// </summary>
public sealed class OrderBatcher(
    OrderBatchWriter writer, OrderStore store, GatewayMetrics metrics, IOptions<GatewayOptions> options, TimeProvider timeProvider, ILogger<OrderBatcher> logger)
    : BackgroundService
{
    /// <summary>Most orders written in one transaction.</summary>
    public const int MaxBatchSize = 256;

    private readonly Channel<PendingOrder> _queue = Channel.CreateUnbounded<PendingOrder>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues a new order and returns once it is durable: the stored result, null for a used client order id, or the position refusal.</summary>
    public async Task<(OrderResult? Result, FieldError? Rejection)> SubmitAsync(OrderRequest order, decimal? fillPrice, CancellationToken cancellationToken)
    {
        var pending = new PendingOrder(order, fillPrice, StoredTime.Of(timeProvider.GetUtcNow()));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The gateway is stopping; the order was not accepted.");
        }

        // Not cancelled with the request: once queued, the order is written whatever the client does.
        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingOrder>(MaxBatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatchSize && _queue.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }

                // Not cancelled by stopping: a batch that started is finished (the host waits up to its shutdown timeout).
                await WriteAsync(batch, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: orders still queued get a refusal rather than hanging.
        }

        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left))
        {
            left.Completion.TrySetException(new InvalidOperationException("The gateway is stopping; the order was not written."));
        }
    }

    private async Task WriteAsync(List<PendingOrder> batch, CancellationToken cancellationToken)
    {
        // The batch's database work (Npgsql's spans) belongs to the first order's trace; the other orders' traces are
        // linked. With one client at a time every batch is one order, so each order's trace shows its SQL.
        using var activity = StartBatchActivity(batch);
        var maxPosition = options.Value.MaxPositionPerSymbol;
        try
        {
            var outcomes = await writer.WriteAsync(batch, maxPosition, timeProvider.GetUtcNow(), cancellationToken);
            metrics.BatchCommitted(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(outcomes[i]);
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            logger.LogInformation("A client order id of the batch was used concurrently; writing its {Count} orders one by one", batch.Count);
            foreach (var pending in batch)
            {
                await WriteOneAsync(pending, maxPosition, cancellationToken);
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Writing a batch of {Count} orders failed; none was written", batch.Count);
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(ex);
            }
        }
    }

    private static Activity? StartBatchActivity(List<PendingOrder> batch)
    {
        var contexts = batch.Select(p => p.TraceContext).OfType<ActivityContext>().ToList();
        var activity = GatewayMetrics.ActivitySource.StartActivity("order.batch.write", ActivityKind.Internal,
            contexts.Count > 0 ? contexts[0] : default, links: contexts.Skip(1).Select(c => new ActivityLink(c)));
        activity?.SetTag("order.batch.size", batch.Count);
        return activity;
    }

    private async Task WriteOneAsync(PendingOrder pending, decimal maxPosition, CancellationToken cancellationToken)
    {
        try
        {
            pending.Completion.TrySetResult(await store.InsertAsync(pending.Request, pending.FillPrice, maxPosition, pending.ReceivedAt, cancellationToken));
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            pending.Completion.TrySetResult((null, null));
        }
        catch (Exception ex)
        {
            pending.Completion.TrySetException(ex);
        }
    }
}
