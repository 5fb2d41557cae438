using Npgsql;

namespace TradingAspire.Gateway.Persistence;

/// <summary>The <c>orders</c> columns in the order <see cref="Read"/> expects them.</summary>
internal static class OrderRows
{
    /// <summary>Column list for a SELECT.</summary>
    public const string Columns = "id, client_order_id, symbol, side, order_type, quantity, limit_price, status, filled_quantity, average_price, created_at, updated_at";

    /// <summary>The order on the reader's current row (selected with <see cref="Columns"/>).</summary>
    public static OrderRecord Read(NpgsqlDataReader reader)
        => new(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetDecimal(5),
            reader.IsDBNull(6) ? null : reader.GetDecimal(6), reader.GetString(7), reader.GetDecimal(8), reader.IsDBNull(9) ? null : reader.GetDecimal(9),
            reader.GetFieldValue<DateTimeOffset>(10), reader.GetFieldValue<DateTimeOffset>(11));
}
