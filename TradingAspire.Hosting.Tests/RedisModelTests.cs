namespace TradingAspire.Hosting.Tests;

/// <summary>The Redis integration's model, without processes: resource, endpoint, args, password, connection string, configuration file.</summary>
public sealed class RedisModelTests() : TemporaryDirectoryTest("redismodel-")
{
    [Fact]
    public async Task Redis_is_an_executable_resource_with_a_tcp_endpoint_and_its_generated_config_then_the_target_port_as_args()
    {
        var builder = PostgresModelTests.CreateBuilder();
        var redis = builder.AddRedisExecutable("redis", port: 6379);
        ModelEndpoints.Allocate(redis.Resource, "tcp", 6379, 41301);

        Assert.IsType<RedisExecutableResource>(Assert.Single(builder.Resources.OfType<RedisExecutableResource>()));
        Assert.Equal("/usr/bin/redis-server", redis.Resource.Command);
        var endpoint = Assert.Single(redis.Resource.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal(("tcp", "tcp", 6379), (endpoint.Name, endpoint.UriScheme, endpoint.Port));
        Assert.Contains(redis.Resource.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key == "redis_check");
        Assert.Equal([Path.Combine(redis.Resource.DataDirectory, "redis.aspire.conf"), "--port", "41301"],
            await PythonModelTests.ArgsAsync(redis.Resource));
    }

    [Fact]
    public void Endpoint_port_is_left_to_aspire_when_not_given()
    {
        var redis = PostgresModelTests.CreateBuilder().AddRedisExecutable("cache");

        Assert.Null(Assert.Single(redis.Resource.Annotations.OfType<EndpointAnnotation>()).Port);
    }

    [Fact]
    public async Task Generated_password_is_a_secret_parameter_named_after_the_resource_and_configuration_overrides_it()
    {
        var generated = PostgresModelTests.CreateBuilder().AddRedisExecutable("redis").Resource.PasswordParameter;
        var configured = PostgresModelTests.CreateBuilder();
        configured.Configuration["Parameters:redis-password"] = "from-config";

        Assert.Equal("redis-password", generated.Name);
        Assert.True(generated.Secret);
        Assert.False(string.IsNullOrEmpty(await generated.GetValueAsync(CancellationToken.None)));
        Assert.Equal("from-config", await configured.AddRedisExecutable("redis").Resource.PasswordParameter.GetValueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Connection_string_is_the_stackexchange_redis_form()
    {
        var builder = PostgresModelTests.CreateBuilder();
        builder.Configuration["Parameters:given"] = "pw";
        var redis = builder.AddRedisExecutable("redis", password: builder.AddParameter("given", secret: true));
        ModelEndpoints.Allocate(redis.Resource, "tcp", 16379, 41302);

        Assert.Equal("127.0.0.1:16379,password=pw", await redis.Resource.ConnectionStringExpression.GetValueAsync(CancellationToken.None));
    }

    [Fact]
    public void Without_persistence_the_data_directory_is_temporary_and_nothing_is_kept()
    {
        var redis = PostgresModelTests.CreateBuilder().AddRedisExecutable("redis").Resource;

        Assert.False(redis.Persistent);
        Assert.StartsWith(Path.Combine(Path.GetTempPath(), "aspire-redis-redis-"), redis.DataDirectory);
    }

    [Fact]
    public void WithPersistence_turns_on_aof_everysec_in_the_state_directory_or_the_given_directory()
    {
        var builder = PostgresModelTests.CreateBuilder();
        builder.Configuration[StateDirectory.ConfigurationKey] = Root.FullName;
        var byDefault = builder.AddRedisExecutable("redis").WithPersistence().Resource;
        var given = builder.AddRedisExecutable("other").WithPersistence("redisdata", "always").Resource;

        Assert.True(byDefault.Persistent);
        Assert.Equal("everysec", byDefault.AppendFsync);
        Assert.Equal(Path.Combine(Root.FullName, "data", "redis"), byDefault.DataDirectory);
        Assert.Equal("always", given.AppendFsync);
        Assert.Equal(Path.Combine(builder.AppHostDirectory, "redisdata"), given.DataDirectory);
    }

    [Theory]
    [InlineData("sometimes")]
    [InlineData("EVERYSEC")]
    [InlineData("")]
    public void WithPersistence_rejects_an_appendfsync_redis_does_not_know_naming_the_allowed_values(string appendFsync)
    {
        var redis = PostgresModelTests.CreateBuilder().AddRedisExecutable("redis");

        var error = Assert.Throws<ArgumentException>(() => redis.WithPersistence(appendFsync: appendFsync));

        Assert.Equal("appendFsync", error.ParamName);
        Assert.StartsWith($"appendFsync must be 'everysec', 'always' or 'no' (Redis's appendfsync); got '{appendFsync}'.", error.Message);
        Assert.False(redis.Resource.Persistent);
    }

    [Fact]
    public async Task Generated_configuration_includes_the_settings_file_first_then_binds_loopback_with_the_password_owner_only()
    {
        var builder = PostgresModelTests.CreateBuilder();
        builder.Configuration["Parameters:redis-password"] = "pa\"ss";
        File.WriteAllText(Path.Combine(Root.FullName, "extra.conf"), "maxmemory 64mb\n");
        var redis = builder.AddRedisExecutable("redis").WithPersistence(Path.Combine(Root.FullName, "data"))
            .WithConfigurationFile(Path.Combine(Root.FullName, "extra.conf")).Resource;

        var path = await RedisConfigurationFile.WriteAsync(redis, CancellationToken.None);

        Assert.Equal(Path.Combine(Root.FullName, "data", "redis.aspire.conf"), path);
        Assert.Equal(
            [$"include \"{Path.Combine(Root.FullName, "extra.conf")}\"", "bind 127.0.0.1", "protected-mode yes", "requirepass \"pa\\\"ss\"",
             $"dir \"{Path.Combine(Root.FullName, "data")}\"", "appendonly yes", "appendfsync everysec"],
            File.ReadAllLines(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task A_missing_settings_file_fails_naming_the_path_and_the_fix_and_writes_nothing()
    {
        var missing = Path.Combine(Root.FullName, "config", "redis.conf");
        var redis = PostgresModelTests.CreateBuilder().AddRedisExecutable("redis").WithPersistence(Path.Combine(Root.FullName, "data"))
            .WithConfigurationFile(missing).Resource;

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => RedisConfigurationFile.WriteAsync(redis, CancellationToken.None));

        Assert.Equal($"The configuration file of 'redis' does not exist: {missing}. Create it (redis.conf syntax, " +
            "e.g. \"maxmemory 256mb\") or fix the path given to WithConfigurationFile (relative to the AppHost directory).", error.Message);
        Assert.False(Directory.Exists(redis.DataDirectory));
    }

    [Fact]
    public async Task Generated_configuration_without_persistence_turns_aof_off()
    {
        var builder = PostgresModelTests.CreateBuilder();
        var redis = builder.AddRedisExecutable("redis").Resource;
        try
        {
            var lines = File.ReadAllLines(await RedisConfigurationFile.WriteAsync(redis, CancellationToken.None));

            Assert.Contains("appendonly no", lines);
            Assert.DoesNotContain(lines, line => line.StartsWith("include", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(redis.DataDirectory, recursive: true);
        }
    }
}
