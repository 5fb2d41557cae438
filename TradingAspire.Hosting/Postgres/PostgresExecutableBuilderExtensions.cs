using Npgsql;

namespace Aspire.Hosting;

/// <summary>
/// PostgreSQL run natively (no container); in publish mode Aspire's <c>AddPostgres</c> container takes its place
/// (<c>PublishAsContainer</c>). Named apart from Aspire's <c>AddPostgres</c>, which an AppHost may reference too.
/// </summary>
public static class PostgresExecutableBuilderExtensions
{
    /// <summary>
    /// Adds a PostgreSQL server from the machine's installation (<c>pg_config --bindir</c>, <c>/usr/lib/postgresql/*/bin</c>
    /// or <c>%ProgramFiles%\PostgreSQL\*\bin</c>): <c>initdb</c> on first start (scram-sha-256), 127.0.0.1 only, as the
    /// <c>postgres</c> user when the AppHost is root. Health: <c>SELECT 1</c>.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name, also the connection string name.</param>
    /// <param name="userName">The superuser name; null for <c>postgres</c>.</param>
    /// <param name="password">The superuser password; null for a generated secret <c>{name}-password</c> (user secrets).</param>
    /// <param name="port">The port clients connect to; null for a random free port.</param>
    /// <example><code>var trading = builder.AddPostgresExecutable("postgres", port: 5432).WithDataDirectory().AddDatabase("trading");</code></example>
    public static IResourceBuilder<PostgresExecutableResource> AddPostgresExecutable(this IDistributedApplicationBuilder builder, [ResourceName] string name,
        IResourceBuilder<ParameterResource>? userName = null, IResourceBuilder<ParameterResource>? password = null, int? port = null)
        => builder.AddPostgresExecutable(name, userName, password, port, PostgresInstallation.Current);

    internal static IResourceBuilder<PostgresExecutableResource> AddPostgresExecutable(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ParameterResource>? userName, IResourceBuilder<ParameterResource>? password, int? port, PostgresInstallation installation)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var passwordParameter = password?.Resource ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var (command, leadingArguments) = installation.Platform.RunAs(installation.FindProgram("postgres") ?? "postgres", "postgres");
        var server = new PostgresExecutableResource(name, command, builder.AppHostDirectory, userName?.Resource, passwordParameter);

        // Without WithDataDirectory the data lives for one run of the app, as in a container without a volume.
        StateDirectory.DeleteWhenTheAppStops(builder, server, server.DataDirectory);

        var healthCheckKey = AddNpgSqlHealthCheck(builder, server, ";Database=postgres");
        PostgresAuthenticationHealthCheck.Wrap(builder, server, healthCheckKey);    // a refused password: why, how to fix it, no log flood
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (@event, ct) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            foreach (var database in builder.Resources.OfType<PostgresExecutableDatabaseResource>().Where(d => d.Parent == server))
            {
                if (await server.ExecuteScalarAsync("SELECT 1 FROM pg_database WHERE datname = $1", ct, database.DatabaseName).ConfigureAwait(false) is null)
                {
                    await server.ExecuteScalarAsync($"CREATE DATABASE {new NpgsqlCommandBuilder().QuoteIdentifier(database.DatabaseName)}", ct).ConfigureAwait(false);
                }

                // A database is no process: it runs when it exists on a ready server; its health check takes over from here.
                await notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow })
                    .ConfigureAwait(false);
            }
        });

        return builder.AddResource(server)
            .WithEndpoint(port: port, scheme: "tcp", name: PostgresExecutableResource.PrimaryEndpointName)
            .WithIconName("DatabaseMultiple")
            .WithShutdownSignal(ShutdownSignal.Interrupt)               // "fast" shutdown: rolls back, disconnects clients, no crash recovery next time
            .WithInstallCheck(_ => installation.FindBinDirectory() is null ? installation.NotInstalledMessage : null)
            .WithStartPreparation((_, @event, ct) =>
            {
                var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
                var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
                return PostgresDataDirectory.PrepareAsync(server, installation, server.SettingsFile,
                    text => notifications.PublishUpdateAsync(server, s => s with { State = new(text, KnownResourceStateStyles.Info) }), logger, ct);
            })
            .WithArgs(context =>
            {
                // No Unix socket (-k ""): every client of the AppHost connects over TCP.
                foreach (var argument in (object[])[.. leadingArguments, "-D", server.DataDirectory,
                    "-p", server.PrimaryEndpoint.Property(EndpointProperty.TargetPort), "-k", "", "-c", "listen_addresses=127.0.0.1"])
                {
                    context.Args.Add(argument);
                }
            })
            .WithHealthCheck(healthCheckKey);
    }

    /// <summary>
    /// Keeps the data between runs in <paramref name="path"/> (relative to the AppHost directory), or in
    /// <c>{TradingAspire:StateDirectory}/data/{name}</c> when null. Without it each run starts empty in a temporary
    /// directory, deleted when the app stops gracefully.
    /// </summary>
    public static IResourceBuilder<PostgresExecutableResource> WithDataDirectory(this IResourceBuilder<PostgresExecutableResource> builder, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithAnnotation(new DataDirectoryAnnotation(StateDirectory.DataDirectoryFor(builder.ApplicationBuilder, builder.Resource.Name, path)),
            ResourceAnnotationMutationBehavior.Replace);
        // As root PostgreSQL runs as 'postgres': its data must be where that user can reach (checked before any process starts).
        var server = builder.Resource;
        builder.ApplicationBuilder.Eventing.Subscribe<BeforeStartEvent>((e, ct) => PostgresDataPlacement.PlaceAsync(server, HostPlatform.Current,
            e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Aspire.Hosting.Postgres"), ct));
        return builder;
    }

    /// <summary>Includes the settings of a postgresql.conf-style file (relative to the AppHost directory) at every start.</summary>
    public static IResourceBuilder<PostgresExecutableResource> WithConfigurationFile(this IResourceBuilder<PostgresExecutableResource> builder, string path)
        => ConfigurationFileAnnotation.Set(builder, path);

    /// <summary>
    /// Adds a database, created (when missing) once the server is ready; healthy when <c>SELECT 1</c> succeeds in it.
    /// Referencing it injects <c>ConnectionStrings__{name}</c> and its connection properties (<c>{NAME}_HOST</c>, <c>_PORT</c>,
    /// <c>_USERNAME</c>, <c>_PASSWORD</c>, <c>_DATABASENAME</c>, <c>_URI</c>, <c>_JDBCCONNECTIONSTRING</c>).
    /// </summary>
    /// <param name="builder">The server's builder.</param>
    /// <param name="name">The resource name, also the connection string name.</param>
    /// <param name="databaseName">The database name on the server; <paramref name="name"/> when null.</param>
    public static IResourceBuilder<PostgresExecutableDatabaseResource> AddDatabase(this IResourceBuilder<PostgresExecutableResource> builder,
        [ResourceName] string name, string? databaseName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var database = new PostgresExecutableDatabaseResource(name, databaseName ?? name, builder.Resource);
        if (builder.Resource.PublishedResource is { } published)  // publish mode, after PublishAsContainer: Aspire's database
        {
            database.Annotations.Add(new PublishedResourceAnnotation(
                builder.ApplicationBuilder.CreateResourceBuilder(published).AddDatabase(name, database.DatabaseName).Resource));
            return builder.ApplicationBuilder.CreateResourceBuilder(database);
        }

        var healthCheckKey = AddNpgSqlHealthCheck(builder.ApplicationBuilder, database, "");
        return builder.ApplicationBuilder.AddResource(database)
            .WithParentRelationship(builder.Resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = new ResourceStateSnapshot("Waiting for " + builder.Resource.Name, KnownResourceStateStyles.Info),
                Properties = [new("postgres.database", database.DatabaseName)],
            })
            .WithIconName("Database")
            .WithHealthCheck(healthCheckKey);
    }

    /// <summary>Where <c>WithConfigurationFile</c>'s file is mounted in the container (read-only).</summary>
    public const string ContainerConfigurationFile = "/etc/postgresql/postgresql.conf";

    /// <summary>
    /// In publish mode replaces the executable with Aspire's <c>AddPostgres</c> container of the same name, port, user and
    /// password, with a data volume, <c>WithConfigurationFile</c>'s file at <see cref="ContainerConfigurationFile"/> and
    /// the same "fast" shutdown; databases (added before or after) become Aspire's. In run mode it does nothing. Call it
    /// last: settings made after it do not reach the container.
    /// </summary>
    /// <param name="builder">The executable server's builder.</param>
    /// <param name="configure">Further configuration of the container resource (publish mode only).</param>
    /// <returns>The same (executable's) builder.</returns>
    /// <example><code>var postgres = builder.AddPostgresExecutable("postgres", port: 5432).WithDataDirectory().PublishAsContainer();</code></example>
    public static IResourceBuilder<PostgresExecutableResource> PublishAsContainer(this IResourceBuilder<PostgresExecutableResource> builder,
        Action<IResourceBuilder<PostgresServerResource>>? configure = null)
        => PublishedContainer.Replace(builder, PostgresExecutableResource.PrimaryEndpointName, (application, server, port) =>
        {
            var container = application.AddPostgres(server.Name,
                    server.UserNameParameter is null ? null : application.CreateResourceBuilder(server.UserNameParameter),
                    application.CreateResourceBuilder(server.PasswordParameter), port)
                .WithDataVolume()
                .WithAnnotation(new ShutdownSignalAnnotation(ShutdownSignal.Interrupt)); // fast shutdown: a preStop in Kubernetes
            if (server.SettingsFile is { } settingsFile)
            {
                container.WithBindMount(settingsFile, ContainerConfigurationFile, isReadOnly: true).WithArgs("-c", $"config_file={ContainerConfigurationFile}");
            }

            return container.WithArgs("-c", "listen_addresses=*");
        }, container =>
        {
            var application = builder.ApplicationBuilder;
            foreach (var database in application.Resources.OfType<PostgresExecutableDatabaseResource>().Where(d => d.Parent == builder.Resource).ToList())
            {
                application.Resources.Remove(database);
                PublishedContainer.RemoveHealthCheck(application, database.Name);
                database.Annotations.Add(new PublishedResourceAnnotation(container.AddDatabase(database.Name, database.DatabaseName).Resource));
            }

            configure?.Invoke(container);
        });

    /// <summary>Registers the health check <c>{name}_check</c> (<c>SELECT 1</c>) on the connection string plus <paramref name="suffix"/>.</summary>
    private static string AddNpgSqlHealthCheck(IDistributedApplicationBuilder builder, IResourceWithConnectionString resource, string suffix)
    {
        string? value = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(resource, async (_, ct) =>
            value = await resource.ConnectionStringExpression.GetValueAsync(ct).ConfigureAwait(false));
        var key = $"{resource.Name}_check";
        // No GSS encryption (local server): with Npgsql's default (Prefer) a failed open, a refused password too, is tried again without it.
        // No pool: restore, reset and restarts end the sessions, and a pooled one's next use reads that (57P01, an Unhealthy run).
        builder.Services.AddHealthChecks().AddNpgSql(_ => (value ?? throw new InvalidOperationException(
            $"The connection string of '{resource.Name}' is not available yet.")) + ";GSS Encryption Mode=Disable;Pooling=false" + suffix, name: key);
        return key;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> (<c>$1</c>... for <paramref name="parameters"/>) in the <c>postgres</c> database and returns
    /// the first column of the first row. Not pooled: the session must not keep a database busy, and after a restart a pooled
    /// connection is to the killed server and reads its last word (57P01).
    /// </summary>
    internal static async Task<object?> ExecuteScalarAsync(this PostgresExecutableResource server, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(await server.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false) + ";Database=postgres;Pooling=false");
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters.Select(value => new NpgsqlParameter { Value = value }).ToArray());
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
