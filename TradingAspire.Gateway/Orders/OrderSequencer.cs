using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using TradingAspire.Gateway.Market;
using TradingAspire.Gateway.Persistence;
using TradingAspire.Gateway.Telemetry;

namespace TradingAspire.Gateway.Orders;

/// <summary>
/// The single writer of the order path (docs/architecture.md, "Order path"). Commands queue here; one loop takes
/// everything queued (up to <see cref="MaxBatchSize"/>), decides it in arrival order against
/// <see cref="SequencerState"/> with no database round trip, and journals the batch (<see cref="OrderJournal"/>) while
/// the previous one may still be committing (at most <see cref="MaxBatchesInFlight"/>). A batch's answers are released
/// once it and every batch before it have committed. A failed write fails its batch and every later one (503), and the
/// state is restored from PostgreSQL before the next order is taken — except when the journal's unique key refused a
/// client order id older than <see cref="GatewayOptions.ClientOrderIdWindow"/> (not in memory any more): then the state
/// is restored, the ids PostgreSQL holds are marked used and the batches are decided again, so that order is answered
/// from its stored row (200 or 409) and the others as if nothing happened. At start the state is restored before the gateway
/// serves requests (and, if PostgreSQL is down or the schema of <see cref="GatewayOptions.SchemaVersion"/> is not applied
/// yet, before the <c>OrderSequencer</c> health check turns Healthy: orders get 503 until then).
/// </summary>
public sealed partial class OrderSequencer(
    OrderJournal journal, ExecutionPublisher publisher, GatewayMetrics metrics, IOptions<GatewayOptions> options, TimeProvider timeProvider,
    ILogger<OrderSequencer> logger) : BackgroundService
{
    /// <summary>Most commands decided into one batch.</summary>
    public const int MaxBatchSize = 512;

    /// <summary>Batches written at once: one committing, the next written meanwhile.</summary>
    public const int MaxBatchesInFlight = 2;

    private static readonly TimeSpan RecoveryRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Time between two looks at the migrations' journal while the schema is not there yet (a one-row query).</summary>
    private static readonly TimeSpan SchemaPollInterval = TimeSpan.FromMilliseconds(100);
    private bool _schemaPending;
    private bool _schemaWaitLogged;
    private Task? _lastWrite;
    private int _queuedOrders;
    private readonly Channel<SequencerCommand> _inbox = Channel.CreateUnbounded<SequencerCommand>(new UnboundedChannelOptions { SingleReader = true });
    private SequencerState? _state;
    private volatile string? _unavailable = "the order book has not been read from PostgreSQL yet";

    /// <summary>Null when orders are taken; otherwise why not (restoring the state from PostgreSQL, or stopping).</summary>
    public string? UnavailableReason => _unavailable;

    /// <summary>The state, for tests once the loop is idle; null while restoring.</summary>
    internal SequencerState? State => _state;

    /// <summary>Orders queued and not yet taken into a batch, for tests (the single-reader channel cannot count).</summary>
    internal int QueuedOrders => Volatile.Read(ref _queuedOrders);

    /// <summary>
    /// Queues a validated order and returns its answer once it is durable.
    /// </summary>
    /// <exception cref="OrderJournalUnavailableException">The order was not recorded (PostgreSQL unavailable, the state
    /// being restored, or the gateway stopping); retry with the same client order id.</exception>
    public async Task<SequencerAnswer> SubmitAsync(OrderRequest order, decimal? fillPrice, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        if (_unavailable is { } reason)
        {
            throw new OrderJournalUnavailableException(reason);
        }

        var sequenced = new SequencedOrder(order, fillPrice, receivedAt);
        Interlocked.Increment(ref _queuedOrders);
        if (!_inbox.Writer.TryWrite(sequenced))
        {
            Interlocked.Decrement(ref _queuedOrders);
            throw new OrderJournalUnavailableException("the gateway is stopping");
        }

        // Not cancelled with the request: once queued, the order is decided and written whatever the client does.
        return await sequenced.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>A new market price: resting orders it crosses fill in the next batch (ignored while the state is restored).</summary>
    public void PriceMoved(MarketTick tick)
    {
        if (_unavailable is null)
        {
            _inbox.Writer.TryWrite(new PriceMove(tick.Symbol, tick.Price));
        }
    }

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first restore runs before the web server starts (hosted services start before it), so the gateway takes
        // no order before it knows its book; if PostgreSQL is down, the loop keeps trying and orders get 503 meanwhile.
        await TryRestoreAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var inFlight = new Queue<(DecidedBatch Batch, Task Write)>();
        var commands = new List<SequencerCommand>(MaxBatchSize);
        Task<bool>? commandQueued = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (_state is null)
                {
                    if (!await TryRestoreAsync(stoppingToken))
                    {
                        FailQueued();
                        await Task.Delay(_schemaPending ? SchemaPollInterval : RecoveryRetryDelay, timeProvider, stoppingToken);
                    }

                    continue;
                }

                if (inFlight.Count > 0 && (inFlight.Peek().Write.IsCompleted || inFlight.Count >= MaxBatchesInFlight))
                {
                    await CompleteOldestAsync(inFlight);
                    continue;
                }

                if (!_inbox.Reader.TryPeek(out _))
                {
                    commandQueued ??= _inbox.Reader.WaitToReadAsync(stoppingToken).AsTask();
                    await (inFlight.Count > 0 ? Task.WhenAny(commandQueued, inFlight.Peek().Write) : (Task)commandQueued);
                    if (commandQueued.IsCompleted)
                    {
                        var more = await commandQueued;
                        commandQueued = null;
                        if (!more)
                        {
                            break;
                        }
                    }

                    continue;
                }

                commands.Clear();
                var orders = 0;
                while (commands.Count < MaxBatchSize && _inbox.Reader.TryRead(out var command))
                {
                    commands.Add(command);
                    orders += command is SequencedOrder ? 1 : 0;
                }

                Interlocked.Add(ref _queuedOrders, -orders);
                // The batch keeps a copy of its commands: decided again if the journal's unique key refuses one of its ids.
                Write(_state.Decide([.. commands], options.Value.MaxPositionPerSymbol, StoredTime.Of(timeProvider.GetUtcNow())), inFlight);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        _unavailable = "the gateway is stopping";
        while (inFlight.Count > 0)
        {
            await CompleteOldestAsync(inFlight);
        }

        _inbox.Writer.TryComplete();
        FailQueued();
    }

    private void Write(DecidedBatch batch, Queue<(DecidedBatch Batch, Task Write)> inFlight)
    {
        var predecessor = inFlight.Count > 0 ? _lastWrite : null;
        // Not cancelled by stopping: a batch that was decided is written (the host waits up to its shutdown timeout).
        _lastWrite = batch.Entry.IsEmpty ? predecessor ?? Task.CompletedTask : WriteAsync(batch, predecessor);
        inFlight.Enqueue((batch, _lastWrite));
    }

    private async Task WriteAsync(DecidedBatch batch, Task? predecessor)
    {
        // The batch's database work (Npgsql's spans) belongs to the first order's trace; the other orders' are linked.
        using var activity = StartBatchActivity(batch);
        await journal.WriteAsync(batch.Entry, predecessor, CancellationToken.None);
    }

    private async Task CompleteOldestAsync(Queue<(DecidedBatch Batch, Task Write)> inFlight)
    {
        var (batch, write) = inFlight.Dequeue();
        try
        {
            await write;
        }
        catch (Exception ex)
        {
            // Nothing of this batch is stored, nor of any later one (their COMMIT waits for this one).
            var failed = new List<DecidedBatch> { batch };
            while (inFlight.Count > 0)
            {
                var (later, laterWrite) = inFlight.Dequeue();
                await laterWrite.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                failed.Add(later);
            }

            if (OrderJournal.IsUsedClientOrderId(ex) && await TryDecideAgainAsync(failed, inFlight))
            {
                return;
            }

            // Every answer is 503, and the state, which ran ahead by those batches, is read again from PostgreSQL.
            var orders = 0;
            foreach (var rolledBack in failed)
            {
                orders += rolledBack.Answers.Count;
                Fail(rolledBack, ex);
            }

            _state = null;
            _unavailable = $"the order book is being read again from PostgreSQL after a failed write ({ex.Message})";
            FailQueued();
            LogWriteFailed(ex, orders);
            return;
        }

        _state!.Committed(batch, timeProvider.GetUtcNow());
        if (batch.Answers.Count > 0)
        {
            metrics.BatchCommitted(batch.Answers.Count);
        }

        foreach (var (order, answer) in batch.Answers)
        {
            // Published here, in sequence order, before the answer: a fill reaches /ws/executions even when the
            // request that placed it was cancelled (its client timed out) while the batch committed.
            if (answer is SequencerAnswer.Accepted { Result.Execution: not null } accepted)
            {
                publisher.Publish(accepted.Result);
            }

            order.Completion.TrySetResult(answer);
        }

        PublishRestingFills(batch);
    }

    private void Fail(DecidedBatch batch, Exception cause)
    {
        foreach (var (order, _) in batch.Answers)
        {
            order.Completion.TrySetException(new OrderJournalUnavailableException(cause.Message, cause));
        }
    }

    private void FailQueued()
    {
        while (_inbox.Reader.TryRead(out var command))
        {
            if (command is SequencedOrder order)
            {
                Interlocked.Decrement(ref _queuedOrders);
                order.Completion.TrySetException(new OrderJournalUnavailableException(_unavailable ?? "the order book is being read again from PostgreSQL"));
            }
        }
    }

    private void PublishRestingFills(DecidedBatch batch)
    {
        var now = timeProvider.GetUtcNow();
        foreach (var fill in batch.RestingFills)
        {
            using var scope = logger.BeginScope(new Dictionary<string, object?>
            {
                ["OrderId"] = fill.Order.Id, ["ClientOrderId"] = fill.Order.ClientOrderId, ["Symbol"] = fill.Order.Symbol,
            });
            metrics.OrderFilled(fill.Order.Symbol, fill.Order.Side, fill.Execution!.Quantity, fill.Execution.Price, now - fill.Order.CreatedAt);
            LogRestingFilled(fill.Order.Side, fill.Execution.Quantity, fill.Execution.Price);
            publisher.Publish(fill);
        }

        foreach (var dropped in batch.DroppedRestingOrders)
        {
            using var scope = logger.BeginScope(new Dictionary<string, object?>
            {
                ["OrderId"] = dropped.Id, ["ClientOrderId"] = dropped.ClientOrderId, ["Symbol"] = dropped.Symbol,
            });
            LogRestingDropped();
        }
    }

    private static Activity? StartBatchActivity(DecidedBatch batch)
    {
        ActivityContext? parent = null;
        List<ActivityLink>? links = null;
        foreach (var (order, _) in batch.Answers)
        {
            if (order.TraceContext is not { } context)
            {
                continue;
            }

            if (parent is null)
            {
                parent = context;
            }
            else
            {
                (links ??= []).Add(new ActivityLink(context));
            }
        }

        if (parent is null)
        {
            // No traced order in the batch: resting orders a tick filled are a trace of their own (background work
            // without a parent span is not traced otherwise); a batch of sampled-out orders has no span.
            if (batch.RestingFills is not [var first, ..] || batch.Answers.Count > 0)
            {
                return null;
            }

            var fill = GatewayMetrics.ActivitySource.StartActivity("order.fill_resting", ActivityKind.Internal, parentContext: default);
            fill?.SetTag("order.id", first.Order.Id.ToString());
            fill?.SetTag("order.client_order_id", first.Order.ClientOrderId);
            fill?.SetTag("order.symbol", first.Order.Symbol);
            fill?.SetTag("order.side", first.Order.Side);
            fill?.SetTag("order.fills", batch.RestingFills.Count);
            return fill;
        }

        var activity = GatewayMetrics.ActivitySource.StartActivity("order.batch.write", ActivityKind.Internal, parent.Value, links: links);
        activity?.SetTag("order.batch.size", batch.Answers.Count);
        activity?.SetTag("order.batch.sequence", batch.Entry.Sequence);
        return activity;
    }

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "A journal write failed; {Orders} orders of it and of the batches after it were not recorded (answered 503); reading the order book again")]
    private partial void LogWriteFailed(Exception exception, int orders);

    [LoggerMessage(EventId = 23, Level = LogLevel.Information, Message = "Resting order filled: {Side} {Quantity} at {Price}")]
    private partial void LogRestingFilled(string side, decimal quantity, decimal price);

    [LoggerMessage(EventId = 24, Level = LogLevel.Information, Message = "Resting order no longer fillable (beyond the position limit); dropped from the book")]
    private partial void LogRestingDropped();
}
