using Aspire.Hosting.JavaScript;
using Microsoft.Extensions.DependencyInjection;

namespace TradingAspire.Hosting.Kubernetes.Tests;

/// <summary>
/// How the AppHost runs trading-ui in each environment (model built, no process started): Vite's dev server with the
/// login filled in in Development; elsewhere <c>npm run build</c> before each start, then package.json's <c>preview</c>
/// (the production build served by <c>vite preview</c>). Both run for real: <see cref="TradingUiProductionBuildTests"/>.
/// </summary>
public sealed class TradingUiLaunchModelTests
{
    private const string PortArgument = "{trading-ui.bindings.http.targetPort}";

    [Fact]
    public async Task In_Development_the_UI_is_Vite_s_dev_server_with_the_generated_trader_filled_in_and_restarted_after_any_exit()
    {
        var ui = await TradingUiAsync("Development");

        Assert.Equal(
            ($"npm run dev -- --port {PortArgument}", "trader", "{trader-password.value}", "development", "", (string?)null),
            (ui.CommandLine, ui.Environment.GetValueOrDefault("TRADING_UI_LOGIN_USERNAME"), ui.Environment.GetValueOrDefault("TRADING_UI_LOGIN_PASSWORD"),
                ui.Environment.GetValueOrDefault("NODE_ENV"), ui.PreventRestartExitCodes, ui.BuildBeforeStart));
    }

    [Fact]
    public async Task In_Production_the_UI_is_built_before_each_start_then_runs_the_preview_script_with_an_empty_login()
    {
        var ui = await TradingUiAsync("Production");

        Assert.Equal(
            ($"npm run preview -- --port {PortArgument}", (string?)null, (string?)null, "production", "", "build"),
            (ui.CommandLine, ui.Environment.GetValueOrDefault("TRADING_UI_LOGIN_USERNAME"), ui.Environment.GetValueOrDefault("TRADING_UI_LOGIN_PASSWORD"),
                ui.Environment.GetValueOrDefault("NODE_ENV"), ui.PreventRestartExitCodes, ui.BuildBeforeStart));
    }

    private sealed record LaunchedUi(string CommandLine, Dictionary<string, string> Environment, string PreventRestartExitCodes, string? BuildBeforeStart);

    /// <summary>
    /// trading-ui in the AppHost's model for <paramref name="environment"/> (a run, not started): its command line (the
    /// command, then its arguments, space-separated) and environment as its callbacks give them, a value not known before a run (a port, a parameter) as its
    /// expression, e.g. <c>{trading-ui.bindings.http.targetPort}</c>; its restart policy's exit codes, comma-separated; and the
    /// script <c>WithBuildBeforeStart</c> runs before each start, if any.
    /// </summary>
    private static async Task<LaunchedUi> TradingUiAsync(string environment)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TradingAspire_AppHost>(["--environment", environment], timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        var executionContext = app.Services.GetRequiredService<DistributedApplicationExecutionContext>();
        var ui = Assert.IsType<ViteAppResource>(app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == "trading-ui"));

        var args = new List<object>();
        var argsContext = new CommandLineArgsCallbackContext(args, ui, timeout.Token) { ExecutionContext = executionContext };
        foreach (var callback in ui.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(argsContext);
        }

        var environmentContext = new EnvironmentCallbackContext(executionContext, ui, cancellationToken: timeout.Token);
        foreach (var callback in ui.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(environmentContext);
        }

        return new LaunchedUi(
            string.Join(" ", [ui.Command, .. args.Select(Text)]),
            environmentContext.EnvironmentVariables.ToDictionary(v => v.Key, v => Text(v.Value)),
            string.Join(",", ui.Annotations.OfType<RestartPolicyAnnotation>().Last().PreventRestartExitCodes),
            ui.Annotations.OfType<JavaScriptBuildBeforeStartAnnotation>().LastOrDefault()?.ScriptName);
    }

    private static string Text(object value) => value switch
    {
        string text => text,
        IManifestExpressionProvider expression => expression.ValueExpression,
        _ => value.ToString() ?? "",
    };
}
