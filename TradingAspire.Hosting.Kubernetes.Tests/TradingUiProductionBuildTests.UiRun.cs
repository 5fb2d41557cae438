using Microsoft.Extensions.DependencyInjection;
using TradingAspire.TestSupport;

namespace TradingAspire.Hosting.Kubernetes.Tests;

public sealed partial class TradingUiProductionBuildTests
{
    /// <summary>
    /// An AppHost of trading-ui alone (an app directory, <c>npm run {script}</c>, no install, <c>WithBuildBeforeStart()</c>
    /// or not) in an environment, started, with every state text and log line of the UI recorded from the start.
    /// </summary>
    private sealed class UiRun : IAsyncDisposable
    {
        private readonly DistributedApplication _app;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<string> _states = [], _lines = [];
        private Task _watch, _started = Task.CompletedTask;

        private UiRun(DistributedApplication app)
        {
            _app = app;
            _watch = Record(app.ResourceNotifications.WatchAsync(_stop.Token),
                e => e.Resource.Name == Ui && e.Snapshot.State?.Text is { } s && (_states.Count == 0 || _states[^1] != s) ? [s] : [], _states);
        }

        /// <summary>The log lines, from the backlog on (watched once started: the log of a replica is found by its DCP name).</summary>
        private void RecordLog()
        {
            var model = _app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == Ui);
            _watch = Task.WhenAll(_watch, Record(_app.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(model), batch => batch.Select(l => l.Content), _lines));
        }

        public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

        /// <summary>Starts it; with <paramref name="untilBuilding"/> returns once the build runs (Aspire's start waits for the build).</summary>
        public static async Task<UiRun> StartAsync(string directory, string environment, string script, bool build, bool untilBuilding = false,
            bool restartPolicy = false, string[]? dependencies = null)
        {
            var builder = DistributedApplicationTestingBuilder.Create(["--environment", environment], (options, _) => options.DisableDashboard = true);
            var ui = builder.AddViteApp(Ui, directory, script).WithNpm(install: false);
            foreach (var name in dependencies ?? [])
            {
                // As with the dashboard on (Aspire's default then): the start's wait waits for a stopped dependency instead of failing.
                builder.Services.Configure<ResourceNotificationServiceOptions>(o => o.DefaultWaitBehavior = WaitBehavior.WaitOnResourceUnavailable);
                ui.WaitFor(builder.AddExecutable(name, "sleep", Path.GetTempPath(), "300"));
            }

            if (restartPolicy)
            {
                ui.WithRestartPolicy(initialDelay: TimeSpan.FromMilliseconds(200));   // before the build, as in the AppHost
            }

            if (build)
            {
                ui.WithBuildBeforeStart();
            }

            var app = await builder.BuildAsync();
            var run = new UiRun(app);
            run._started = app.StartAsync();
            if (untilBuilding)
            {
                await run.WaitForAsync(e => e.Snapshot.State?.Text?.StartsWith("Building", StringComparison.Ordinal) == true, "Building", BuildAndServeDeadline);
                run.RecordLog();
                return run;
            }

            await run._started;
            run.RecordLog();
            run.Http.BaseAddress = new Uri(await ui.Resource.GetEndpoint("http").GetValueAsync() ?? throw new InvalidOperationException("No http endpoint."));
            return run;
        }

        public List<string> States()
        {
            lock (_states)
            {
                return [.. _states];
            }
        }

        public List<string> Lines()
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }

        public async Task<ResourceEvent> WaitForAsync(Func<ResourceEvent, bool> condition, string what, TimeSpan timeout)
        {
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                return await _app.ResourceNotifications.WaitForResourceAsync(Ui, condition, deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"{Ui} did not reach {what} within {timeout}. States: {string.Join(" → ", States())}; log:\n{string.Join('\n', Lines())}");
            }
        }

        /// <summary>Waits for Running; a start that ended instead (FailedToStart, an exit) fails at once, with the states and the log.</summary>
        public async Task WaitForRunningAsync(TimeSpan timeout)
        {
            var state = (await WaitForAsync(e => e.Snapshot.State?.Text is { } s && (s == KnownResourceStates.Running || KnownResourceStates.TerminalStates.Contains(s)),
                "Running", timeout)).Snapshot.State?.Text;
            Assert.True(state == KnownResourceStates.Running, $"{Ui} ended {state} instead of Running. States: {string.Join(" → ", States())}; log:\n{string.Join('\n', Lines())}");
        }

        /// <summary>Fails if a state other than <paramref name="what"/> shows within <paramref name="window"/> (an absence: it has to be watched for a while).</summary>
        public async Task AssertStaysAsync(Func<ResourceEvent, bool> condition, string what, TimeSpan window)
        {
            using var deadline = new CancellationTokenSource(window);
            try
            {
                var left = await _app.ResourceNotifications.WaitForResourceAsync(Ui, e => !condition(e), deadline.Token);
                Assert.Fail($"{Ui} did not stay {what}: {left.Snapshot.State?.Text}. States: {string.Join(" → ", States())}");
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
            }
        }

        public Task WaitForLogAsync(string fragment) => Poll.UntilAsync(() => Task.FromResult(Lines().Any(l => l.Contains(fragment, StringComparison.Ordinal))),
            () => $"No log line of {Ui} contains \"{fragment}\". Log:\n{string.Join('\n', Lines())}", TimeSpan.FromSeconds(30));

        /// <summary>The body of <c>GET /</c> once it answers 200.</summary>
        public async Task<string> WaitForPageAsync()
        {
            var page = "";
            await Poll.UntilAsync(async () =>
            {
                try
                {
                    using var response = await Http.GetAsync("/");
                    page = response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
                }
                catch (HttpRequestException)
                {
                }

                return page.Length > 0;
            }, () => $"{Ui} did not serve / within {BuildAndServeDeadline}. Log:\n{string.Join('\n', Lines())}", BuildAndServeDeadline);
            return page;
        }

        public Task StopAppHostAsync() => _app.StopAsync();

        public Task<ExecuteCommandResult> ExecuteAsync(string command, CancellationToken cancellationToken) => ExecuteAsync(Ui, command, cancellationToken);

        public Task<ExecuteCommandResult> ExecuteAsync(string resource, string command, CancellationToken cancellationToken)
            => _app.ResourceCommands.ExecuteCommandAsync(resource, command, cancellationToken);

        /// <summary>Aspire's stop command; the process must end with its own exit code (0, or 143 = 128 + SIGTERM), not DCP's kill after the grace (-1).</summary>
        public async Task StopAndAssertExitedItselfAsync()
        {
            Assert.True((await _app.ResourceCommands.ExecuteCommandAsync(Ui, KnownResourceCommands.StopCommand)).Success);
            var ended = await WaitForAsync(e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), "a terminal state", StopDeadline);
            Assert.True(ended.Snapshot.ExitCode is 0 or 143,
                $"{Ui} ended {ended.Snapshot.State?.Text} with exit code {ended.Snapshot.ExitCode}: DCP killed it after its grace period, the SIGTERM did not reach Vite (a package.json script without exec?).");
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await Xunit.Record.ExceptionAsync(() => _started);   // observed, not rethrown: a failed start is the test's to report, not this
            await _stop.CancelAsync();
            await _watch;
            await _app.DisposeAsync();
            _stop.Dispose();
            Http.Dispose();
        }

        private Task Record<T>(IAsyncEnumerable<T> source, Func<T, IEnumerable<string>> select, List<string> into) => Task.Run(async () =>
        {
            try
            {
                await foreach (var item in source.WithCancellation(_stop.Token))
                {
                    lock (into)
                    {
                        into.AddRange(select(item));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }
}
