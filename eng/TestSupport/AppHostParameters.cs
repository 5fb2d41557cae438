using Microsoft.Extensions.DependencyInjection;

namespace TradingAspire.TestSupport;

/// <summary>Values of the AppHost's parameters (the generated secrets) in a started test app.</summary>
internal static class AppHostParameters
{
    /// <summary>The value of parameter <paramref name="name"/> (e.g. <c>trader-password</c>).</summary>
    public static async Task<string> ParameterValueAsync(this DistributedApplication app, string name, CancellationToken cancellationToken = default)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().SingleOrDefault(p => p.Name == name)
            ?? throw new InvalidOperationException($"The AppHost has no parameter '{name}'.");
        return await parameter.GetValueAsync(cancellationToken) ?? throw new InvalidOperationException($"Parameter '{name}' has no value.");
    }
}
