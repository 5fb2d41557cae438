using System.Collections.Concurrent;
using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Orders;

/// <summary>Limit orders waiting for the price to cross, kept in memory so each tick checks them without a query.</summary>
public sealed class RestingOrderBook
{
    private readonly ConcurrentDictionary<Guid, OrderRecord> _orders = new();

    /// <summary>Adds a resting order.</summary>
    public void Add(OrderRecord order) => _orders[order.Id] = order;

    /// <summary>Forgets an order (filled or cancelled).</summary>
    public void Remove(Guid id) => _orders.TryRemove(id, out _);

    /// <summary>The resting orders of a symbol that the price crosses.</summary>
    public IReadOnlyList<OrderRecord> Crossed(string symbol, decimal price)
        => _orders.Values.Where(o => o.Symbol == symbol && FillEngine.IsMarketable(o.Side, o.LimitPrice!.Value, price)).OrderBy(o => o.CreatedAt).ToList();
}
