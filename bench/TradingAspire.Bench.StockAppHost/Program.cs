// The same resources, wiring, start order and health checks as TradingAspire.AppHost, written with stock Aspire
// (AddExecutable, AddProject, WithEnvironment) instead of TradingAspire.Hosting's integrations. It expects what those
// integrations would otherwise prepare: an initialised PostgreSQL data directory holding the "trading" database and the
// UI's node_modules. Configuration (the benchmark passes it on the command line):
//   Bench:StateDirectory   absolute; holds data/postgres (initialised, owned by the postgres user) and data/redis
//   Parameters:postgres-password, Parameters:redis-password   the PostgreSQL superuser password of that data
//                          directory, and the password Redis requires
//   Parameters:auth-signing-key, Parameters:trader-password, Parameters:strategy-client-secret   the access-token
//                          key and the logins (docs/api.md#authentication)
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using TradingAspire.Bench.StockAppHost;

var builder = DistributedApplication.CreateBuilder(args);
var state = builder.Configuration["Bench:StateDirectory"]
    ?? throw new InvalidOperationException("Bench:StateDirectory is not set. Expected an absolute directory holding data/postgres, e.g. --Bench:StateDirectory=/tmp/state.");
var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
var postgresBin = Directory.EnumerateDirectories("/usr/lib/postgresql").Order().Last();

var postgresPassword = builder.AddParameter("postgres-password", secret: true);
var redisPassword = builder.AddParameter("redis-password", secret: true);
var authSigningKey = builder.AddParameter("auth-signing-key", secret: true);
var traderPassword = builder.AddParameter("trader-password", secret: true);
var strategyClientSecret = builder.AddParameter("strategy-client-secret", secret: true);

// --- PostgreSQL as the postgres user (it refuses root), TCP on loopback only ---------------------------------------
var postgres = builder.AddExecutable("postgres", "/usr/bin/setpriv", root)
    .WithEndpoint(port: 5432, scheme: "tcp", name: "tcp");
var postgresEndpoint = postgres.GetEndpoint("tcp");
postgres.WithArgs(
    "--reuid=postgres", "--regid=postgres", "--init-groups", Path.Combine(postgresBin, "bin", "postgres"),
    "-D", Path.Combine(state, "data", "postgres"), "-p", postgresEndpoint.Property(EndpointProperty.TargetPort), "-k", "",
    "-c", "listen_addresses=127.0.0.1");
var trading = ReferenceExpression.Create(
    $"Host=127.0.0.1;Port={postgresEndpoint.Property(EndpointProperty.Port)};Username=postgres;Password={postgresPassword};Database=trading");
builder.Services.AddHealthChecks().AddNpgSql(
    _ => $"Host=127.0.0.1;Port={postgresEndpoint.Port};Username=postgres;Password={builder.Configuration["Parameters:postgres-password"]};Database=trading;Timeout=3",
    name: "postgres_check");
postgres.WithHealthCheck("postgres_check");

// --- Redis with the same settings file, password and AOF persistence ---------------------------------------------
var redis = builder.AddExecutable("redis", "redis-server", root)
    .WithEndpoint(port: 6379, scheme: "tcp", name: "tcp");
var redisEndpoint = redis.GetEndpoint("tcp");
redis.WithArgs(
    Path.Combine(root, "config", "redis.conf"), "--port", redisEndpoint.Property(EndpointProperty.TargetPort), "--bind", "127.0.0.1",
    "--requirepass", redisPassword, "--dir", Path.Combine(state, "data", "redis"), "--appendonly", "yes", "--appendfsync", "everysec");
var redisConnection = ReferenceExpression.Create($"127.0.0.1:{redisEndpoint.Property(EndpointProperty.Port)},password={redisPassword}");
// What WithReference injects for the Python services (Aspire's Uri connection properties; tradingaspire_common.config).
var tradingUri = ReferenceExpression.Create($"postgresql://postgres:{postgresPassword:uri}@127.0.0.1:{postgresEndpoint.Property(EndpointProperty.Port)}/trading");
var redisUri = ReferenceExpression.Create($"redis://:{redisPassword:uri}@127.0.0.1:{redisEndpoint.Property(EndpointProperty.Port)}");
builder.Services.AddHealthChecks().AddRedis(
    _ => $"127.0.0.1:{redisEndpoint.Port},password={builder.Configuration["Parameters:redis-password"]}",
    name: "redis_check");
redis.WithHealthCheck("redis_check");

// --- Schema, gateway -------------------------------------------------------------------------------------------------
var migrations = builder.AddProject<Projects.TradingAspire_MigrationService>("migrations")
    .WithEnvironment("Migrations__Directory", Path.Combine(root, "db", "migrations"))
    .WithEnvironment("ConnectionStrings__trading", trading)
    .WaitFor(postgres);

var gateway = builder.AddProject<Projects.TradingAspire_Gateway>("gateway")
    .WithHttpEndpoint(port: 3000)
    .WithEnvironment("ConnectionStrings__trading", trading).WaitForCompletion(migrations)
    .WithEnvironment("ConnectionStrings__redis", redisConnection).WaitFor(redis)
    .WithEnvironment("Auth__SigningKey", authSigningKey)
    .WithHttpHealthCheck("/health");

// --- Python: uvicorn (reloading, as in Development) and the strategy worker -----------------------------------------
var python = Path.Combine(root, "apps");
var api = builder.AddExecutable("trading-api", "/usr/bin/python3", Path.Combine(python, "trading-api"))
    .WithHttpEndpoint(port: 8000, env: "PORT");
var apiEndpoint = api.GetEndpoint("http");
api.WithArgs("-m", "uvicorn", "trading_api.main:app", "--host", "127.0.0.1", "--port", apiEndpoint.Property(EndpointProperty.TargetPort), "--reload")
    .WithPythonEnvironment(python)
    .WithEnvironment("TRADING_URI", tradingUri).WaitForCompletion(migrations)
    .WithEnvironment("REDIS_URI", redisUri).WaitFor(redis)
    .WithReference(gateway).WaitFor(gateway)
    .WithEnvironment("AUTH_SIGNING_KEY", authSigningKey)
    .WithEnvironment("AUTH_TRADER_PASSWORD", traderPassword)
    .WithEnvironment("AUTH_STRATEGY_CLIENT_SECRET", strategyClientSecret)
    .WithHttpHealthCheck("/health");

builder.AddExecutable("strategy", "/usr/bin/python3", Path.Combine(python, "strategy"), "-m", "strategy")
    .WithPythonEnvironment(python)
    .WithEnvironment("REDIS_URI", redisUri).WaitFor(redis)
    .WithEnvironment("services__trading-api__http__0", apiEndpoint).WaitFor(api)
    .WithEnvironment("AUTH_CLIENT_SECRET", strategyClientSecret);

// --- Vite dev server, as `npm run dev -- --port {port}` -------------------------------------------------------------
var ui = builder.AddExecutable("trading-ui", "npm", Path.Combine(python, "trading-ui"), "run", "dev", "--", "--port")
    .WithHttpEndpoint(port: 5173, env: "PORT");
var uiEndpoint = ui.GetEndpoint("http");
ui.WithArgs(uiEndpoint.Property(EndpointProperty.TargetPort))
    .WithOtlpExporter()
    .WithEnvironment("services__trading-api__http__0", apiEndpoint).WaitFor(api)
    .WithReference(gateway).WaitFor(gateway)
    .WithHttpHealthCheck("/");

builder.Build().Run();
