var builder = DistributedApplication.CreateBuilder(args);

// --- Storage: orders, executions, positions; market data ------------------------------------------
var postgres = builder.AddPostgresExecutable("postgres", port: 5432)
    .WithDataDirectory()                                        // native, kept in .tradingaspire/data/postgres
    .WithConfigurationFile("../config/postgresql.conf");
var trading = postgres.AddDatabase("trading");
var redis = builder.AddRedisExecutable("redis", port: 6379)
    .WithConfigurationFile("../config/redis.conf")
    .WithPersistence();                                         // AOF, appendfsync everysec

// --- Schema: db/migrations/*.sql applied once each (DbUp), then the resource exits 0 ----------------
var migrations = builder.AddProject<Projects.TradingAspire_MigrationService>("migrations")
    .WithReference(trading).WaitFor(trading);

// --- Execution gateway: fills orders, simulates the market, streams ticks --------------------------
var gateway = builder.AddProject<Projects.TradingAspire_Gateway>("gateway")
    .WithHttpEndpoint(port: 3000)
    .WithReference(trading).WaitForCompletion(migrations)       // orders, executions, positions
    .WithReference(redis).WaitFor(redis)                        // prices, ticks, executions channel
    .WithHttpHealthCheck("/health");

builder.Build().Run();
