using System.ComponentModel.DataAnnotations;

namespace TradingAspire.Gateway;

/// <summary>
/// One traded symbol, section <c>Gateway:Symbols:{SYMBOL}</c>: where its simulated price starts and how many decimals
/// its prices and quantities are shown with (served as <c>GET /api/instruments</c>, which trading-api and the UI read).
/// </summary>
public sealed class InstrumentOptions
{
    /// <summary>First price of the market simulator, in the quote currency (&gt; 0; example: 65000).</summary>
    [Range(typeof(decimal), "0.00000001", "1000000000")]
    [Setting("a price from 0.00000001 to 1000000000", "65000")]
    public decimal StartPrice { get; set; }

    /// <summary>Decimals a price is shown with (0-10; 2 shows 65032.50).</summary>
    [Range(0, 10)]
    [Setting("a whole number of decimals from 0 to 10", "2")]
    public int PricePrecision { get; set; } = 2;

    /// <summary>Decimals a quantity is shown with (0-10; 4 shows 0.0100). Orders may still use the stored 10 decimals.</summary>
    [Range(0, 10)]
    [Setting("a whole number of decimals from 0 to 10", "4")]
    public int QuantityPrecision { get; set; } = 4;
}
