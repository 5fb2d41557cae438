using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.Logging;

namespace TradingAspire.Hosting;

/// <summary>
/// Runs <see cref="ModelCheck"/> on <see cref="BeforeStartEvent"/>, before DCP or any process starts. A problem is
/// logged (critical) and thrown as a <see cref="DistributedApplicationException"/>: <c>app.StartAsync()</c> and
/// <c>builder.Build().Run()</c> fail with it, so the AppHost exits with a non-zero code within seconds instead of
/// waiting forever.
/// </summary>
internal sealed class ModelCheckSubscriber(ILogger<ModelCheckSubscriber> logger) : IDistributedApplicationEventingSubscriber
{
    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext,
        CancellationToken cancellationToken)
    {
        if (executionContext.IsRunMode)
        {
            eventing.Subscribe<BeforeStartEvent>((e, _) =>
            {
                Check(e.Model);
                return Task.CompletedTask;
            });
        }

        return Task.CompletedTask;
    }

    private void Check(DistributedApplicationModel model)
    {
        var problems = ModelCheck.FindProblems(model.Resources.ToList());
        if (problems.Count == 0)
        {
            return;
        }

        var message = problems.Count == 1
            ? $"The application model cannot start: {problems[0]}"
            : $"The application model cannot start ({problems.Count} problems):{string.Concat(problems.Select(p => $"{Environment.NewLine}- {p}"))}";
        logger.LogCritical("{Message}", message);
        throw new DistributedApplicationException(message);
    }
}
