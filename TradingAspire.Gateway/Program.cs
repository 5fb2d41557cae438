using TradingAspire.Gateway;
using TradingAspire.Gateway.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

app.UseWebSockets();
app.MapOrdersApi();
app.MapPositionsApi();
app.MapMarketApi();
app.MapMarketStreams();
app.MapDefaultEndpoints();

app.Run();
public partial class Program;
