namespace Aspire.Hosting;

/// <summary>
/// Publish mode of <see cref="PostgresExecutableResource"/>: Aspire.Hosting.PostgreSQL's container resource in its
/// place, so <c>aspire publish</c> describes PostgreSQL as a cluster runs it (image, data volume, connection string).
/// </summary>
public static class PostgresPublishBuilderExtensions
{
    /// <summary>Where <c>WithConfigurationFile</c>'s file is mounted in the container (read-only).</summary>
    public const string ContainerConfigurationFile = "/etc/postgresql/postgresql.conf";

    /// <summary>
    /// In publish mode (<c>aspire publish</c>, <c>--operation publish</c>) replaces the executable with Aspire's
    /// <c>AddPostgres</c> container resource of the same name, port, user name and password parameter, with a data
    /// volume (<c>WithDataVolume</c>), the configuration file of <c>WithConfigurationFile</c> mounted at
    /// <see cref="ContainerConfigurationFile"/> (and <c>listen_addresses=*</c>) and the same "fast" shutdown. Databases
    /// added with <c>AddDatabase</c> (before or after this call) become Aspire's <c>PostgresDatabaseResource</c>s of the
    /// same names; references to the executable's resources resolve to the containers'. In run mode it does nothing.
    /// Call it last in the server's chain: settings made after it do not reach the container.
    /// </summary>
    /// <param name="builder">The executable server's builder.</param>
    /// <param name="configure">Further configuration of the container resource (publish mode only).</param>
    /// <returns>The same builder (still the executable's, so Program.cs reads the same in both modes).</returns>
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
}
