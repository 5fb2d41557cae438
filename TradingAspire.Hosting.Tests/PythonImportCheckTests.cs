using Aspire.Hosting.Python;

namespace TradingAspire.Hosting.Tests;

/// <summary>The import check run before a Python resource starts, against the real /usr/bin/python3.</summary>
public sealed class PythonImportCheckTests
{
    [Fact]
    public async Task Reports_only_the_modules_debian_python_cannot_import()
    {
        PythonRequirement[] requirements =
        [
            new("json", "python3-json"),
            new("no_such_module_tradingaspire", "python3-no-such-module-tradingaspire"),
        ];

        var missing = await PythonImportCheck.FindMissingAsync("api", "/usr/bin/python3", requirements, [], Path.GetTempPath(), CancellationToken.None);

        Assert.Equal("no_such_module_tradingaspire", Assert.Single(missing).Module);
    }

    [Fact]
    public async Task Finds_modules_on_the_declared_python_path()
    {
        var shared = Directory.CreateTempSubdirectory("pypath-");
        try
        {
            File.WriteAllText(Path.Combine(shared.FullName, "shared_helpers_tradingaspire.py"), "VALUE = 1\n");
            var missing = await PythonImportCheck.FindMissingAsync(
                "api", "/usr/bin/python3", [new("shared_helpers_tradingaspire", "-")], [shared.FullName], Path.GetTempPath(), CancellationToken.None);

            Assert.Empty(missing);
        }
        finally
        {
            shared.Delete(recursive: true);
        }
    }

    [Fact]
    public void Message_names_the_module_the_interpreter_and_the_exact_apt_get_line()
    {
        var message = PythonImportCheck.MissingModulesMessage("strategy", "/usr/bin/python3", "/apps/strategy", [new("redis", "python3-redis")]);

        Assert.Contains("'strategy'", message);
        Assert.Contains("/usr/bin/python3 cannot import module 'redis'", message);
        Assert.Contains("apt-get install -y python3-redis", message);
    }

    [Fact]
    public async Task An_interpreter_that_does_not_exist_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<Aspire.Hosting.DistributedApplicationException>(() =>
            PythonImportCheck.FindMissingAsync("api", "/nonexistent/python3", [new("json", "-")], [], Path.GetTempPath(), CancellationToken.None));

        Assert.StartsWith("Resource 'api' cannot start: The Python interpreter /nonexistent/python3 cannot be run (", error.Message);
        Assert.EndsWith("). Install Debian's Python with: apt-get install -y python3", error.Message);
    }

    [Theory]
    [InlineData("redis  # debian: python3-redis", "redis", "python3-redis")]
    [InlineData("prometheus_client  # debian: python3-prometheus-client", "prometheus_client", "python3-prometheus-client")]
    [InlineData("fastapi>=0.92", "fastapi", "python3-fastapi")]
    [InlineData("Prometheus_Client", "Prometheus_Client", "python3-prometheus-client")]
    public void Requirement_lines_map_to_debian_packages(string line, string module, string package)
    {
        var requirement = Assert.Single(PythonRequirements.Parse([line]));

        Assert.Equal(new PythonRequirement(module, package), requirement);
    }

    [Fact]
    public void Comments_and_blank_lines_are_not_requirements()
    {
        Assert.Empty(PythonRequirements.Parse(["# Import name, then the Debian package", "", "   "]));
    }
}
