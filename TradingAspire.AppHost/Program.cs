using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

// The trading system: `dotnet run` (or F5, or `aspire run`) starts every resource natively in dependency order with the
// Aspire dashboard. Tests start this same definition through Aspire.Hosting.Testing.
var builder = DistributedApplication.CreateBuilder(args);
builder.AddDotEnvFiles("..");                                       // {repository}/.env, then .env.local (git-ignored); below environment and command line
// Launch profile "production" (DOTNET_ENVIRONMENT=Production; run with -c Release so the .NET services are Release builds):
// uvicorn workers instead of --reload, and clients connect to each process directly instead of through DCP's proxy.
var development = builder.Environment.IsDevelopment();
builder.AddUserSecretsInEveryEnvironment(typeof(Program).Assembly);  // the passwords a Development run generated
if (builder.Configuration.GetValue<double?>("Telemetry:TraceSampleRatio") is { } traceSampleRatio)
{
    builder.WithTraceSampling(traceSampleRatio);                    // production: 0.1 (appsettings.Production.json)
}

builder.AddResourceLogFiles();                                      // logs/<resource>.log, rotated (10 MiB x 5)
builder.AddTradingAspireChecks();                                   // WaitFor cycles, taken ports, ordered shutdown

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
var migrations = builder.AddProject<Projects.TradingAspire_MigrationService>("migrations")
    .WithEnvironment("Migrations__Directory", builder.ExecutionContext.IsPublishMode
        ? "/app/db/migrations"                                      // in the image (TradingAspire.MigrationService.csproj)
        : Path.GetFullPath(builder.Configuration["Migrations:Directory"] ?? "../db/migrations", builder.AppHostDirectory))
    .WithReference(trading).WaitFor(trading);
trading.WithDatabaseCommands("../backups", migrations);             // backup, restore, reset (dashboard and aspire CLI)

// --- Execution gateway: fills orders, simulates the market, streams ticks ------------------------------------------
var gateway = builder.AddProject<Projects.TradingAspire_Gateway>("gateway")
    .WithHttpEndpoint(port: 3000, isProxied: development)
    .WithReference(trading).WaitForCompletion(migrations)           // orders, executions, positions
    .WithReference(redis).WaitFor(redis)                            // prices, ticks, executions channel
    .WithHttpHealthCheck("/health")
    .WithMetricsEndpoint()
    .WithRestartPolicy()                                            // crash → back after 1 s, 2 s, 4 s; at most 3 in 5 min
    .PublishAsKubernetesService(service => service.SingleInstance = true); // single writer: one pod, replaced with Recreate

// --- Trading API: REST for clients and the UI (Python, FastAPI on uvicorn) -----------------------------------------
var api = builder.AddUvicornApp("trading-api", "../apps/trading-api", "trading_api.main:app")
    .WithEndpoint("http", endpoint => (endpoint.Port, endpoint.IsProxied) = (8000, development))
    .WithWorkers(builder.Configuration.GetValue("TradingApi:Workers", 1)) // production: 2 (appsettings.Production.json)
    .WithPythonPath("../common")                                    // apps/common: configuration, telemetry
    .WithReference(trading).WaitForCompletion(migrations)           // reads orders
    .WithReference(redis).WaitFor(redis)                            // prices, ticks, strategy heartbeat
    .WithReference(gateway).WaitFor(gateway)                        // places orders
    .WithHttpHealthCheck("/health")
    .WithMetricsEndpoint()
    .WithRestartPolicy();

// --- Strategy: moving-average crossover worker (Python) ------------------------------------------------------------
builder.AddPythonModule("strategy", "../apps/strategy", "strategy")
    .WithPythonPath("../common")
    .WithReference(redis).WaitFor(redis)                            // ticks, heartbeat
    .WithReference(api).WaitFor(api)                                // places orders
    .WithRestartPolicy();

// --- Trading UI: live chart, order ticket, blotter, positions, health (React + Vite) -------------------------------
builder.AddViteApp("trading-ui", "../apps/trading-ui")
    .WithNpm()                                                      // npm ci when node_modules is missing or stale
    .WithEndpoint("http", endpoint => endpoint.Port = 5173)
    .WithReference(api).WaitFor(api)                                // /api proxied to trading-api
    .WithReference(gateway).WaitFor(gateway)                        // /ws proxied to the gateway
    .WithHttpHealthCheck("/")
    .WithRestartPolicy();

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
