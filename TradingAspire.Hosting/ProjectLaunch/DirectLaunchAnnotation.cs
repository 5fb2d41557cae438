namespace TradingAspire.Hosting;

/// <summary>Marks a project resource to be launched as its built program instead of through <c>dotnet run</c> (see <c>WithDirectLaunch</c>).</summary>
internal sealed class DirectLaunchAnnotation : IResourceAnnotation;
