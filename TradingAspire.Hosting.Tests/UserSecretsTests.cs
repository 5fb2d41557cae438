using System.Reflection;
using System.Reflection.Emit;
using Microsoft.Extensions.Configuration.UserSecrets;

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// AddUserSecretsInEveryEnvironment: outside Development the AppHost reads the user secrets a Development run wrote
/// (Aspire's generated passwords), ranked as in Development: above appsettings, below environment variables and the
/// command line. Each test uses its own secrets store, named by a UserSecretsId on an assembly made for the test.
/// </summary>
public sealed class UserSecretsTests : IDisposable
{
    private readonly string _secretsId = $"tradingaspire-tests-{Guid.NewGuid():N}";
    private readonly Assembly _appHost;

    public UserSecretsTests()
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName($"AppHost{Guid.NewGuid():N}"), AssemblyBuilderAccess.Run);
        assembly.SetCustomAttribute(new CustomAttributeBuilder(typeof(UserSecretsIdAttribute).GetConstructor([typeof(string)])!, [_secretsId]));
        _appHost = assembly;
        var path = PathHelper.GetSecretsPathFromSecretsId(_secretsId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, """{ "Parameters": { "postgres-password": "from-secrets", "redis-password": "from-secrets" } }""");
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(PathHelper.GetSecretsPathFromSecretsId(_secretsId))!, recursive: true);

    [Fact]
    public void Production_reads_the_user_secrets_below_the_command_line()
    {
        var builder = DistributedApplicationTestingBuilder.Create(["--environment", "Production", "--Parameters:redis-password=from-args"]);
        Assert.Null(builder.Configuration["Parameters:postgres-password"]);

        builder.AddUserSecretsInEveryEnvironment(_appHost);

        Assert.Equal("from-secrets", builder.Configuration["Parameters:postgres-password"]);
        Assert.Equal("from-args", builder.Configuration["Parameters:redis-password"]);
    }

    [Fact]
    public void Development_is_left_as_the_host_made_it()
    {
        var builder = DistributedApplicationTestingBuilder.Create(["--environment", "Development"]);
        var before = builder.Configuration.Sources.Count;

        builder.AddUserSecretsInEveryEnvironment(_appHost);

        Assert.Equal(before, builder.Configuration.Sources.Count);
    }

    [Fact]
    public void An_assembly_without_a_user_secrets_id_is_refused_naming_the_fix()
    {
        var builder = DistributedApplicationTestingBuilder.Create(["--environment", "Production"]);
        var bare = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName($"Bare{Guid.NewGuid():N}"), AssemblyBuilderAccess.Run);

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddUserSecretsInEveryEnvironment(bare));
        Assert.Contains("UserSecretsId", error.Message);
    }
}
