using Microsoft.Extensions.DependencyInjection;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Orchestration.Processes;
using TradingAspire.Hosting.Resources.Redis;

namespace TradingAspire.Hosting;

/// <summary><c>AddRedis</c> and <c>WithPersistence</c>.</summary>
public static class RedisBuilderExtensions
{
    /// <summary>Adds a native redis-server (port 6379 unless <paramref name="port"/>) with a generated password.</summary>
    public static IResourceBuilder<RedisResource> AddRedis(
        this IDistributedApplicationBuilder builder, string name, int? port = null, IResourceBuilder<ParameterResource>? password = null)
    {
        var redis = new RedisResource(name, password?.Resource, builder.ExecutionContext);
        return builder.AddResource(redis)
            .WithEndpoint(port: port ?? 6379, scheme: "tcp", name: "tcp")
            .WithAnnotation(new BeforeResourceStartAnnotation(_ => NativeProcessExecutor.FindProgram(redis.Command, "/") is null
                ? throw new InvalidOperationException(
                    "Redis is not installed: 'redis-server' was not found on PATH. Install it with: sudo apt-get install -y redis-server (or run ./eng/install-prerequisites.sh).")
                : Task.CompletedTask))
            .WithArgs(context =>
            {
                var services = context.ExecutionContext.ServiceProvider;
                var paths = services.GetRequiredService<ApplicationPaths>();
                var dataDirectory = redis.DataDirectory(services);
                Directory.CreateDirectory(dataDirectory);
                var shared = Path.Combine(paths.ConfigDirectory, "redis.conf");
                var configFile = Path.Combine(dataDirectory, "redis.generated.conf");
                RedisConfigFile.Write(configFile, RedisConfigFile.Render(
                    File.Exists(shared) ? File.ReadAllText(shared) : null, redis.Endpoint.Port, redis.Password, dataDirectory, redis.Persistent));
                context.Args.Add(configFile);
            })
            .WithHealthCheck($"{name}_ping", _ => new RedisHealthCheck(redis));
    }

    /// <summary>Turns on AOF persistence with <c>appendfsync everysec</c>: at most a second of writes is lost on a crash.</summary>
    public static IResourceBuilder<RedisResource> WithPersistence(this IResourceBuilder<RedisResource> builder)
    {
        builder.Resource.Persistent = true;
        return builder;
    }
}
