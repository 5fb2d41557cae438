using Microsoft.Extensions.DependencyInjection;

namespace TradingAspire.Hosting.Kubernetes.Tests;

/// <summary>
/// The AppHost's restart policies (model built, no process started): the services that exit with code 2 on a
/// configuration error are left down after it instead of being restarted into the same error; the servers and the UI
/// are restarted after any exit.
/// </summary>
public sealed class RestartPolicyModelTests
{
    [Fact]
    public async Task Gateway_trading_api_and_strategy_are_not_restarted_after_exit_code_2_and_the_others_after_no_code()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TradingAspire_AppHost>([], timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);

        var preventing = app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .Where(r => r.HasAnnotationOfType<RestartPolicyAnnotation>())
            .ToDictionary(r => r.Name, r => string.Join(",", r.Annotations.OfType<RestartPolicyAnnotation>().Last().PreventRestartExitCodes));

        Assert.Equal(new Dictionary<string, string>
        {
            ["postgres"] = "", ["redis"] = "", ["gateway"] = "2", ["trading-api"] = "2", ["strategy"] = "2", ["trading-ui"] = "",
        }, preventing);
    }
}
