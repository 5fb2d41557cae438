namespace TradingAspire.Gateway.Tests.Unit;

public sealed class NumericDomainTests
{
    private static readonly NumericDomain Column = new(28, 10);

    [Theory]
    [InlineData("0.5", "0.5")]
    [InlineData("1", "1")]
    [InlineData("120", "120")]
    [InlineData("0.05", "0.05")]
    [InlineData("0.0000000001", "0.0000000001")]
    [InlineData("1e-10", "0.0000000001")]
    [InlineData("1.5E+3", "1500")]
    [InlineData("123.4500000000000", "123.45")]
    [InlineData("999999999999999999.9999999999", "999999999999999999.9999999999")]
    [InlineData("-999999999999999999.9999999999", "-999999999999999999.9999999999")]
    [InlineData("-0", "0")]
    [InlineData("0e999999999999999999999", "0")]
    [InlineData("000.000", "0")]
    [InlineData("12345.678e-2", "123.45678")]
    public void A_value_the_column_holds_is_read_exactly(string json, string expected)
    {
        var check = Column.Check(json);

        Assert.Null(check.Problem);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), check.Value);
    }

    [Theory]
    [InlineData("1e-12", "has 12 decimal places (1e-12): at most 10 are stored (smallest step 0.0000000001); it is not rounded for you")]
    [InlineData("1e-30", "has 30 decimal places (1e-30): at most 10 are stored (smallest step 0.0000000001); it is not rounded for you")]
    [InlineData("0.123456789012", "has 12 decimal places (0.123456789012): at most 10 are stored (smallest step 0.0000000001); it is not rounded for you")]
    [InlineData("999999999999999999.99999999991", "has 11 decimal places (999999999999999999.99999999991): at most 10 are stored (smallest step 0.0000000001); it is not rounded for you")]
    [InlineData("1000000000000000000", "is too large (1000000000000000000): at most 18 digits before the decimal point are stored (largest 999999999999999999.9999999999)")]
    [InlineData("12345678901234567890123456789", "is too large (12345678901234567890123456789): at most 18 digits before the decimal point are stored (largest 999999999999999999.9999999999)")]
    [InlineData("1e30", "is too large (1e30): at most 18 digits before the decimal point are stored (largest 999999999999999999.9999999999)")]
    [InlineData("1e400", "is too large (1e400): at most 18 digits before the decimal point are stored (largest 999999999999999999.9999999999)")]
    [InlineData("-1e19", "is too large (-1e19): at most 18 digits before the decimal point are stored (largest -999999999999999999.9999999999)")]
    [InlineData("1e99999999999999999999", "is too large (1e99999999999999999999): at most 18 digits before the decimal point are stored (largest 999999999999999999.9999999999)")]
    [InlineData("1e-99999999999999999999", "has more than 10000 decimal places (1e-99999999999999999999): at most 10 are stored (smallest step 0.0000000001); it is not rounded for you")]
    [InlineData("NaN", "is not a number (NaN)")]
    [InlineData("1.", "is not a number (1.)")]
    public void A_value_the_column_cannot_hold_is_refused_naming_the_limit(string json, string problem)
    {
        var check = Column.Check(json);

        Assert.Null(check.Value);
        Assert.Equal(problem, check.Problem);
    }

    [Fact]
    public void The_limits_follow_precision_and_scale()
    {
        Assert.Equal(18, Column.IntegerDigits);
        Assert.Equal("0.0000000001", Column.SmallestStep);
        Assert.Equal("999999999999999999.9999999999", Column.Largest);
    }
}
