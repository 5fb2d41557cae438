namespace TradingAspire.EndToEnd.Tests;

/// <summary>The whole system with the real Aspire dashboard on (random ports), receiving every service's telemetry.</summary>
public class TradingSystemWithDashboard : TradingSystem
{
    protected override bool WithDashboard => true;

    /// <summary>The dashboard's login URL with its browser token (<c>/login?t=...</c>).</summary>
    public async Task<string> LoginUrlAsync() => (await App.GetDashboardUrlAsync())!.ToString();
}
