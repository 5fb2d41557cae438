using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Testing;

/// <summary>The AppHost builder as a test sees it: change the model or configuration, then build.</summary>
public interface IDistributedApplicationTestingBuilder : IDistributedApplicationBuilder, IAsyncDisposable
{
    /// <summary>The temporary directory holding this application's state and logs; deleted on dispose.</summary>
    string TestDirectory { get; }

    /// <summary>Builds the application (validation errors throw <see cref="DistributedApplicationValidationException"/>).</summary>
    Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default);
}
