using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Cli;
using TradingAspire.Hosting.Orchestration.Processes;
using TradingAspire.Hosting.Resources.Postgres;

namespace TradingAspire.Hosting;

/// <summary><c>AddPostgres</c>, <c>AddDatabase</c>, <c>WithDataDirectory</c>, <c>WithMigrations</c>.</summary>
public static class PostgresBuilderExtensions
{
    /// <summary>
    /// Adds a native PostgreSQL server (port 5432 unless <paramref name="port"/>), initialised on first start with a
    /// generated password (kept in <c>{state}/secrets/{name}.password</c>) unless <paramref name="password"/> is given.
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource>? userName = null,
        IResourceBuilder<ParameterResource>? password = null, int? port = null)
    {
        var command = PostgresBinaries.BinDirectory is { } bin ? Path.Combine(bin, "postgres") : "postgres";
        var server = new PostgresServerResource(name, command, userName?.Resource, password?.Resource, builder.ExecutionContext);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ICliCommandContributor, DbCliCommands>());
        var resource = builder.AddResource(server)
            .WithEndpoint(port: port ?? 5432, scheme: "tcp", name: "tcp")
            .WithAnnotation(new StopSignalAnnotation(PosixSignals.SIGINT))
            .WithAnnotation(new BeforeResourceStartAnnotation(context =>
            {
                if (PostgresBinaries.BinDirectory is null)
                {
                    throw new InvalidOperationException($"PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/postgres. {PostgresBinaries.InstallHint}");
                }

                return PostgresDataDirectory.PrepareAsync(context, server);
            }))
            .WithArgs(context =>
            {
                var paths = server.Paths(context.ExecutionContext.ServiceProvider);
                context.Args.Add("-D");
                context.Args.Add(paths.DataDirectory);
                context.Args.Add("-p");
                context.Args.Add(server.Endpoint.Port.ToString(CultureInfo.InvariantCulture));
                context.Args.Add("-k");
                context.Args.Add(paths.SocketFits(server.Endpoint.Port) ? paths.SocketDirectory : ""); // "": TCP only
                context.Args.Add("-c");
                context.Args.Add("listen_addresses=127.0.0.1");
            })
            .WithHealthCheck($"{name}_select_1", _ => new PostgresHealthCheck(server));
        if (PostgresDataDirectory.RunsAsRoot)
        {
            resource.WithAnnotation(new RunAsUserAnnotation("postgres"));
        }

        return resource;
    }

    /// <summary>Keeps the data in <paramref name="path"/> (relative to the AppHost), or <c>{state}/data/{name}</c> when null.</summary>
    public static IResourceBuilder<PostgresServerResource> WithDataDirectory(this IResourceBuilder<PostgresServerResource> builder, string? path = null)
    {
        builder.Resource.DataDirectoryOverride = path;
        return builder;
    }

    /// <summary>Adds a database, created when missing once the server is healthy and before any dependent starts.</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<PostgresServerResource> builder, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.Resource.Databases.Add(database);
        return builder.ApplicationBuilder.AddResource(database)
            .WithAnnotation(new WaitAnnotation(builder.Resource, WaitType.WaitUntilHealthy))
            .WithAnnotation(new ResourceRelationshipAnnotation(builder.Resource, "Parent"))
            .WithAnnotation(new CustomResourceRunnerAnnotation(context => PostgresDatabaseRunner.RunAsync(context, database)))
            .WithHealthCheck($"{name}_select_1", _ => new PostgresHealthCheck(database))
            .WithCommand("migrate", "Migrate", c => PostgresDatabaseCommands.MigrateAsync(database, c.CancellationToken), "Apply pending migrations")
            .WithCommand("status", "Migration status", c => PostgresDatabaseCommands.StatusAsync(database, c.CancellationToken), "List applied and pending migrations")
            .WithCommand("backup", "Backup", c => PostgresDatabaseCommands.BackupAsync(database, c.Services, c.Arguments.FirstOrDefault(), c.CancellationToken),
                "pg_dump -Fc to backups/")
            .WithCommand("restore", "Restore latest backup", c => PostgresDatabaseCommands.RestoreAsync(database, c.Services,
                    c.Arguments.FirstOrDefault() ?? LatestBackup(c.Services, database), c.CancellationToken),
                "pg_restore --clean from a backup file (the latest under backups/ from the dashboard)", "Replace the database contents with the latest backup?")
            .WithCommand("reset", "Reset", c => PostgresDatabaseCommands.ResetAsync(database, c.CancellationToken),
                "Drop, recreate and migrate the database", "Drop every row of the database and recreate it?");
    }

    /// <summary>Applies the numbered <c>.sql</c> files of <paramref name="path"/> (relative to the AppHost) before dependents start.</summary>
    public static IResourceBuilder<PostgresDatabaseResource> WithMigrations(this IResourceBuilder<PostgresDatabaseResource> builder, string path)
    {
        builder.Resource.MigrationsDirectory = Path.GetFullPath(Path.Combine(builder.ApplicationBuilder.AppHostDirectory, path));
        return builder;
    }

    private static string LatestBackup(IServiceProvider services, PostgresDatabaseResource database)
    {
        var directory = Path.Combine(services.GetRequiredService<ApplicationPaths>().RepositoryRoot, "backups");
        return Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, $"{database.DatabaseName}-*.dump").Order().LastOrDefault() ?? Path.Combine(directory, "(none)")
            : Path.Combine(directory, "(none)");
    }
}
