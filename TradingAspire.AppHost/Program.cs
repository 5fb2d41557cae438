using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

// The trading system: `dotnet run` (or F5, or `aspire run`) starts every resource natively in dependency order with the
// Aspire dashboard. Tests start this same definition through Aspire.Hosting.Testing.
var builder = DistributedApplication.CreateBuilder(args);
try
{
    builder.AddDotEnvFiles("..");                                   // {repository}/.env, then .env.local (git-ignored); below environment and command line
}
catch (DotEnvFormatException error)
{
    return ConfigurationError(error.Message);                       // names the file, the line and the expected form
}

// Launch profile "production" (DOTNET_ENVIRONMENT=Production; run with -c Release so the .NET services are Release builds):
// uvicorn workers instead of --reload, and clients connect to each process directly instead of through DCP's proxy.
var development = builder.Environment.IsDevelopment();
// The services exit with code 2 on a configuration error (a bad setting, named on their stderr): restarting cannot help,
// so their restart policy leaves them down at once, state "Exited with code 2: not restarted, ...".
const int ConfigurationErrorExitCode = 2;
builder.AddUserSecretsInEveryEnvironment(typeof(Program).Assembly);  // the passwords a Development run generated
if (builder.Configuration.GetValue<double?>("Telemetry:TraceSampleRatio") is { } traceSampleRatio)
{
    builder.WithTraceSampling(traceSampleRatio);                    // production: 0.1 (appsettings.Production.json)
}

builder.AddResourceLogFiles();                                      // logs/<resource>.log, rotated (10 MiB x 5)
builder.AddTradingAspireChecks();                                   // WaitFor cycles, unknown references, taken ports
builder.AddOrderedShutdown();                                       // dependents stop first, PostgreSQL fast, no process left
builder.AddStartupHealthPolling();                                  // a resource is seen healthy within 100 ms, not after Aspire's 1-5 s back-off

// --- Who may trade (docs/api.md#authentication): secrets generated on first run and kept in the AppHost's user secrets,
// as the database passwords are; the dashboard's Parameters show them; set Parameters:<name> to choose one.
var authSigningKey = builder.AddParameter("auth-signing-key", new GenerateParameterDefault { MinLength = 64, Special = false }, secret: true, persist: true)
    .WithDescription("HS256 key of every access token: trading-api signs, trading-api and the gateway check. Rotating it: docs/operations.md.");
var traderPassword = builder.AddParameter("trader-password", new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: true)
    .WithDescription("Password of the trader 'trader' (the UI's login; POST /auth/token grant_type=password).");
var strategyClientSecret = builder.AddParameter("strategy-client-secret", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true)
    .WithDescription("Client secret of the strategy (POST /auth/token grant_type=client_credentials, client_id strategy).");
// Lifetime of an access token: Auth:TokenMinutes (default 60), or Auth:TokenSeconds, which wins when set, for one under a
// minute (the end-to-end tests' 30 s tokens, renewed within seconds). trading-api gets the one used.
string? tokenMinutes = builder.Configuration["Auth:TokenMinutes"], tokenSeconds = builder.Configuration["Auth:TokenSeconds"];
var (tokenUnit, tokenLifetime, tokenLow, tokenHigh, tokenExample) = string.IsNullOrEmpty(tokenSeconds)
    ? ("Minutes", string.IsNullOrEmpty(tokenMinutes) ? "60" : tokenMinutes, 1, 1440, 60) : ("Seconds", tokenSeconds, 10, 86400, 30);
if (!int.TryParse(tokenLifetime, NumberStyles.None, CultureInfo.InvariantCulture, out var tokenValue) || tokenValue < tokenLow || tokenValue > tokenHigh)
{
    return ConfigurationError($"Auth:Token{tokenUnit} is {tokenLifetime}; it must be a whole number of {tokenUnit.ToLowerInvariant()} from {tokenLow} to {tokenHigh} " +
        $"(example: --Auth:Token{tokenUnit}={tokenExample}).");
}

// --- Storage: orders, executions, positions; market data -----------------------------------------------------
var postgres = builder.AddPostgresExecutable("postgres", port: 5432)
    .WithDataDirectory()                                            // kept in .tradingaspire/data/postgres
    .WithConfigurationFile("../config/postgresql.conf")
    .WithEndpoint("tcp", endpoint => endpoint.IsProxied = development)
    .WithRestartPolicy()
    .PublishAsContainer();                                          // publish: Aspire's PostgreSQL container + data volume
var trading = postgres.AddDatabase("trading");

var redis = builder.AddRedisExecutable("redis", port: 6379)
    .WithConfigurationFile("../config/redis.conf")
    .WithPersistence()                                              // AOF, appendfsync everysec
    .WithEndpoint("tcp", endpoint => endpoint.IsProxied = development)
    .WithRestartPolicy()
    .PublishAsContainer();                                          // publish: Aspire's Redis container + data volume

// --- Schema: db/migrations/*.sql applied once each (DbUp), then the resource exits 0 -----------------------------
var migrationsDirectory = Path.GetFullPath(builder.Configuration["Migrations:Directory"] ?? "../db/migrations", builder.AppHostDirectory);
var migrations = builder.AddProject<Projects.TradingAspire_MigrationService>("migrations")
    .WithDirectLaunch()                                             // its built program, not `dotnet run` (F5: the IDE launches it)
    .WithEnvironment("Migrations__Directory", builder.ExecutionContext.IsPublishMode
        ? "/app/db/migrations"                                      // in the image (TradingAspire.MigrationService.csproj)
        : migrationsDirectory)
    .WithReference(trading).WaitFor(trading);
trading.WithDatabaseCommands("../backups", migrations);             // backup, restore, reset (dashboard and aspire CLI)

// --- Execution gateway: fills orders, simulates the market, streams ticks ------------------------------------------
var gateway = builder.AddProject<Projects.TradingAspire_Gateway>("gateway")
    .WithDirectLaunch()                                             // its built program: the pid shown is the gateway's own
    .WithRebuildOnChange()                                          // Development: a saved .cs rebuilds and restarts it
    .WithHttpEndpoint(port: 3000, isProxied: development)
    .WithReference(trading);                                        // orders, executions, positions
if (builder.ExecutionContext.IsPublishMode)
{
    gateway.WaitForCompletion(migrations);                          // chart: the pod waits for the migrations Job
}
else
{
    // Starts beside the migrations: its order path stays closed (503, /health Unhealthy naming the script) until the
    // newest script is in the migrations' journal, then it reads its book and turns healthy.
    gateway.WaitFor(trading).WithEnvironment("Gateway__SchemaVersion", MigrationScripts.Newest(migrationsDirectory));
}

gateway
    .WithReference(redis).WaitFor(redis)                            // prices, ticks
    .WithHttpHealthCheck("/health")
    .WithMetricsEndpoint()
    .WithEnvironment("Auth__SigningKey", authSigningKey)            // accepts tokens for the audience "gateway"
    .WithRestartPolicy(preventRestartExitCodes: [ConfigurationErrorExitCode]) // crash → back after 1 s, 2 s, 4 s; at most 3 in 5 min
    .WithLivenessProbe("/alive")                                    // hung (no /alive answer for 30 s) → killed, restarted
    .PublishAsKubernetesService(service => service.SingleInstance = true); // single writer: one pod, replaced with Recreate

// The .NET services run in the AppHost's environment (http profile: Development: an appsettings.Development.json if one is added,
// ASP.NET Core's development defaults; production profile or --environment Production: Production), as `dotnet run` of
// each would with a profile of that environment. Aspire passes a project only its own launchSettings.json profile (the
// one named as the AppHost's), and these have none: without this they ran as Production in every profile. Publish mode:
// nothing, the images keep .NET's default, Production.
if (builder.ExecutionContext.IsRunMode)
{
    foreach (var project in new[] { migrations, gateway })
    {
        project.WithEnvironment("DOTNET_ENVIRONMENT", builder.Environment.EnvironmentName)
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName);
    }
}

// --- Trading API: REST for clients and the UI (Python, FastAPI on uvicorn) -----------------------------------------
var api = builder.AddUvicornApp("trading-api", "../apps/trading-api", "trading_api.main:app")
    .WithEndpoint("http", endpoint => (endpoint.Port, endpoint.IsProxied) = (8000, development))
    .WithWorkers(builder.Configuration.GetValue("TradingApi:Workers", 1)) // production: 2 (appsettings.Production.json)
    .WithPythonPath("../common")                                    // apps/common: configuration, telemetry
    .WithReference(trading).WaitFor(trading)                        // its connection pool opens at start; orders are read per request
    .WithReference(redis).WaitFor(redis)                            // prices, ticks, strategy heartbeat
    .WithReference(gateway)                                         // places orders; /health says degraded until it answers
    .WithEnvironment("AUTH_SIGNING_KEY", authSigningKey)            // issues and checks tokens; its own for the gateway
    .WithEnvironment("AUTH_TRADER_PASSWORD", traderPassword)
    .WithEnvironment("AUTH_STRATEGY_CLIENT_SECRET", strategyClientSecret)
    .WithEnvironment($"AUTH_TOKEN_{tokenUnit.ToUpperInvariant()}", tokenLifetime)
    .WithHttpHealthCheck("/health")
    .WithMetricsEndpoint()
    .WithRestartPolicy(preventRestartExitCodes: [ConfigurationErrorExitCode])
    .WithLivenessProbe("/alive");

// --- Strategy: moving-average crossover worker (Python) ------------------------------------------------------------
builder.AddPythonModule("strategy", "../apps/strategy", "strategy")
    .WithPythonPath("../common")
    .WithReference(redis).WaitFor(redis)                            // ticks, heartbeat
    .WithReference(api)                                             // places orders, retried until trading-api answers
    .WithEnvironment("AUTH_CLIENT_ID", "strategy")                  // client_credentials at trading-api's /auth/token
    .WithEnvironment("AUTH_CLIENT_SECRET", strategyClientSecret)
    .WithRedisHeartbeatHealthCheck(redis, "strategy:heartbeat", TimeSpan.FromSeconds(15)) // written every 5 s
    .WithRestartPolicy(preventRestartExitCodes: [ConfigurationErrorExitCode])
    .WithLivenessProbe();                                           // no heartbeat for 30 s → killed, restarted

// --- Trading UI: live chart, order ticket, blotter, positions, health (React + Vite) -------------------------------
// Development: package.json's "dev", Vite's dev server (hot reload). Elsewhere the AppHost builds it first (`npm run build`:
// tsc, then vite build into dist/; "Building (npm run build)" in the dashboard, its output in the resource's log, a failed
// build fails the start), then runs "preview": `vite preview` serving dist/ with the same proxy. Both scripts `exec` Vite,
// so the stop's SIGTERM reaches it and it exits at once.
var ui = builder.AddViteApp("trading-ui", "../apps/trading-ui", runScriptName: development ? "dev" : "preview")
    .WithNpm()                                                      // npm ci when node_modules is missing or stale
    .WithEndpoint("http", endpoint => endpoint.Port = 5173)
    .WithReference(api)                                             // /api proxied to trading-api (Vite serves pages without it)
    .WithReference(gateway)                                         // /ws proxied to the gateway
    .WithHttpHealthCheck("/")
    .WithRestartPolicy();
if (development)
{
    // F5 stays one step: the login form comes filled in with the generated trader (never in the production profile).
    ui.WithEnvironment("TRADING_UI_LOGIN_USERNAME", "trader").WithEnvironment("TRADING_UI_LOGIN_PASSWORD", traderPassword);
}
else
{
    ui.WithBuildBeforeStart();                                      // npm run build before each start (above)
}

// --- Optional: Prometheus scraping every /metrics, PostgreSQL's and Redis's included (Prometheus:Enabled=true) ------
if (builder.Configuration.GetValue<bool>("Prometheus:Enabled"))
{
    builder.AddPrometheus("prometheus", port: 9090);
    postgres.WithPostgresExporter();                                // postgres-exporter: connections, transactions, cache hits
    redis.WithRedisExporter();                                      // redis-exporter: clients, memory, commands per second
}

// --- Deployable form: `aspire publish -o DIR` writes a Helm chart of all the above (docs/deploy.md) -------------------
builder.AddKubernetesEnvironment("k8s")
    .WithHelm(helm => helm.WithChartName("tradingaspire").WithChartDescription("TradingAspire: trading gateway, API, strategy and UI with PostgreSQL and Redis"));

builder.Build().Run();
return 0;

// Invalid configuration stops the AppHost before any process starts: the message on standard error, exit code 1.
static int ConfigurationError(string message)
{
    Console.Error.WriteLine(message);
    return 1;
}
