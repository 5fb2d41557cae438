namespace TradingAspire.Hosting.Tests;

/// <summary>The PostgreSQL integration's model, without processes: resources, endpoint, args, parameters, connection strings.</summary>
public sealed class PostgresModelTests() : TemporaryDirectoryTest("pgmodel-")
{
    private const string Bin15 = "/usr/lib/postgresql/15/bin";

    internal static IDistributedApplicationTestingBuilder CreateBuilder() => CreateHeadlessBuilder();

    private static async Task<string?> ConnectionStringAsync(IResourceWithConnectionString resource)
        => await resource.ConnectionStringExpression.GetValueAsync(CancellationToken.None);

    /// <summary>A Debian layout with PostgreSQL 15 installed, on a faked platform (root or not).</summary>
    internal static PostgresInstallation Debian15(bool root)
        => new(new HostPlatform(IsWindows: false, IsRoot: root), path => path == Path.Combine(Bin15, "postgres"),
            dir => dir == "/usr/lib/postgresql" ? ["/usr/lib/postgresql/15"] : [], () => null, "/nonexistent");

    [Fact]
    public void Server_and_database_are_resources_of_their_types_with_a_tcp_endpoint_on_the_given_port()
    {
        var builder = CreateBuilder();
        var server = builder.AddPostgresExecutable("postgres", null, null, 5432, Debian15(root: false));
        var trading = server.AddDatabase("trading");
        var reports = server.AddDatabase("reports", "reporting");

        Assert.IsType<PostgresExecutableResource>(Assert.Single(builder.Resources.OfType<PostgresExecutableResource>()));
        Assert.Equal(["trading", "reports"], builder.Resources.OfType<PostgresExecutableDatabaseResource>().Select(d => d.Name));
        var endpoint = Assert.Single(server.Resource.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal(("tcp", "tcp", 5432), (endpoint.Name, endpoint.UriScheme, endpoint.Port));
        Assert.Equal(PostgresExecutableResource.PrimaryEndpointName, server.Resource.PrimaryEndpoint.EndpointName);

        Assert.Same(server.Resource, trading.Resource.Parent);
        Assert.Equal("trading", trading.Resource.DatabaseName);
        Assert.Equal("reporting", reports.Resource.DatabaseName);
        Assert.Contains(trading.Resource.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Resource == server.Resource && r.Type == "Parent");
        Assert.Contains(server.Resource.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key == "postgres_check");
        Assert.Contains(trading.Resource.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key == "trading_check");
    }

    [Fact]
    public void Endpoint_port_is_left_to_aspire_when_not_given()
    {
        var builder = CreateBuilder();
        var server = builder.AddPostgresExecutable("pg", null, null, null, Debian15(root: false));

        Assert.Null(Assert.Single(server.Resource.Annotations.OfType<EndpointAnnotation>()).Port);
    }

    [Fact]
    public async Task As_root_the_server_runs_through_setpriv_as_postgres_on_the_target_port_listening_on_loopback_only()
    {
        var builder = CreateBuilder();
        var server = builder.AddPostgresExecutable("postgres", null, null, 5432, Debian15(root: true)).WithDataDirectory(Path.Combine(Root.FullName, "pgdata"));
        ModelEndpoints.Allocate(server.Resource, "tcp", 5432, 41234);

        Assert.Equal("setpriv", server.Resource.Command);
        Assert.Equal(
            ["--reuid=postgres", "--regid=postgres", "--init-groups", Path.Combine(Bin15, "postgres"),
             "-D", Path.Combine(Root.FullName, "pgdata"), "-p", "41234", "-k", "", "-c", "listen_addresses=127.0.0.1"],
            await PythonModelTests.ArgsAsync(server.Resource));
    }

    [Fact]
    public async Task As_a_normal_user_the_server_runs_postgres_itself()
    {
        var builder = CreateBuilder();
        var server = builder.AddPostgresExecutable("postgres", null, null, null, Debian15(root: false)).WithDataDirectory(Path.Combine(Root.FullName, "pgdata"));
        ModelEndpoints.Allocate(server.Resource, "tcp", 15432, 41235);

        Assert.Equal(Path.Combine(Bin15, "postgres"), server.Resource.Command);
        Assert.Equal(["-D", Path.Combine(Root.FullName, "pgdata"), "-p", "41235", "-k", "", "-c", "listen_addresses=127.0.0.1"],
            await PythonModelTests.ArgsAsync(server.Resource));
    }

    [Fact]
    public async Task On_windows_the_server_is_postgres_exe_of_the_installer_layout_without_setpriv()
    {
        var installation = new PostgresInstallation(new HostPlatform(IsWindows: true, IsRoot: false),
            path => path == @"C:\Program Files\PostgreSQL\16\bin\postgres.exe",
            dir => dir == @"C:\Program Files\PostgreSQL" ? [@"C:\Program Files\PostgreSQL\16"] : [], () => null, @"C:\Program Files");
        var builder = CreateBuilder();
        var server = builder.AddPostgresExecutable("postgres", null, null, null, installation);
        ModelEndpoints.Allocate(server.Resource, "tcp", 15432, 41236);

        Assert.Equal(@"C:\Program Files\PostgreSQL\16\bin\postgres.exe", server.Resource.Command);
        Assert.Equal("-D", (await PythonModelTests.ArgsAsync(server.Resource))[0]);
    }

    [Fact]
    public async Task Generated_password_is_a_secret_parameter_named_after_the_server()
    {
        var builder = CreateBuilder();
        var server = builder.AddPostgresExecutable("postgres", null, null, null, Debian15(root: false));

        var password = server.Resource.PasswordParameter;
        Assert.Equal("postgres-password", password.Name);
        Assert.True(password.Secret);
        var value = await password.GetValueAsync(CancellationToken.None);
        Assert.False(string.IsNullOrEmpty(value));
        Assert.Equal(value, await password.GetValueAsync(CancellationToken.None)); // generated once, not per read
    }

    [Fact]
    public async Task Generated_password_is_overridden_by_Parameters_configuration()
    {
        var builder = CreateBuilder();
        builder.Configuration["Parameters:db-password"] = "chosen-by-the-user";
        var server = builder.AddPostgresExecutable("db", null, null, null, Debian15(root: false));

        Assert.Equal("chosen-by-the-user", await server.Resource.PasswordParameter.GetValueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Connection_strings_are_aspires_ado_form_and_the_database_adds_its_name()
    {
        var builder = CreateBuilder();
        builder.Configuration["Parameters:postgres-password"] = "s3cret";
        var server = builder.AddPostgresExecutable("postgres", null, null, 5432, Debian15(root: false));
        var trading = server.AddDatabase("trading");
        ModelEndpoints.Allocate(server.Resource, "tcp", 5432, 41237);

        Assert.Equal("Host=127.0.0.1;Port=5432;Username=postgres;Password=s3cret", await ConnectionStringAsync(server.Resource));
        Assert.Equal("Host=127.0.0.1;Port=5432;Username=postgres;Password=s3cret;Database=trading", await ConnectionStringAsync(trading.Resource));
    }

    [Fact]
    public async Task Given_user_name_and_password_parameters_are_used_instead_of_the_defaults()
    {
        var builder = CreateBuilder();
        builder.Configuration["Parameters:pg-user"] = "trader";
        builder.Configuration["Parameters:pg-pass"] = "given";
        var user = builder.AddParameter("pg-user");
        var pass = builder.AddParameter("pg-pass", secret: true);
        var server = builder.AddPostgresExecutable("postgres", user, pass, null, Debian15(root: false));
        ModelEndpoints.Allocate(server.Resource, "tcp", 15433, 41238);

        Assert.Same(pass.Resource, server.Resource.PasswordParameter);
        Assert.Same(user.Resource, server.Resource.UserNameParameter);
        Assert.Equal("Host=127.0.0.1;Port=15433;Username=trader;Password=given", await ConnectionStringAsync(server.Resource));
    }

    [Fact]
    public void Without_WithDataDirectory_each_run_gets_a_fresh_temporary_data_directory()
    {
        var first = CreateBuilder().AddPostgresExecutable("postgres", null, null, null, Debian15(root: false)).Resource.DataDirectory;
        var second = CreateBuilder().AddPostgresExecutable("postgres", null, null, null, Debian15(root: false)).Resource.DataDirectory;

        Assert.StartsWith(Path.Combine(Path.GetTempPath(), "aspire-postgres-postgres-"), first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void WithDataDirectory_defaults_to_the_state_directory_data_folder_named_after_the_resource()
    {
        var builder = CreateBuilder();
        var server = builder.AddPostgresExecutable("postgres", null, null, null, Debian15(root: false)).WithDataDirectory();

        Assert.Equal(Path.Combine(builder.AppHostDirectory, ".tradingaspire", "data", "postgres"), server.Resource.DataDirectory);
    }

    [Fact]
    public void WithDataDirectory_follows_a_relative_or_absolute_state_directory_setting()
    {
        var relative = CreateBuilder();
        relative.Configuration[StateDirectory.ConfigurationKey] = "../state";
        var absolute = CreateBuilder();
        absolute.Configuration[StateDirectory.ConfigurationKey] = Root.FullName;

        Assert.Equal(Path.GetFullPath(Path.Combine(relative.AppHostDirectory, "..", "state", "data", "pg")),
            relative.AddPostgresExecutable("pg", null, null, null, Debian15(root: false)).WithDataDirectory().Resource.DataDirectory);
        Assert.Equal(Path.Combine(Root.FullName, "data", "pg"),
            absolute.AddPostgresExecutable("pg", null, null, null, Debian15(root: false)).WithDataDirectory().Resource.DataDirectory);
    }

    [Fact]
    public void WithDataDirectory_and_WithConfigurationFile_paths_are_relative_to_the_apphost()
    {
        var builder = CreateBuilder();
        var server = builder.AddPostgresExecutable("postgres", null, null, null, Debian15(root: false))
            .WithDataDirectory("pgdata").WithConfigurationFile("config/postgresql.conf");

        Assert.Equal(Path.Combine(builder.AppHostDirectory, "pgdata"), server.Resource.DataDirectory);
        Assert.Equal(Path.Combine(builder.AppHostDirectory, "config", "postgresql.conf"), server.Resource.SettingsFile);
    }
}
