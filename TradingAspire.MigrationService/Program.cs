using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TradingAspire.MigrationService;

// The "migrations" resource: applies db/migrations/*.sql once each, then exits.
// Exit codes: 0 up to date, 1 a script failed or the database is unreachable, 2 configuration is missing or wrong.
var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
// A run-once program serves no /health: the background health check runs that AddServiceDefaults schedules (once a
// second, the first at start) would only add start-up work on the critical path (docs/performance.md).
builder.Services.RemoveAll<IHealthCheckPublisher>();
builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);

using var host = builder.Build();
var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TradingAspire.MigrationService");
var settings = MigrationSettings.Read(builder.Configuration, Environment.CurrentDirectory, out var error);
if (settings is null)
{
    logger.LogError("{Error}", error);
    return 2;
}

await host.StartAsync();
var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
var exitCode = await new DatabaseMigrator(settings, host.Services.GetRequiredService<ILoggerFactory>())
    .RunAsync(lifetime.ApplicationStopping);
await host.StopAsync();
return exitCode;
