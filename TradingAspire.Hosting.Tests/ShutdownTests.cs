using Microsoft.Extensions.Configuration;

namespace TradingAspire.Hosting.Tests;

/// <summary>The pure parts of the ordered shutdown: the stop order and the validated options.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public void Dependents_stop_before_what_they_wait_for_and_a_database_before_its_server()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], DisableDashboard = true });
        var postgres = builder.AddPostgresExecutable("postgres", port: 15432);
        var trading = postgres.AddDatabase("trading");
        var redis = builder.AddExecutable("redis", "sleep", ".", "300");
        var api = builder.AddExecutable("api", "sleep", ".", "300").WaitFor(trading).WaitFor(redis);
        builder.AddExecutable("worker", "sleep", ".", "300").WaitFor(api);
        builder.AddExecutable("ui", "sleep", ".", "300").WaitFor(api);

        var waves = OrderedShutdown.Waves(builder.Resources.ToList()).Select(w => w.Select(r => r.Name).Order(StringComparer.Ordinal).ToList()).ToList();

        Assert.Equal([["ui", "worker"], ["api"], ["redis", "trading"], ["postgres"]], waves);
    }

    [Fact]
    public void The_ordered_shutdown_is_added_by_AddOrderedShutdown_once_and_not_by_the_start_checks()
    {
        var checks = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], DisableDashboard = true });
        checks.AddTradingAspireChecks();
        var shutdown = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], DisableDashboard = true });
        shutdown.AddOrderedShutdown().AddOrderedShutdown();

        Assert.DoesNotContain(checks.Services, d => d.ServiceType == typeof(OrderedShutdown));
        Assert.Single(shutdown.Services, d => d.ServiceType == typeof(OrderedShutdown));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task A_bad_shutdown_setting_stops_the_start_before_any_process_starts()
    {
        await using var builder = DistributedApplicationTestingBuilder.Create(["--environment", "Development"], (options, _) => options.DisableDashboard = true);
        builder.Configuration["Shutdown:Timeout"] = "soon";
        builder.AddOrderedShutdown();
        await using var app = await builder.BuildAsync();

        var failure = await Assert.ThrowsAsync<DistributedApplicationException>(() => app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal("Configuration 'Shutdown:Timeout' = 'soon' is not valid: expected a duration hh:mm:ss from 00:00:01 to 00:05:00 " +
                     "(e.g. \"00:00:30\" in appsettings.json, or the environment variable Shutdown__Timeout=00:00:30).", failure.Message);
    }

    [Fact]
    public void The_dashboard_stops_after_every_service_that_sends_it_telemetry()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], DisableDashboard = true });
        builder.AddExecutable("aspire-dashboard", "sleep", ".", "300");
        var api = builder.AddExecutable("api", "sleep", ".", "300");
        builder.AddExecutable("worker", "sleep", ".", "300").WaitFor(api);

        var waves = OrderedShutdown.Waves(builder.Resources.ToList()).Select(w => w.Select(r => r.Name).Order(StringComparer.Ordinal).ToList()).ToList();

        Assert.Equal([["worker"], ["api"], ["aspire-dashboard"]], waves);
    }

    [Fact]
    public void Options_default_to_20_s_in_all_and_5_s_per_resource()
        => Assert.Equal(new ShutdownOptions(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5)), ShutdownOptions.From(Configuration()));

    [Fact]
    public void Options_are_read_as_durations()
        => Assert.Equal(new ShutdownOptions(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(1500)),
            ShutdownOptions.From(Configuration(("Shutdown:Timeout", "00:00:30"), ("Shutdown:GracePeriod", "00:00:01.5"))));

    [Theory]
    [InlineData("Shutdown:Timeout", "soon", "Configuration 'Shutdown:Timeout' = 'soon' is not valid: expected a duration hh:mm:ss from 00:00:01 to 00:05:00 (e.g. \"00:00:30\" in appsettings.json, or the environment variable Shutdown__Timeout=00:00:30).")]
    [InlineData("Shutdown:Timeout", "01:00:00", "Configuration 'Shutdown:Timeout' = '01:00:00' is not valid: expected a duration hh:mm:ss from 00:00:01 to 00:05:00 (e.g. \"00:00:30\" in appsettings.json, or the environment variable Shutdown__Timeout=00:00:30).")]
    [InlineData("Shutdown:GracePeriod", "00:01:00", "Configuration 'Shutdown:GracePeriod' = '00:01:00' is not valid: expected a duration hh:mm:ss from 00:00:00.1000000 to 00:00:20 (e.g. \"00:00:10\" in appsettings.json, or the environment variable Shutdown__GracePeriod=00:00:10).")]
    public void An_invalid_option_names_the_key_the_value_the_form_and_an_example(string key, string value, string message)
    {
        var failure = Assert.Throws<DistributedApplicationException>(() => ShutdownOptions.From(Configuration((key, value))));
        Assert.Equal(message, failure.Message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
