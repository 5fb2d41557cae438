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
}
catch (OptionsValidationException error)
{
    // Invalid configuration stops the gateway before it opens any connection: each failure on a line of standard
    // error, exit code 2 (as the migration service and the Python services do).
    foreach (var failure in error.Failures)
    {
        Console.Error.WriteLine(failure);
    }

    Console.Error.WriteLine("The gateway did not start. Fix each setting named above where it is set: the gateway's environment (run by the AppHost: the AppHost's configuration and parameters, which it passes on) or TradingAspire.Gateway/appsettings.json; docs/configuration.md lists every setting.");
    return 2;
}

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

app.Run();
return 0;

public partial class Program;
