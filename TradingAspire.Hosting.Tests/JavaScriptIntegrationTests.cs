using System.Diagnostics;

namespace TradingAspire.Hosting.Tests;

/// <summary>A JavaScript app run by Aspire (DCP) with the real npm and node.</summary>
public sealed class JavaScriptIntegrationTests() : AspireProcessTests("jsrun-")
{
    /// <summary>An app whose one dependency is a local package (file:), so npm ci needs no registry.</summary>
    private async Task<string> WriteAppAsync()
    {
        var directory = Root.FullName;
        var dependency = Directory.CreateDirectory(Path.Combine(directory, "local-dep")).FullName;
        File.WriteAllText(Path.Combine(dependency, "package.json"), """{ "name": "local-dep", "version": "1.0.0", "main": "index.js" }""");
        File.WriteAllText(Path.Combine(dependency, "index.js"), "module.exports = 'local-dep loaded';\n");
        File.WriteAllText(Path.Combine(directory, "package.json"), """
            { "name": "web", "version": "1.0.0", "private": true,
              "scripts": { "dev": "node app.js", "build": "node -e \"require('local-dep')\"" },
              "dependencies": { "local-dep": "file:./local-dep" } }
            """);
        File.WriteAllText(Path.Combine(directory, "app.js"), "console.log(require('local-dep'));\nsetInterval(() => {}, 1000);\n");

        await RunNpmAsync(directory, "install", "--package-lock-only", "--no-audit", "--no-fund");
        if (Directory.Exists(Path.Combine(directory, "node_modules")))
        {
            Directory.Delete(Path.Combine(directory, "node_modules"), recursive: true);
        }

        return directory;
    }

    private static async Task RunNpmAsync(string directory, params string[] args)
    {
        using var npm = Process.Start(new ProcessStartInfo("npm", args) { WorkingDirectory = directory })!;
        using var deadline = new CancellationTokenSource(PythonIntegrationTests.Deadline);
        await npm.WaitForExitAsync(deadline.Token);
        Assert.Equal(0, npm.ExitCode);
    }

    [Fact]
    public async Task App_with_up_to_date_node_modules_starts_without_installing()
    {
        var directory = await WriteAppAsync();
        await RunNpmAsync(directory, "ci", "--no-audit", "--no-fund");
        var installedAt = File.GetLastWriteTimeUtc(Path.Combine(directory, "node_modules", ".package-lock.json"));
        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.AddViteApp("web", directory);
        await using var app = await builder.BuildAsync();
        await app.StartAsync();

        await PythonIntegrationTests.WaitForStateAsync(app, "web", KnownResourceStates.Running);
        await PythonIntegrationTests.WaitForLogAsync(app, "web-installer", "up to date with package-lock.json: not installing");
        Assert.True(app.ResourceNotifications.TryGetCurrentState("web-installer", out var installer));
        Assert.Equal(KnownResourceStates.NotStarted, installer.Snapshot.State?.Text);
        Assert.Equal(installedAt, File.GetLastWriteTimeUtc(Path.Combine(directory, "node_modules", ".package-lock.json")));
    }

    [Fact]
    public async Task A_missing_npm_fails_to_start_naming_the_apt_get_line()
    {
        var directory = Directory.CreateDirectory(Path.Combine(Root.FullName, "plain")).FullName;
        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.AddViteApp("server", directory).WithNpm(install: false).WithCommand("/nonexistent/bin/npm");
        await using var app = await builder.BuildAsync();
        await app.StartAsync();

        await PythonIntegrationTests.WaitForStateAsync(app, "server", KnownResourceStates.FailedToStart);
        var line = await PythonIntegrationTests.WaitForLogAsync(app, "server", "apt-get install -y nodejs npm");
        Assert.Contains("'/nonexistent/bin/npm' is not installed", line);
    }

    [Fact]
    public async Task App_with_missing_node_modules_runs_npm_ci_in_its_installer_before_its_build()
    {
        var directory = await WriteAppAsync();   // its build script fails unless local-dep is installed
        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.AddViteApp("web", directory).WithNpm(installArgs: ["--no-audit", "--no-fund"]).WithBuildBeforeStart();
        await using var app = await builder.BuildAsync();
        using var deadline = new CancellationTokenSource(PythonIntegrationTests.Deadline);
        var states = WatchStatesAsync(app, "web", deadline.Token);
        await app.StartAsync();

        var installed = await PythonIntegrationTests.WaitForStateAsync(app, "web-installer", [KnownResourceStates.Finished, .. PythonIntegrationTests.EndedStates]);
        Assert.Equal((KnownResourceStates.Finished, 0), (installed.Snapshot.State?.Text, installed.Snapshot.ExitCode));
        Assert.True(Directory.Exists(Path.Combine(directory, "node_modules", "local-dep")), "npm ci installed the dependency");

        await PythonIntegrationTests.WaitForStateAsync(app, "web", [KnownResourceStates.Running, .. PythonIntegrationTests.EndedStates]);
        var seen = await states;   // waits for the installer, then builds (its state text shown), then runs
        var (waiting, building) = (seen.IndexOf(KnownResourceStates.Waiting), seen.IndexOf("Building (npm run build)"));
        Assert.True(seen[^1] == KnownResourceStates.Running && waiting >= 0 && waiting < building && !seen.Skip(building).Contains(KnownResourceStates.Waiting), string.Join(" -> ", seen));
        await PythonIntegrationTests.WaitForLogAsync(app, "web", "local-dep loaded");
    }

    /// <summary>The state texts of <paramref name="resource"/> until it runs or ends.</summary>
    private static async Task<List<string?>> WatchStatesAsync(DistributedApplication app, string resource, CancellationToken cancellationToken)
    {
        var seen = new List<string?>();
        await foreach (var e in app.ResourceNotifications.WatchAsync(cancellationToken))
        {
            if (e.Resource.Name == resource && seen.LastOrDefault() != e.Snapshot.State?.Text)
            {
                seen.Add(e.Snapshot.State?.Text);
                if (e.Snapshot.State?.Text is { } text && (text == KnownResourceStates.Running || PythonIntegrationTests.EndedStates.Contains(text)))
                {
                    return seen;
                }
            }
        }

        return seen;
    }
}
