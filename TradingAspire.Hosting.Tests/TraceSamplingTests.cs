namespace TradingAspire.Hosting.Tests;

/// <summary>WithTraceSampling: the sampler variables every OTLP-exporting resource gets, over Aspire's always_on.</summary>
public sealed class TraceSamplingTests
{
    [Fact]
    public async Task Every_resource_exporting_telemetry_gets_the_parent_based_ratio_sampler_over_aspires_always_on()
    {
        var builder = DistributedApplicationTestingBuilder.Create(["--environment", "Development"], (options, _) => options.DisableDashboard = true);
        builder.Configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = "http://localhost:18890";
        var app = builder.AddPythonModule("strategy", Directory.CreateTempSubdirectory("sampling-").FullName, "strategy").Resource;
        var plain = builder.AddExecutable("tool", "true", ".").Resource;
        builder.WithTraceSampling(0.25);
        await using var built = await builder.BuildAsync();

        await built.Services.GetRequiredService<Aspire.Hosting.Eventing.IDistributedApplicationEventing>()
            .PublishAsync(new BeforeStartEvent(built.Services, built.Services.GetRequiredService<DistributedApplicationModel>()));

        var environment = await PythonModelTests.EnvironmentAsync(app);
        Assert.Equal("parentbased_traceidratio", environment["OTEL_TRACES_SAMPLER"]);
        Assert.Equal("0.25", environment["OTEL_TRACES_SAMPLER_ARG"]);
        Assert.DoesNotContain("OTEL_TRACES_SAMPLER", (await PythonModelTests.EnvironmentAsync(plain)).Keys);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_ratio_outside_0_to_1_is_refused_with_an_example(double ratio)
    {
        var builder = DistributedApplicationTestingBuilder.Create([], (options, _) => options.DisableDashboard = true);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => builder.WithTraceSampling(ratio));
        Assert.Contains("from 0 to 1", error.Message);
        Assert.Contains("0.1 keeps one trace in ten", error.Message);
    }
}
