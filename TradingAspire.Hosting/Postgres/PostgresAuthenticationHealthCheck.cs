using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace TradingAspire.Hosting;

/// <summary>
/// The server's health check when PostgreSQL refuses the login: SQLSTATE 28P01 (the data directory was initialised with
/// another password) or 28000 (pg_hba.conf or the role rejects it). The result's description says what is wrong and how to
/// fix it; the AppHost's console and the resource's log get it as one error per run of refusals; and the server is asked
/// again only <see cref="RetryInterval"/> after it was last asked (each refusal is a FATAL line in its log, and the start-up
/// polling asks ten times a second), or at once after a restart of the server (pg_hba.conf may have been fixed). Each run of
/// a check is a new instance: what outlives it is the server's <see cref="Refusals"/>.
/// </summary>
internal sealed class PostgresAuthenticationHealthCheck(IHealthCheck inner, PostgresAuthenticationHealthCheck.Refusals refusals,
    PostgresExecutableResource server, string appHostProject, IConfiguration configuration, Action<string> logError, TimeProvider time) : IHealthCheck
{
    /// <summary>Aspire's longest wait between two runs of an unhealthy check.</summary>
    internal static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    internal static void Wrap(IDistributedApplicationBuilder builder, PostgresExecutableResource server, string key)
    {
        var refusals = new Refusals(builder.Eventing, server);
        var project = Path.GetFileName(Path.TrimEndingDirectorySeparator(builder.AppHostDirectory));
        builder.Services.Configure<HealthCheckServiceOptions>(options =>
        {
            var registration = options.Registrations.Single(r => r.Name == key); // before PublishAsContainer's (Aspire's) is added
            var factory = registration.Factory;
            registration.Factory = services =>
            {
                ILogger[] loggers = [services.GetRequiredService<ILoggerFactory>().CreateLogger("Aspire.Hosting.Postgres"),
                    services.GetRequiredService<ResourceLoggerService>().GetLogger(server)];
                return new PostgresAuthenticationHealthCheck(factory(services), refusals, server, project, builder.Configuration,
                    text => Array.ForEach(loggers, logger => logger.LogError("{Reason}", text)), services.GetRequiredService<TimeProvider>());
            };
        });
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        int starts;
        lock (refusals)
        {
            starts = refusals.Starts;
            if (refusals.Last is { } held && time.GetElapsedTime(refusals.At) < RetryInterval)
            {
                return held;
            }

            refusals.At = time.GetTimestamp(); // the hold runs from this ask, also for a check overlapping it
        }

        var result = await inner.CheckHealthAsync(context, cancellationToken).ConfigureAwait(false);
        lock (refusals)
        {
            if (refusals.Starts != starts)
            {
                return result; // the server started since the ask: its answer is no refusal of the new one to hold (or log)
            }

            if (result.Exception is not PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } refusal)
            {
                refusals.Last = null;
                return result;
            }

            var description = Describe(refusal);
            if (refusals.Last is null)
            {
                logError(description);
            }

            refusals.Last = new HealthCheckResult(context.Registration.FailureStatus, description, refusal);
            return refusals.Last.Value;
        }
    }

    /// <summary>
    /// The last refusal of one server's current run of refusals (null when its last result was no refusal or the server
    /// started since), the timestamp of the last ask and the number of the server's starts.
    /// </summary>
    internal sealed class Refusals
    {
        public Refusals(Aspire.Hosting.Eventing.IDistributedApplicationEventing eventing, IResource server)
            => eventing.Subscribe<BeforeResourceStartedEvent>(server, (_, _) =>
            {
                lock (this)
                {
                    (Last, Starts) = (null, Starts + 1);
                }

                return Task.CompletedTask;
            });

        public HealthCheckResult? Last { get; set; }

        public long At { get; set; }

        public int Starts { get; private set; }
    }

    private string Describe(PostgresException refusal)
    {
        var key = $"Parameters:{server.PasswordParameter.Name}"; // Aspire's key of a parameter (AddParameter, the generated default)
        var directory = server.DataDirectory;
        var afresh = $"to start afresh with the configured password, stop the AppHost, move the data directory aside (mv {directory} {directory}.old) and start again";
        if (refusal.SqlState == PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            return $"PostgreSQL refused the login ({refusal.SqlState}: {refusal.MessageText}). Fix: allow it in {Path.Combine(directory, "pg_hba.conf")} " +
                $"(initdb's line: host all all 127.0.0.1/32 scram-sha-256) and restart '{server.Name}'; or, {afresh}.";
        }

        // The last source giving the value in use; in-memory ones hold copies (ConfigurationSourcePlacement) or values set in code.
        var value = configuration[key];
        var source = (configuration as IConfigurationRoot)?.Providers.LastOrDefault(p => p is not MemoryConfigurationProvider && p.TryGet(key, out var v) && v == value) switch
        {
            null => "generated by Aspire or set in code",
            CommandLineConfigurationProvider => "set on the command line",
            EnvironmentVariablesConfigurationProvider => "set in the environment",
            FileConfigurationProvider file => $"set in {file.Source.Path}",
            var other => $"set in {other}",
        };
        return $"PostgreSQL refused the password ({refusal.SqlState}: {refusal.MessageText}): the data directory {directory} was initialised with " +
            $"another password than {key} gives ({source}). Fix: set the original one where Aspire keeps it, the AppHost's user secrets " +
            $"(dotnet user-secrets set {key} <password> --project {appHostProject}), and no other {key}; or, {afresh}.";
    }
}
