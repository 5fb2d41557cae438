using TradingAspire.Hosting.Orchestration;

namespace TradingAspire.Tests.Unit;

public sealed class DependencyGraphTests
{
    private static ExecutableResource Resource(string name) => new(name, "true", "/");

    private static void Wait(IResource from, IResource to) => from.Annotations.Add(new WaitAnnotation(to, WaitType.WaitUntilHealthy));

    [Fact]
    public void StartOrderPutsEveryResourceAfterItsDependencies()
    {
        var ui = Resource("trading-ui");
        var api = Resource("trading-api");
        var gateway = Resource("gateway");
        var db = Resource("postgres");
        Wait(ui, api);
        Wait(api, gateway);
        Wait(gateway, db);

        var (graph, errors) = DependencyGraph.Build([ui, api, gateway, db]);

        Assert.Empty(errors);
        Assert.Equal(["postgres", "gateway", "trading-api", "trading-ui"], graph!.StartOrder().Select(r => r.Name));
        Assert.Equal(["trading-ui", "trading-api", "gateway", "postgres"], graph.StopOrder().Select(r => r.Name));
    }

    [Fact]
    public void IndependentResourcesKeepDeclarationOrder()
    {
        var (graph, _) = DependencyGraph.Build([Resource("redis"), Resource("postgres"), Resource("prometheus")]);

        Assert.Equal(["redis", "postgres", "prometheus"], graph!.StartOrder().Select(r => r.Name));
    }

    [Fact]
    public void CycleIsReportedWithTheResourcesInvolved()
    {
        var a = Resource("a");
        var b = Resource("b");
        var c = Resource("c");
        Wait(a, b);
        Wait(b, c);
        Wait(c, a);

        var (graph, errors) = DependencyGraph.Build([a, b, c]);

        Assert.Null(graph);
        Assert.Equal(
            "Dependency cycle: a → b → c → a. A resource cannot wait for itself through others; remove one of these WaitFor calls.",
            Assert.Single(errors));
    }

    [Fact]
    public void WaitingForAResourceOutsideTheModelIsReported()
    {
        var gateway = Resource("gateway");
        Wait(gateway, Resource("redis"));

        var (_, errors) = DependencyGraph.Build([gateway]);

        Assert.Equal(
            "Resource 'gateway' waits for 'redis', which is not in the application model. Add 'redis' to the builder or remove .WaitFor(redis).",
            Assert.Single(errors));
    }

    [Fact]
    public void ReferencingAResourceOutsideTheModelIsReported()
    {
        var api = Resource("trading-api");
        api.Annotations.Add(new ResourceRelationshipAnnotation(Resource("gateway"), "Reference"));

        var (_, errors) = DependencyGraph.Build([api]);

        Assert.Equal(
            "Resource 'trading-api' references 'gateway', which is not in the application model. Add 'gateway' to the builder or remove .WithReference(gateway).",
            Assert.Single(errors));
    }

    [Fact]
    public void DependentsAreTheResourcesThatWaitForOne()
    {
        var db = Resource("postgres");
        var gateway = Resource("gateway");
        var api = Resource("trading-api");
        Wait(gateway, db);
        Wait(api, db);

        var (graph, _) = DependencyGraph.Build([db, gateway, api]);

        Assert.Equal(["gateway", "trading-api"], graph!.DependentsOf(db).Select(r => r.Name));
    }
}
