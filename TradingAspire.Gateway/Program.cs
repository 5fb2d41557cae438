using Microsoft.Extensions.Options;
using TradingAspire.Gateway;
using TradingAspire.Gateway.Apis;
using TradingAspire.Gateway.Auth;

var builder = WebApplication.CreateBuilder(args);

try
{
    builder.AddServiceDefaults();
    builder.AddGatewayServices();                                   // checks the Gateway section first (GatewayOptionsCheck)
    builder.AddGatewayAuthentication();                             // bearer tokens from trading-api (docs/api.md#authentication)

    var app = builder.Build();

    app.UseWebSockets();
    app.UseAuthentication();
    app.UseAuthorization();
    // Every /api and /ws route: a token for the gateway with scope read (GET) or trade (POST); /health, /alive, /metrics stay open.
    var api = app.MapGroup("").RequireAuthorization(GatewayScopes.PolicyName);
    api.MapOrdersApi();
    api.MapPositionsApi();
    api.MapMarketApi();
    api.MapInstrumentsApi();
    api.MapMarketStreams();
    app.MapDefaultEndpoints();

    app.Run();                                                      // the same checks again at start, on the options as configured in code too
    return 0;
}
catch (Exception error) when (ConfigurationFailures(error) is { Count: > 0 } failures)
{
    // Invalid configuration stops the gateway: before it opens any connection when the configuration is at fault (checked
    // before the host is built), at start when code set the value. Each failure on a line of standard error, exit code 2
    // (as the migration service and the Python services do).
    foreach (var failure in failures)
    {
        Console.Error.WriteLine(failure);
    }

    Console.Error.WriteLine("The gateway did not start. Fix each setting named above where it is set: the gateway's environment (run by the AppHost: the AppHost's configuration and parameters, which it passes on) or TradingAspire.Gateway/appsettings.json; docs/configuration.md lists every setting.");
    return 2;
}

// The failures of an options check, also when several options failed at start (an AggregateException of them); none otherwise.
static List<string> ConfigurationFailures(Exception error) => error switch
{
    OptionsValidationException invalid => invalid.Failures.ToList(),
    AggregateException { InnerExceptions: var inner } when inner.All(e => e is OptionsValidationException) => inner.SelectMany(e => ((OptionsValidationException)e).Failures).ToList(),
    _ => [],
};

public partial class Program;
