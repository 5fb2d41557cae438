using System.Text.RegularExpressions;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>Reads the column definitions of db/migrations/0002_*.sql and compares them with <see cref="OrderFieldDomain"/>.</summary>
public sealed partial class OrderFieldDomainMatchesMigrationTests
{
    private static readonly string Script = File.ReadAllText(RepositoryFiles.Migrations().Single(path => Path.GetFileName(path).StartsWith("0002_", StringComparison.Ordinal)));

    [GeneratedRegex(@"CREATE TABLE (?<table>\w+) \((?<body>.*?)\n\);", RegexOptions.Singleline)]
    private static partial Regex TablePattern();

    [GeneratedRegex(@"numeric\((?<precision>\d+),\s*(?<scale>\d+)\)")]
    private static partial Regex NumericPattern();

    [GeneratedRegex(@"IN \((?<values>[^)]*)\)")]
    private static partial Regex InListPattern();

    [GeneratedRegex(@"~ '(?<pattern>[^']*)'")]
    private static partial Regex RegexCheckPattern();

    [Theory]
    [InlineData("orders", "quantity")]
    [InlineData("executions", "quantity")]
    public void Quantity_matches_its_numeric_columns(string table, string column)
        => AssertNumeric(Column(table, column), OrderFieldDomain.Quantity);

    [Theory]
    [InlineData("orders", "limit_price")]
    [InlineData("executions", "price")]
    public void Limit_price_matches_the_price_columns(string table, string column)
        => AssertNumeric(Column(table, column), OrderFieldDomain.LimitPrice);

    [Theory]
    [InlineData("orders", "quantity", "quantity > 0")]
    [InlineData("orders", "limit_price", "limit_price > 0")]
    public void The_columns_require_positive_values_as_the_validator_does(string table, string column, string check)
        => Assert.Contains(check, Column(table, column));

    [Fact]
    public void Symbol_pattern_is_the_columns_check()
    {
        Assert.Equal(OrderFieldDomain.SymbolPattern, RegexCheckPattern().Match(Column("orders", "symbol")).Groups["pattern"].Value);
        Assert.Equal(OrderFieldDomain.SymbolPattern, RegexCheckPattern().Match(Column("positions", "symbol")).Groups["pattern"].Value);
    }

    [Fact]
    public void Sides_are_the_columns_values()
    {
        Assert.Equal(OrderFieldDomain.Sides, InList(Column("orders", "side")));
        Assert.Equal(OrderFieldDomain.Sides, InList(Column("executions", "side")));
    }

    [Fact]
    public void Types_are_the_columns_values() => Assert.Equal(OrderFieldDomain.Types, InList(Column("orders", "order_type")));

    [Fact]
    public void Client_order_id_column_holds_the_longest_allowed_id()
    {
        var definition = Column("orders", "client_order_id");
        var varchar = Regex.Match(definition, @"varchar\((\d+)\)");
        Assert.True(definition.StartsWith("text", StringComparison.Ordinal) || (varchar.Success && int.Parse(varchar.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= OrderFieldDomain.ClientOrderIdMaxLength),
            $"client_order_id is '{definition}'; it must hold {OrderFieldDomain.ClientOrderIdMaxLength} characters");
        Assert.Contains("{1," + OrderFieldDomain.ClientOrderIdMaxLength + "}", OrderFieldDomain.ClientOrderIdPattern);
    }

    private static void AssertNumeric(string definition, NumericDomain domain)
    {
        var match = NumericPattern().Match(definition);
        Assert.True(match.Success, $"not a numeric(p, s) column: {definition}");
        Assert.Equal(domain.Precision, int.Parse(match.Groups["precision"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(domain.Scale, int.Parse(match.Groups["scale"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string[] InList(string definition)
        => InListPattern().Match(definition).Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries).Select(v => v.Trim('\'')).ToArray();

    /// <summary>The definition of a column (the text after its name on its line), from the CREATE TABLE of the script.</summary>
    private static string Column(string table, string column)
    {
        var body = TablePattern().Matches(Script).Single(m => m.Groups["table"].Value == table).Groups["body"].Value;
        var line = body.Split('\n').Select(l => l.Trim()).SingleOrDefault(l => Regex.IsMatch(l, $@"^{column}\s"))
            ?? throw new InvalidOperationException($"No column {column} in table {table} of 0002");
        return line[column.Length..].Trim();
    }
}
