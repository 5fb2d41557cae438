using System.Globalization;
using System.Net.Sockets;
using Aspire.Hosting.Eventing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// The server's health check when PostgreSQL refuses the login, on a fake clock and a scripted inner check: what it says,
/// how often it asks the server (each refusal is a FATAL line in the server's log) and how often it logs.
/// </summary>
public sealed class PostgresAuthenticationHealthCheckTests() : TemporaryDirectoryTest("pgauthcheck-")
{
    private static readonly PostgresException WrongPassword = new("password authentication failed for user \"postgres\"", "FATAL", "FATAL", "28P01");
    private readonly FakeTimeProvider _clock = new();
    private readonly List<string> _errors = [];
    private readonly DistributedApplicationEventing _eventing = new(); // the server's events alone (no data directory preparation)
    private PostgresExecutableResource _server = null!;

    private string DataDirectory => Path.Combine(Root.FullName, "data", "postgres");

    /// <summary>Runs <paramref name="inner"/> through a new check, as HealthCheckService makes one per run, on a server with the
    /// AppHost's arguments <paramref name="args"/> (e.g. the password on the command line).</summary>
    private Func<Task<HealthCheckResult>> Runs(IHealthCheck inner, params string[] args)
    {
        var builder = DistributedApplicationTestingBuilder.Create(args, (options, _) => options.DisableDashboard = true);
        builder.AddDotEnvFiles(Root.FullName); // as the AppHost: below the environment and the command line
        var server = _server = builder.AddPostgresExecutable("postgres", null, null, null, PostgresModelTests.Debian15(root: false)).WithDataDirectory(DataDirectory).Resource;
        var refusals = new PostgresAuthenticationHealthCheck.Refusals(_eventing, server);
        return () =>
        {
            var check = new PostgresAuthenticationHealthCheck(inner, refusals, server, "TradingAspire.AppHost", builder.Configuration, _errors.Add, _clock);
            return check.CheckHealthAsync(new HealthCheckContext { Registration = new("postgres_check", check, HealthStatus.Unhealthy, tags: null) });
        };
    }

    [Fact]
    public async Task A_refused_password_asks_the_server_once_per_5_s_of_100_ms_polling_says_why_and_logs_one_error()
    {
        var inner = new ScriptedCheck(() => new HealthCheckResult(HealthStatus.Unhealthy, WrongPassword.Message, WrongPassword));

        var run = Runs(inner, "--Parameters:postgres-password=second-password");
        var results = new List<HealthCheckResult>();
        for (var poll = 0; poll <= 100; poll++) // 10 s of the start-up polling: a run every 100 ms
        {
            results.Add(await run());
            _clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(3, inner.Runs); // at 0, 5 and 10 s
        var expected = "PostgreSQL refused the password (28P01: password authentication failed for user \"postgres\"): the data directory " +
            $"{DataDirectory} was initialised with another password than Parameters:postgres-password gives (set on the command line). " +
            "Fix: set the original one where Aspire keeps it, the AppHost's user secrets (dotnet user-secrets set Parameters:postgres-password <password> " +
            "--project TradingAspire.AppHost), and no other Parameters:postgres-password; or, to start afresh with the configured password, " +
            $"stop the AppHost, move the data directory aside (mv {DataDirectory} {DataDirectory}.old) and start again.";
        Assert.All(results, r => Assert.Equal((HealthStatus.Unhealthy, expected), (r.Status, r.Description)));
        Assert.Same(WrongPassword, results[^1].Exception);
        Assert.Equal([expected], _errors);
    }

    [Fact]
    public async Task After_a_result_that_is_no_refusal_the_server_is_asked_at_once_and_a_new_refusal_is_logged_again()
    {
        var script = new Queue<HealthCheckResult>([
            new(HealthStatus.Unhealthy, WrongPassword.Message, WrongPassword),
            HealthCheckResult.Healthy(),
            new(HealthStatus.Unhealthy, WrongPassword.Message, WrongPassword)]);
        var inner = new ScriptedCheck(script.Dequeue);

        var run = Runs(inner);
        await run();
        _clock.Advance(PostgresAuthenticationHealthCheck.RetryInterval);
        var healthy = await run();
        var refusedAgain = await run(); // no wait: the last result was no refusal

        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.StartsWith("PostgreSQL refused the password", refusedAgain.Description, StringComparison.Ordinal);
        Assert.Equal(3, inner.Runs);
        Assert.Equal(2, _errors.Count); // one per run of refusals
    }

    [Fact]
    public async Task The_hold_runs_from_the_ask_so_a_check_overlapping_a_slow_ask_gets_the_held_refusal_and_does_not_prolong_it()
    {
        TaskCompletionSource<HealthCheckResult>? slow = null;
        var inner = new ScriptedCheck(() => slow?.Task ?? Task.FromResult(new HealthCheckResult(HealthStatus.Unhealthy, WrongPassword.Message, WrongPassword)));
        var run = Runs(inner);
        await run(); // refused at 0 s
        _clock.Advance(PostgresAuthenticationHealthCheck.RetryInterval);

        slow = new TaskCompletionSource<HealthCheckResult>();
        var asking = run(); // asks at 5 s; the server answers 3 s later
        var overlapping = run();
        _clock.Advance(TimeSpan.FromSeconds(3));
        slow.SetResult(new HealthCheckResult(HealthStatus.Unhealthy, WrongPassword.Message, WrongPassword));
        await asking;
        slow = null;
        Assert.Equal(2, inner.Runs); // the overlapping check did not ask
        Assert.StartsWith("PostgreSQL refused the password", (await overlapping).Description, StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromSeconds(2)); // 10 s: 5 s after the ask (3 s before, the hold ran from the answer at 8 s)
        await run();

        Assert.Equal(3, inner.Runs);
        Assert.Single(_errors);
    }

    [Fact]
    public async Task After_a_start_of_the_server_the_first_check_asks_it_and_a_refusal_is_logged_again()
    {
        var inner = new ScriptedCheck(() => new HealthCheckResult(HealthStatus.Unhealthy, WrongPassword.Message, WrongPassword));
        var run = Runs(inner);
        await run();
        _clock.Advance(TimeSpan.FromSeconds(1));

        await _eventing.PublishAsync(new BeforeResourceStartedEvent(_server, null!)); // as DCP's each start (a restart)
        await run();
        await run(); // held again

        Assert.Equal(2, inner.Runs);
        Assert.Equal(2, _errors.Count); // one per run of refusals: a new process, a new run
    }

    [Fact]
    public async Task A_refusal_answered_after_a_start_of_the_server_to_an_ask_before_it_is_not_held_for_the_new_server()
    {
        var slow = new TaskCompletionSource<HealthCheckResult>();
        var asks = 0;
        var inner = new ScriptedCheck(() => ++asks == 1 ? slow.Task : Task.FromResult(HealthCheckResult.Healthy()));
        var run = Runs(inner);
        var asking = run(); // asks the old server

        await _eventing.PublishAsync(new BeforeResourceStartedEvent(_server, null!)); // restarted (pg_hba.conf fixed) before it answered
        slow.SetResult(new HealthCheckResult(HealthStatus.Unhealthy, WrongPassword.Message, WrongPassword));
        await asking;
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        var next = await run();

        Assert.Equal((HealthStatus.Healthy, 2), (next.Status, inner.Runs)); // the new server was asked, not held for 5 s
        Assert.Empty(_errors); // the old server's refusal is no error of the new one
    }

    [Theory]
    [InlineData(true, "set on the command line")]
    [InlineData(false, "set in {0}")]
    public async Task The_description_names_the_source_of_the_password_in_use(bool onTheCommandLine, string source)
    {
        var dotEnv = Path.Combine(Root.FullName, ".env");
        File.WriteAllText(dotEnv, "Parameters__postgres-password=from-the-env-file\n");
        var inner = new ScriptedCheck(() => new HealthCheckResult(HealthStatus.Unhealthy, WrongPassword.Message, WrongPassword));

        var result = await Runs(inner, onTheCommandLine ? ["--Parameters:postgres-password=second-password"] : [])();

        Assert.Contains($"than Parameters:postgres-password gives ({string.Format(CultureInfo.InvariantCulture, source, dotEnv)}).", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pg_hba_rejection_names_pg_hba_conf_initdbs_line_and_the_way_to_start_afresh()
    {
        var rejected = new PostgresException("no pg_hba.conf entry for host \"127.0.0.1\", user \"postgres\", database \"postgres\", no encryption", "FATAL", "FATAL", "28000");
        var inner = new ScriptedCheck(() => new HealthCheckResult(HealthStatus.Unhealthy, rejected.Message, rejected));

        var result = await Runs(inner)();

        Assert.Equal("PostgreSQL refused the login (28000: no pg_hba.conf entry for host \"127.0.0.1\", user \"postgres\", database \"postgres\", no encryption). " +
            $"Fix: allow it in {DataDirectory}/pg_hba.conf (initdb's line: host all all 127.0.0.1/32 scram-sha-256) and restart 'postgres'; or, to start afresh " +
            $"with the configured password, stop the AppHost, move the data directory aside (mv {DataDirectory} {DataDirectory}.old) and start again.", result.Description);
        Assert.Equal([result.Description!], _errors);
    }

    [Fact]
    public async Task Other_failures_are_returned_as_they_are_asking_the_server_every_time_and_logging_nothing()
    {
        var refused = new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));
        var inner = new ScriptedCheck(() => new HealthCheckResult(HealthStatus.Unhealthy, refused.Message, refused));

        var run = Runs(inner);
        var first = await run();
        var second = await run();

        Assert.Equal(("Failed to connect to 127.0.0.1:5432", "Failed to connect to 127.0.0.1:5432"), (first.Description, second.Description));
        Assert.Equal(2, inner.Runs);
        Assert.Empty(_errors);
    }

    [Fact]
    public void In_publish_mode_the_health_check_left_is_the_containers_own_unwrapped()
    {
        var builder = DistributedApplicationTestingBuilder.Create(["--operation", "publish"], (options, _) => options.DisableDashboard = true);
        builder.AddPostgresExecutable("postgres", null, null, null, PostgresModelTests.Debian15(root: false)).PublishAsContainer();
        using var app = builder.Build();

        var options = app.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value;

        var registration = Assert.Single(options.Registrations, r => r.Name == "postgres_check");
        Assert.DoesNotContain(nameof(PostgresAuthenticationHealthCheck), registration.Factory.Method.DeclaringType!.FullName, StringComparison.Ordinal); // Aspire's
    }

    private sealed class ScriptedCheck(Func<Task<HealthCheckResult>> next) : IHealthCheck
    {
        public ScriptedCheck(Func<HealthCheckResult> next) : this(() => Task.FromResult(next()))
        {
        }

        public int Runs { get; private set; }

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            Runs++;
            return next();
        }
    }
}
