using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TradingAspire.TestSupport;

namespace TradingAspire.Hosting.Kubernetes.Tests;

/// <summary>
/// apps/trading-ui's <c>start</c> script, which the AppHost runs outside Development (<see cref="TradingUiLaunchModelTests"/>),
/// run as the resource runs it (<c>npm run start -- --port N</c>, no backend): the production build served by
/// <c>vite preview</c>, not the dev server; a failed build exits 2 without serving anything.
/// </summary>
public sealed partial class TradingUiProductionBuildTests
{
    // The build (tsc, then vite build) takes ~10 s on an idle 2-core machine; far longer while other builds run.
    private static readonly TimeSpan BuildAndServeDeadline = TimeSpan.FromMinutes(3);

    private static string AppDirectory => Path.Combine(AppHostProcess.RepositoryRoot(), "apps", "trading-ui");

    [Fact]
    public async Task The_start_script_builds_the_UI_and_serves_the_built_page_and_its_script_without_Vite_s_dev_client()
    {
        var port = FreePort().ToString(CultureInfo.InvariantCulture);
        var (process, output) = StartNpm(AppDirectory, new() { ["PORT"] = port, ["NODE_ENV"] = "production" }, "run", "start", "--", "--port", port);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var page = "";
            await Poll.UntilAsync(async () =>
            {
                page = await GetPageAsync(http) ?? "";
                return page.Length > 0 || process.HasExited;
            }, () => $"trading-ui did not serve / within {BuildAndServeDeadline}. Its output:\n{output}", BuildAndServeDeadline);
            Assert.False(process.HasExited, $"npm run start exited with code {(process.HasExited ? process.ExitCode : 0)}:\n{output}");

            var script = BuiltScript().Match(page);
            Assert.True(script.Success, $"The page has no <script type=\"module\" src=\"/assets/….js\">:\n{page}");
            Assert.Equal((false, false), (page.Contains("/@vite/client", StringComparison.Ordinal), page.Contains("/src/main.tsx", StringComparison.Ordinal)));
            using var asset = await http.GetAsync(script.Groups["path"].Value);
            Assert.Equal((HttpStatusCode.OK, "text/javascript"), (asset.StatusCode, asset.Content.Headers.ContentType?.MediaType));
            Assert.Matches(@"✓ built in [0-9.]+m?s", output.ToString());   // the build's progress is in the resource's log
        }
        finally
        {
            await StopProcessGroupAsync(process);
        }
    }

    [Fact]
    public async Task A_failed_build_exits_2_without_serving()
    {
        // The real start script, with a build that fails as tsc does (vite is not even installed here: nothing may run after it).
        var directory = Directory.CreateTempSubdirectory("ta-ui-build-").FullName;
        try
        {
            using var packageJson = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppDirectory, "package.json")));
            var start = packageJson.RootElement.GetProperty("scripts").GetProperty("start").GetString();
            await File.WriteAllTextAsync(Path.Combine(directory, "package.json"), JsonSerializer.Serialize(new
            {
                name = "trading-ui-failing-build",
                version = "1.0.0",
                @private = true,
                scripts = new Dictionary<string, string?> { ["build"] = "echo \"src/App.tsx(1,7): error TS2322: Type 'number' is not assignable to type 'string'.\" >&2; exit 1", ["start"] = start },
            }));

            var (process, output) = StartNpm(directory, [], "run", "start", "--", "--port", FreePort().ToString(CultureInfo.InvariantCulture));
            try
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                await process.WaitForExitAsync(deadline.Token);
                Assert.True(process.ExitCode == 2, $"npm run start exited with code {process.ExitCode}, not 2:\n{output}");
                Assert.Contains("error TS2322", output.ToString());
            }
            finally
            {
                await StopProcessGroupAsync(process);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [GeneratedRegex("""<script type="module"[^>]* src="(?<path>/assets/[^"]+\.js)">""")]
    private static partial Regex BuiltScript();

    /// <summary>The body of <c>GET /</c> when it answers 200; null while nothing listens yet.</summary>
    private static async Task<string?> GetPageAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync("/");
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>
    /// Starts <c>npm ARGUMENTS</c> in <paramref name="directory"/> in a process group of its own (<c>setsid</c>: npm, its
    /// shell, vite and esbuild can be stopped together), its standard output and error gathered in the returned builder.
    /// </summary>
    private static (Process Process, StringBuilder Output) StartNpm(string directory, Dictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("setsid") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("npm");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var output = new StringBuilder();
        var process = Process.Start(info) ?? throw new InvalidOperationException("setsid npm did not start.");
        DataReceivedEventHandler append = (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    /// <summary>
    /// Stops the process group <paramref name="process"/> leads (npm, its shell, vite, esbuild): SIGTERM, then SIGKILL to
    /// what is left after 10 s; returns once none of it lives.
    /// </summary>
    private static async Task StopProcessGroupAsync(Process process)
    {
        using (process)
        {
            Signal("-TERM", process.Id);
            try
            {
                await Poll.UntilAsync(() => Task.FromResult(LiveMembers(process.Id).Count == 0), "", TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                Signal("-KILL", process.Id);
                await Poll.UntilAsync(() => Task.FromResult(LiveMembers(process.Id).Count == 0),
                    () => $"Processes of group {process.Id} outlived SIGKILL: {string.Join(", ", LiveMembers(process.Id))}", TimeSpan.FromSeconds(10));
            }
        }
    }

    private static void Signal(string signal, int groupId)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, "--", $"-{groupId}"]) { RedirectStandardError = true, UseShellExecute = false })!;
        kill.WaitForExit();
    }

    /// <summary>The live (not zombie) processes of process group <paramref name="groupId"/>, from /proc/*/stat.</summary>
    private static List<int> LiveMembers(int groupId)
    {
        var members = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(directory), out var pid)
                    && File.ReadAllText(Path.Combine(directory, "stat")).Split(") ")[1].Split(' ') is [var state, _, var group, ..]
                    && state != "Z" && group == groupId.ToString(CultureInfo.InvariantCulture))
                {
                    members.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        return members;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
