using System.Security.Cryptography;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// The whole system with the real Aspire dashboard on, its telemetry HTTP API (<c>/api/telemetry/*</c>, the one
/// <c>aspire otel</c> reads) secured by a key this fixture chooses: <c>--AppHost:DashboardApiKey=&lt;key&gt;</c>, which
/// the AppHost hands to the dashboard as <c>Dashboard:Api:AuthMode=ApiKey</c> and <c>Dashboard:Api:PrimaryApiKey</c>
/// (without it Aspire 13.6 generates one and keeps it in the AppHost's user secrets). Started once for the
/// <see cref="WholeSystem"/> (every test class of that collection shares one system).
/// </summary>
public sealed class TelemetrySystem : TradingSystemWithDashboard, IAsyncLifetime // re-implemented: xunit calls the methods below
{
    /// <summary>The dashboard's resource name (Aspire's <c>KnownResourceNames.AspireDashboard</c>).</summary>
    public const string Dashboard = "aspire-dashboard";

    /// <summary>The key the dashboard requires in the <c>X-API-Key</c> header of <c>/api/telemetry/*</c> requests.</summary>
    public string DashboardApiKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The running dashboard's telemetry HTTP API (set once the system has started).</summary>
    public TelemetryDashboardClient Telemetry { get; private set; } = null!;

    /// <summary>Access tokens live 30 s here (renewed at 24 s), so the UI's, the strategy's and trading-api's renewals happen during the tests.</summary>
    public const int TokenSeconds = 30;

    protected override IEnumerable<string> Arguments => [$"--AppHost:DashboardApiKey={DashboardApiKey}", $"--Auth:TokenSeconds={TokenSeconds}"];

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var login = await App.GetDashboardUrlAsync() ?? throw new InvalidOperationException("the dashboard is off: TelemetrySystem needs it on");
        Telemetry = new TelemetryDashboardClient(new Uri(login.GetLeftPart(UriPartial.Authority)), DashboardApiKey);
    }

    public new async Task DisposeAsync()
    {
        Telemetry?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>
    /// Runs <paramref name="test"/> with the strategy stopped, so the test's order is the only one in flight: the
    /// gateway writes concurrent orders in one batch whose SQL belongs to the first order's trace.
    /// </summary>
    public Task WithoutOtherOrdersAsync(Func<Task> test) => WhileStoppedAsync("strategy", async () =>
    {
        await test();
        return true;
    });
}
