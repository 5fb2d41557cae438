using Microsoft.Extensions.DependencyInjection;
using Aspire.Hosting.JavaScript;
using Npgsql;
using StackExchange.Redis;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// The whole trading system from the real AppHost (<c>Projects.TradingAspire_AppHost</c>) through
/// <c>Aspire.Hosting.Testing</c> — the one AppHost fixture of the test projects: random ports (the testing builder's), a
/// temporary state directory (PostgreSQL and Redis data), the dashboard off unless a subclass turns it on. The test
/// classes that need no fresh system share one (<see cref="WholeSystem"/>); a class that kills or reconfigures its
/// system takes its own (<c>IClassFixture&lt;TradingSystem&gt;</c>, or <see cref="StartAsync"/> in the test).
/// </summary>
public class TradingSystem : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    /// <summary>The resource that runs once and exits 0 (waited for as Finished, not Healthy).</summary>
    public const string Migrations = "migrations";

    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), "tradingaspire-tests", $"state-{Guid.NewGuid():N}");

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>A client of trading-api logged in as the trader (it logs in again when its token runs out).</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>The trader's generated password (AppHost parameter trader-password).</summary>
    public string TraderPassword { get; private set; } = "";

    /// <summary>The AppHost's token signing key (parameter auth-signing-key).</summary>
    public string SigningKey { get; private set; } = "";

    /// <summary>
    /// A client of the gateway that sends a service token signed with the AppHost's key, as trading-api, the
    /// gateway's one client, does.
    /// </summary>
    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>True to run the Aspire dashboard with the system.</summary>
    protected virtual bool WithDashboard => false;

    /// <summary>Extra AppHost arguments (configuration as <c>--Key=Value</c>).</summary>
    protected virtual IEnumerable<string> Arguments => [];

    public async Task InitializeAsync()
    {
        App = await StartAsync(StateDirectory, WithDashboard, Arguments);
        TraderPassword = await App.ParameterValueAsync(AccessTokens.TraderPasswordParameter);
        Api = AccessTokens.CreateTraderClient(App.GetEndpoint("trading-api"), TraderPassword);
        SigningKey = await App.ParameterValueAsync(AccessTokens.SigningKeyParameter);
        Gateway = App.CreateHttpClient("gateway");
        Gateway.DefaultRequestHeaders.Authorization = AccessTokens.ServiceHeader(SigningKey);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        Gateway.Dispose();
        await App.DisposeAsync();
        DeleteDirectory(StateDirectory);
    }

    /// <summary>Builds and starts the AppHost on <paramref name="stateDirectory"/>, then waits for every resource.</summary>
    /// <param name="stateDirectory">Where PostgreSQL and Redis keep their data.</param>
    /// <param name="withDashboard">True to run the Aspire dashboard.</param>
    /// <param name="arguments">Extra AppHost arguments.</param>
    /// <param name="runId">When given, every process of the run gets it as <c>TRADINGASPIRE_TEST_RUN</c> in its
    /// environment, so a test can find them all (<see cref="ProcessesOfRun"/>).</param>
    public static async Task<DistributedApplication> StartAsync(string stateDirectory, bool withDashboard, IEnumerable<string>? arguments = null, string? runId = null)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TradingAspire_AppHost>(
            [$"--TradingAspire:StateDirectory={stateDirectory}", $"--TradingAspire:LogFiles:Directory={Path.Combine(stateDirectory, "logs")}", .. arguments ?? []],
            (options, _) => options.DisableDashboard = !withDashboard);
        if (!withDashboard)
        {
            TelemetryExportOff.Apply(builder);
        }

        if (runId is not null)
        {
            foreach (var resource in builder.Resources.OfType<IResourceWithEnvironment>().ToList())
            {
                builder.CreateResourceBuilder(resource).WithEnvironment(RunMarker, runId);
            }
        }

        var app = await builder.BuildAsync();
        try
        {
            await app.StartAsync().WaitAsync(Timeout);
            await WaitForEveryResourceAsync(app);
            return app;
        }
        catch
        {
            // xunit does not dispose a fixture whose initialisation failed: stop everything here.
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits until every resource a user sees is where a healthy system has it: run-once resources (migrations, an
    /// npm installer that runs) Finished, every other one Running and Healthy. Hidden resources (Aspire's project
    /// rebuilders) and resources that start only on request (an up-to-date installer) are not waited for.
    /// </summary>
    /// <exception cref="TimeoutException">Not so within <see cref="Timeout"/>; the message gives every resource's state and health.</exception>
    public static async Task WaitForEveryResourceAsync(DistributedApplication app)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        var resources = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Where(r => r is not ParameterResource).ToList();
        try
        {
            foreach (var resource in resources)
            {
                var hidden = app.ResourceNotifications.TryGetCurrentState(resource.Name, out var current) && current.Snapshot.IsHidden;
                if (hidden || resource.HasAnnotationOfType<ExplicitStartupAnnotation>())
                {
                    continue;
                }

                if (resource.Name == Migrations || resource is JavaScriptInstallerResource)
                {
                    await app.ResourceNotifications.WaitForResourceAsync(resource.Name, KnownResourceStates.Finished, deadline.Token);
                }
                else
                {
                    await app.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name, deadline.Token);
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"Not every resource was ready (Running and Healthy, or Finished) within {Timeout.TotalSeconds:0} s: " +
                string.Join("; ", resources.Select(r => Describe(app, r.Name))));
        }
    }

    /// <summary>A resource as the dashboard shows it, for failure messages: <c>gateway: Running, Unhealthy (http: …), pid 123</c>.</summary>
    public static string Describe(DistributedApplication app, string resourceName)
    {
        if (!app.ResourceNotifications.TryGetCurrentState(resourceName, out var e))
        {
            return $"{resourceName}: no state";
        }

        var unhealthy = e.Snapshot.HealthReports.Where(h => h.Status != Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy)
            .Select(h => $"{h.Name}: {h.Status?.ToString() ?? "not checked yet"}{(h.Description ?? h.ExceptionText) switch { null => "", var d => $" {d.Split('\n')[0]}" }}");
        return $"{resourceName}: {e.Snapshot.State?.Text ?? "no state"}, {e.Snapshot.HealthStatus?.ToString() ?? "no health"}" +
               $"{(unhealthy.Any() ? $" ({string.Join(", ", unhealthy)})" : "")}, pid {ProcessProbe.Pid(e)}";
    }

    /// <summary>
    /// A new physical connection to the database (no pooling: a pooled connection opened before a test killed or
    /// restarted PostgreSQL would answer its first command with 57P01, "terminating connection").
    /// </summary>
    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await App.GetConnectionStringAsync("trading")) { Pooling = false };
        var connection = new NpgsqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A WebSocket client that sends a service token for the gateway (connect it to <c>ws://{gateway}/ws/...</c>).</summary>
    public System.Net.WebSockets.ClientWebSocket NewGatewayWebSocket()
    {
        var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", AccessTokens.ServiceHeader(SigningKey).ToString());
        return socket;
    }

    /// <summary>Runs one of Aspire's resource commands (stop, start, restart) and fails the test when it does not succeed.</summary>
    public async Task CommandAsync(string resource, string command)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, command);
        Assert.True(result.Success, $"{command} {resource}: {result.Message}");
    }

    /// <summary>
    /// Stops <paramref name="resource"/>, runs <paramref name="whileStopped"/>, then starts it again and waits until it is
    /// healthy whatever happened, as the next tests of a shared system need it; the body's failure is the one thrown (with
    /// the start's, as an <see cref="AggregateException"/>, when that fails too).
    /// </summary>
    public async Task<T> WhileStoppedAsync<T>(string resource, Func<Task<T>> whileStopped)
    {
        await CommandAsync(resource, KnownResourceCommands.StopCommand);
        T result;
        try
        {
            result = await whileStopped();
        }
        catch (Exception failure)
        {
            try
            {
                await StartHealthyAsync(resource);
            }
            catch (Exception startFailure)
            {
                throw new AggregateException(failure, startFailure);
            }

            throw;
        }

        await StartHealthyAsync(resource);
        return result;
    }

    private async Task StartHealthyAsync(string resource)
    {
        await CommandAsync(resource, KnownResourceCommands.StartCommand);
        await App.ResourceNotifications.WaitForResourceHealthyAsync(resource).WaitAsync(Timeout);
    }

    public async Task<object?> ScalarAsync(string sql, params object[] parameters)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteScalarAsync();
    }

    public async Task<IDatabase> RedisAsync()
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync((await App.GetConnectionStringAsync("redis"))!);
        return multiplexer.GetDatabase();
    }

    private const string RunMarker = "TRADINGASPIRE_TEST_RUN";

    /// <summary>The live processes (pid and command line) whose environment carries <paramref name="runId"/>.</summary>
    public static List<string> ProcessesOfRun(string runId)
    {
        var marker = $"{RunMarker}={runId}";
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "environ")).Split('\0').Contains(marker)
                    && File.ReadAllText(Path.Combine(directory, "stat")).Split(") ")[1][0] != 'Z')
                {
                    found.Add($"{Path.GetFileName(directory)} {File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ')}");
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // exited while we looked, or not ours to read
            }
        }

        return found;
    }

    internal static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
