using Aspire.Hosting.JavaScript;

namespace TradingAspire.Hosting.Tests;

/// <summary>The JavaScript integration's model, without processes.</summary>
public sealed class JavaScriptModelTests() : TemporaryDirectoryTest("jsmodel-")
{
    private static IDistributedApplicationTestingBuilder CreateBuilder()
    {
        var builder = CreateHeadlessBuilder();
        builder.Configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = "http://localhost:18890";
        builder.Configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://localhost:18889";
        return builder;
    }

    private string AppDirectory(string name, bool withLockFile = true)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Root.FullName, name)).FullName;
        File.WriteAllText(Path.Combine(directory, "package.json"), """{ "name": "app", "version": "1.0.0", "scripts": { "dev": "vite" } }""");
        if (withLockFile)
        {
            File.WriteAllText(Path.Combine(directory, "package-lock.json"), "{}");
        }

        return directory;
    }

    [Fact]
    public async Task Vite_app_runs_npm_run_dev_on_its_port_with_PORT_and_the_referenced_services_urls()
    {
        var builder = CreateBuilder();
        var api = builder.AddUvicornApp("trading-api", Directory.CreateDirectory(Path.Combine(Root.FullName, "api")).FullName, "main:app");
        var ui = builder.AddViteApp("trading-ui", AppDirectory("ui")).WithReference(api).Resource;
        ModelEndpoints.Allocate(ui, "http", 15173);
        ModelEndpoints.Allocate(api.Resource, "http", 18000);

        Assert.IsType<ViteAppResource>(ui);
        Assert.Equal("npm", ui.Command);
        Assert.Equal(["run", "dev", "--", "--port", "15173"], await PythonModelTests.ArgsAsync(ui));

        var environment = await PythonModelTests.EnvironmentAsync(ui);
        Assert.Equal("15173", environment["PORT"]);
        Assert.Equal("http://localhost:18000", environment["services__trading-api__http__0"]);
        Assert.Equal("development", environment["NODE_ENV"]);
        Assert.Equal("http://localhost:18890", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
    }

    [Fact]
    public async Task WithNpm_adds_an_installer_child_running_npm_ci_that_the_app_waits_for()
    {
        var builder = CreateBuilder();
        var ui = builder.AddViteApp("web", AppDirectory("web")).Resource;

        var installer = Assert.IsType<JavaScriptInstallerResource>(Assert.Single(builder.Resources, r => r.Name == "web-installer"));
        Assert.Equal(ui.WorkingDirectory, installer.WorkingDirectory);
        Assert.Contains(ui.Annotations.OfType<WaitAnnotation>(), w => w.Resource == installer && w.WaitType == WaitType.WaitForCompletion);
        Assert.Contains(installer.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Resource == ui && r.Type == "Parent");
        Assert.Equal(["ci"], await PythonModelTests.ArgsAsync(installer));
    }

    [Fact]
    public async Task WithNpm_install_command_and_args_reach_the_installer()
    {
        var builder = CreateBuilder();
        builder.AddViteApp("site", AppDirectory("site", withLockFile: false)).WithNpm(installCommand: "install", installArgs: ["--no-audit"]);

        var installer = (IResourceWithArgs)builder.Resources.Single(r => r.Name == "site-installer");
        Assert.Equal(["install", "--no-audit"], await PythonModelTests.ArgsAsync(installer));
    }

    [Fact]
    public void WithNpm_without_install_leaves_the_installer_to_be_started_by_hand()
    {
        var builder = CreateBuilder();
        var site = builder.AddViteApp("manual", AppDirectory("manual")).WithNpm(install: false).Resource;

        var installer = builder.Resources.Single(r => r.Name == "manual-installer");
        Assert.DoesNotContain(site.Annotations.OfType<WaitAnnotation>(), w => w.Resource == installer);
        Assert.Contains(installer.Annotations, a => a is ExplicitStartupAnnotation);
    }

    [Fact]
    public void Install_is_needed_when_node_modules_is_missing_unfinished_or_older_than_the_lock_file()
    {
        var directory = AppDirectory("policy");
        Assert.Contains("node_modules is missing", NpmInstallPolicy.ReasonToInstall(directory));

        // An install stopped half way (npm ci killed): packages in node_modules, newer than the lock file, but no marker.
        var modules = Directory.CreateDirectory(Path.Combine(directory, "node_modules", "vite")).Parent!.FullName;
        Directory.SetLastWriteTimeUtc(modules, DateTime.UtcNow.AddMinutes(5));
        var marker = Path.Combine(modules, ".package-lock.json");
        Assert.Equal($"{marker} is missing: the last install did not complete", NpmInstallPolicy.ReasonToInstall(directory));

        File.WriteAllText(marker, "{}");
        var now = DateTime.UtcNow;
        File.SetLastWriteTimeUtc(Path.Combine(directory, "package-lock.json"), now);
        File.SetLastWriteTimeUtc(marker, now.AddMinutes(-1));
        Assert.Contains("is newer than", NpmInstallPolicy.ReasonToInstall(directory));

        File.SetLastWriteTimeUtc(marker, now.AddMinutes(1));
        Assert.Null(NpmInstallPolicy.ReasonToInstall(directory));
    }

    [Fact]
    public void Default_install_command_is_ci_with_a_lock_file_else_install()
    {
        Assert.Equal("ci", NpmInstallPolicy.DefaultInstallCommand(AppDirectory("locked")));
        Assert.Equal("install", NpmInstallPolicy.DefaultInstallCommand(AppDirectory("unlocked", withLockFile: false)));
    }
}
