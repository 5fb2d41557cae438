using System.Reflection;
using System.Reflection.Emit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.UserSecrets;

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// AddDotEnvFiles: <c>.env</c> then <c>.env.local</c> as configuration, ranked above appsettings and user secrets,
/// below environment variables and the command line; a malformed line stops the builder naming file and line. Each
/// test has its own directory and its own key section, so process environment variables it sets touch no other test.
/// </summary>
public sealed class DotEnvFilesTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("dotenv-");
    private readonly string _section = $"DotEnvTest{Guid.NewGuid():N}";
    private readonly List<string> _variables = [];

    public void Dispose()
    {
        _variables.ForEach(name => Environment.SetEnvironmentVariable(name, null));
        _root.Delete(recursive: true);
    }

    private string Write(string fileName, string text)
    {
        var path = Path.Combine(_root.FullName, fileName);
        File.WriteAllText(path, text);
        return path;
    }

    private void SetVariable(string name, string value)
    {
        _variables.Add(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    private static IDistributedApplicationTestingBuilder CreateBuilder(params string[] args)
        => DistributedApplicationTestingBuilder.Create(args, (options, _) => options.DisableDashboard = true);

    [Fact]
    public void Dot_env_local_wins_over_dot_env_the_environment_over_both_and_the_command_line_over_all()
    {
        Write(".env", $"""
            {_section}__File=from-env
            {_section}__Local=from-env
            {_section}__Environment=from-env
            {_section}__CommandLine=from-env
            """);
        Write(".env.local", $"""
            {_section}__Local=from-local
            {_section}__Environment=from-local
            {_section}__CommandLine=from-local
            """);
        SetVariable($"{_section}__Environment", "from-environment");
        SetVariable($"{_section}__CommandLine", "from-environment");
        var builder = CreateBuilder($"--{_section}:CommandLine=from-command-line");

        builder.AddDotEnvFiles(_root.FullName);

        var section = builder.Configuration.GetSection(_section);
        Assert.Equal(
            ("from-env", "from-local", "from-environment", "from-command-line"),
            (section["File"], section["Local"], section["Environment"], section["CommandLine"]));
    }

    [Fact]
    public void Keys_take_the_environment_variable_form_and_values_the_dotenv_grammar()
    {
        SetVariable($"{_section}_HOME", "/home/trader");
        Write(".env", $$"""
            # the state directory, from a variable of the environment
            {{_section}}__StateDirectory=${{{_section}}_HOME}/state
            export {{_section}}__Exported=yes   # a trailing comment

            {{_section}}__Parameters__postgres-password='p$ss #1 "x"'
            {{_section}}__Quoted="two words"
            {{_section}}__Repeated=first
            {{_section}}__Repeated=last
            """);
        var builder = CreateBuilder();

        builder.AddDotEnvFiles(_root.FullName);

        var section = builder.Configuration.GetSection(_section);
        Assert.Equal("/home/trader/state", section["StateDirectory"]);
        Assert.Equal("yes", section["Exported"]);
        Assert.Equal("p$ss #1 \"x\"", section["Parameters:postgres-password"]);
        Assert.Equal("two words", section["Quoted"]);
        Assert.Equal("last", section["Repeated"]);
        Assert.Null(Environment.GetEnvironmentVariable($"{_section}__Exported"));  // configuration only
    }

    [Fact]
    public void A_password_in_dot_env_local_wins_over_the_generated_one_in_user_secrets()
    {
        var secretsId = $"tradingaspire-tests-{Guid.NewGuid():N}";
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName($"AppHost{Guid.NewGuid():N}"), AssemblyBuilderAccess.Run);
        assembly.SetCustomAttribute(new CustomAttributeBuilder(typeof(UserSecretsIdAttribute).GetConstructor([typeof(string)])!, [secretsId]));
        var secretsPath = PathHelper.GetSecretsPathFromSecretsId(secretsId);
        Directory.CreateDirectory(Path.GetDirectoryName(secretsPath)!);
        try
        {
            File.WriteAllText(secretsPath, """{ "Parameters": { "postgres-password": "generated", "redis-password": "generated" } }""");
            Write(".env.local", "Parameters__postgres-password=chosen-by-me\n");
            var builder = CreateBuilder("--environment", "Production");

            builder.AddDotEnvFiles(_root.FullName);
            builder.AddUserSecretsInEveryEnvironment(assembly);

            Assert.Equal("chosen-by-me", builder.Configuration["Parameters:postgres-password"]);
            Assert.Equal("generated", builder.Configuration["Parameters:redis-password"]);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(secretsPath)!, recursive: true);
        }
    }

    [Fact]
    public void Missing_files_add_nothing_and_a_lone_dot_env_local_is_read()
    {
        var builder = CreateBuilder();
        var before = builder.Configuration.AsEnumerable().ToHashSet();

        builder.AddDotEnvFiles(_root.FullName);
        Assert.Equal(before, builder.Configuration.AsEnumerable().ToHashSet());

        Write(".env.local", $"{_section}__Only=local\n");
        var second = CreateBuilder();
        second.AddDotEnvFiles(_root.FullName);
        Assert.Equal("local", second.Configuration[$"{_section}:Only"]);
    }

    [Theory]
    [InlineData(".env", "Prometheus:Enabled=true", 3)]            // ':' instead of '__'
    [InlineData(".env", "TradingAspire__StateDirectory", 3)]      // no '='
    [InlineData(".env.local", "Parameters__redis-password=\"unterminated", 3)]
    [InlineData(".env.local", "Parameters__redis-password=it's", 3)]  // a quote inside an unquoted value
    public void A_malformed_line_stops_the_builder_naming_the_file_the_line_and_the_expected_form(string fileName, string line, int lineNumber)
    {
        Write(".env", "# shared settings\nTradingAspire__LogFiles__MaxFiles=5\n");
        var path = Write(fileName, $"# settings\nParameters__postgres-password=hunter2\n{line}\nTradingAspire__LogFiles__MaxFiles=7\n");
        var builder = CreateBuilder();

        var error = Assert.Throws<DotEnvFormatException>(() => builder.AddDotEnvFiles(_root.FullName));

        Assert.Equal(
            $"{path}, line {lineNumber}: not a KEY=VALUE line. Expected KEY=VALUE with the key as a .NET environment variable " +
            "('__' between sections), e.g. TradingAspire__StateDirectory=/srv/tradingaspire or Parameters__postgres-password='a $ecret'; " +
            "a value holding quotes, '#' or '$' goes in single quotes; a comment line starts with '#'. " +
            "Fix or remove the line (config/.env.example lists every key).",
            error.Message);
        Assert.Equal((path, lineNumber), (error.FilePath, error.LineNumber));
        Assert.DoesNotContain("hunter2", error.ToString()); // the line before may hold a password
    }

    [Fact]
    public void The_directory_is_relative_to_the_app_host_directory()
    {
        var builder = CreateBuilder();
        var relative = Path.GetRelativePath(builder.AppHostDirectory, _root.FullName);
        Write(".env", $"{_section}__Relative=yes\n");

        builder.AddDotEnvFiles(relative);

        Assert.Equal("yes", builder.Configuration[$"{_section}:Relative"]);
    }

    [Fact]
    public void The_example_with_every_line_uncommented_loads_and_matches_the_documented_keys()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "TradingAspire.sln")))
        {
            repository = repository.Parent ?? throw new InvalidOperationException("TradingAspire.sln not found above the test's directory");
        }

        var assignment = new System.Text.RegularExpressions.Regex(@"^# ([A-Za-z_][A-Za-z0-9_.-]*=.*)$");
        var lines = File.ReadAllLines(Path.Combine(repository.FullName, "config", ".env.example"))
            .Select(line => assignment.Match(line)).Where(match => match.Success).Select(match => match.Groups[1].Value).ToList();
        Write(".env", string.Join('\n', lines));
        var keys = lines.Select(line => line[..line.IndexOf('=')].Replace("__", ":")).ToList();
        var builder = CreateBuilder();

        builder.AddDotEnvFiles(_root.FullName);

        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.NotNull(builder.Configuration[key]));
        var documentation = File.ReadAllText(Path.Combine(repository.FullName, "docs", "configuration.md"));
        Assert.All(keys, key => Assert.Contains($"`{key}`", documentation));
        var ours = documentation[documentation.IndexOf("## Ours", StringComparison.Ordinal)..];
        ours = ours[..ours.IndexOf("\n## ", StringComparison.Ordinal)];
        var documented = ours.Split('\n').Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(line => System.Text.RegularExpressions.Regex.Matches(line.Split('|')[1], "`([^`]+)`").Select(match => match.Groups[1].Value))
            .ToList();
        Assert.NotEmpty(documented);
        Assert.All(documented, key => Assert.Contains(key, keys, StringComparer.OrdinalIgnoreCase));
    }
}
