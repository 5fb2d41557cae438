namespace TradingAspire.Hosting.Kubernetes.Tests;

/// <summary>Secrets reach the chart as values to supply at install, never as the developer machine's values.</summary>
public sealed class ChartSecretTests(PublishedChart chart) : IClassFixture<PublishedChart>
{
    [Fact]
    public void No_secret_value_of_the_developer_machine_appears_in_any_file()
    {
        var secrets = PublishedChart.MachineSecrets.Values.Concat(UserSecrets()).Where(s => s.Length >= 6).ToList();
        Assert.NotEmpty(secrets);
        foreach (var (path, text) in chart.Files)
        {
            Assert.All(secrets, secret => Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{path} holds a secret value of this machine."));
        }
    }

    [Fact]
    public void Passwords_are_empty_values_and_reach_services_only_through_Secrets()
    {
        Assert.Contains("secrets:\n  postgres_password: \"\"\n  redis_password: \"\"\n", chart.Files["values.yaml"]);
        var gateway = chart.Object("Secret", "gateway-env").Json["stringData"]!;
        Assert.Equal("Host=postgres;Port=5432;Username=postgres;Password='';Database=trading", (string?)gateway["ConnectionStrings__trading"]);
        Assert.Equal("redis:6379,password=", (string?)gateway["ConnectionStrings__redis"]);
        Assert.DoesNotContain(chart.Rendered().Where(o => o.Kind == "ConfigMap"), o => o.Json.ToJsonString().Contains("Password", StringComparison.Ordinal));
    }

    [Fact]
    public void Passwords_set_at_install_reach_the_connection_strings()
    {
        var values = chart.Files["values.yaml"].Replace("postgres_password: \"\"", "postgres_password: \"pg-at-install\"", StringComparison.Ordinal);
        var secret = chart.Rendered(values).Single(o => o.Kind == "Secret" && o.Name == "trading-api-env").Json["stringData"]!;
        Assert.Equal("Host=postgres;Port=5432;Username=postgres;Password='pg-at-install';Database=trading", (string?)secret["ConnectionStrings__trading"]);
    }

    [Theory]
    [InlineData(" !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ %v }} x")] // every ASCII punctuation character, a space; "%v" and "}}" as printf and the template lexer see them
    [InlineData("p@ss:w/rd?#;'x'+y z%41")]
    [InlineData("")]
    public void Passwords_with_any_printable_ASCII_character_read_back_exactly_from_every_form_services_read(string password)
    {
        var quoted = System.Text.Json.JsonSerializer.Serialize(password); // a JSON string is a YAML double-quoted scalar
        var values = chart.Files["values.yaml"]
            .Replace("postgres_password: \"\"", $"postgres_password: {quoted}", StringComparison.Ordinal)
            .Replace("redis_password: \"\"", $"redis_password: {quoted}", StringComparison.Ordinal);
        var rendered = chart.Rendered(values);
        var gateway = rendered.Single(o => o.Kind == "Secret" && o.Name == "gateway-env").Json["stringData"]!;

        // The ADO.NET form as Npgsql reads it (DbConnectionStringBuilder's grammar): the password between single quotes.
        var ado = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = (string?)gateway["ConnectionStrings__trading"] };
        Assert.Equal(password, ado["Password"]);
        Assert.Equal("trading", ado["Database"]);
        // The URIs as asyncpg and redis-py read them: user information percent-decoded.
        Assert.Equal(password, UriPassword((string?)gateway["TRADING_URI"]));
        Assert.Equal(password, UriPassword((string?)gateway["REDIS_URI"]));
        Assert.Equal("/trading", new Uri(((string?)gateway["TRADING_URI"])!).AbsolutePath);
        Assert.Equal(password, (string?)gateway["TRADING_PASSWORD"]);
        Assert.Equal(password, (string?)gateway["REDIS_PASSWORD"]);
        Assert.Equal(password, (string?)rendered.Single(o => o.Kind == "Secret" && o.Name == "postgres-env").Json["stringData"]!["POSTGRES_PASSWORD"]);
    }

    private static string UriPassword(string? uri)
    {
        var userInfo = new Uri(uri!).UserInfo;
        return Uri.UnescapeDataString(userInfo[(userInfo.IndexOf(':', StringComparison.Ordinal) + 1)..]);
    }

    /// <summary>The values in the AppHost's user secrets on this machine (none on a fresh clone).</summary>
    private static IEnumerable<string> UserSecrets()
    {
        var file = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "Microsoft", "UserSecrets", "tradingaspire-apphost-6f1c2b7e", "secrets.json");
        if (!File.Exists(file))
        {
            return [];
        }

        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
        return document.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == System.Text.Json.JsonValueKind.String).Select(p => p.Value.GetString()!).ToList();
    }
}
