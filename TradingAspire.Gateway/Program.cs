using TradingAspire.Gateway;
using TradingAspire.Gateway.Apis;
using TradingAspire.Gateway.Auth;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();
builder.AddGatewayAuthentication();                                 // bearer tokens from trading-api (docs/api.md#authentication)

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
public partial class Program;
