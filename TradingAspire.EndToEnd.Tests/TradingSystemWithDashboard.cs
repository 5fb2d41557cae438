namespace TradingAspire.EndToEnd.Tests;

/// <summary>The whole system with the dashboard on (free ports), receiving every service's telemetry.</summary>
public sealed class TradingSystemWithDashboard : TradingSystem
{
    protected override void Configure(IDictionary<string, string?> settings) => settings["Dashboard:Enabled"] = "true";

    public Uri DashboardUrl => new(new Uri(App.DashboardLoginUrl!).GetLeftPart(UriPartial.Authority).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

    public string LoginUrl => App.DashboardLoginUrl!.Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
}
