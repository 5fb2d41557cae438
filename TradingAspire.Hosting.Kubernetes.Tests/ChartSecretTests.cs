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
        Assert.Equal("Host=postgres;Port=5432;Username=postgres;Password=;Database=trading", (string?)gateway["ConnectionStrings__trading"]);
        Assert.Equal("redis:6379,password=", (string?)gateway["ConnectionStrings__redis"]);
        Assert.DoesNotContain(chart.Rendered().Where(o => o.Kind == "ConfigMap"), o => o.Json.ToJsonString().Contains("Password", StringComparison.Ordinal));
    }

    [Fact]
    public void Passwords_set_at_install_reach_the_connection_strings()
    {
        var values = chart.Files["values.yaml"].Replace("postgres_password: \"\"", "postgres_password: \"pg-at-install\"", StringComparison.Ordinal);
        var secret = chart.Rendered(values).Single(o => o.Kind == "Secret" && o.Name == "trading-api-env").Json["stringData"]!;
        Assert.Equal("Host=postgres;Port=5432;Username=postgres;Password=pg-at-install;Database=trading", (string?)secret["ConnectionStrings__trading"]);
    }

    [Fact]
    public void Passwords_with_any_printable_ASCII_character_reach_the_Secrets_exactly()
    {
        // Every ASCII punctuation character and a space; "%v" and "}}" as Helm's printf and the template lexer see them.
        const string password = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ %v }} x";
        var quoted = System.Text.Json.JsonSerializer.Serialize(password); // a JSON string is a YAML double-quoted scalar
        var values = chart.Files["values.yaml"]
            .Replace("postgres_password: \"\"", $"postgres_password: {quoted}", StringComparison.Ordinal)
            .Replace("redis_password: \"\"", $"redis_password: {quoted}", StringComparison.Ordinal);
        var rendered = chart.Rendered(values);
        var gateway = rendered.Single(o => o.Kind == "Secret" && o.Name == "gateway-env").Json["stringData"]!;
        Assert.Equal($"Host=postgres;Port=5432;Username=postgres;Password={password};Database=trading", (string?)gateway["ConnectionStrings__trading"]);
        Assert.Equal($"redis:6379,password={password}", (string?)gateway["ConnectionStrings__redis"]);
        Assert.Equal(password, (string?)rendered.Single(o => o.Kind == "Secret" && o.Name == "postgres-env").Json["stringData"]!["POSTGRES_PASSWORD"]);
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
