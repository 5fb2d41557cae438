namespace TradingAspire.Hosting;

/// <summary>Where a native server keeps its data (absolute): <c>WithDataDirectory</c>/<c>WithPersistence</c>, or the placement moved it.</summary>
internal sealed record DataDirectoryAnnotation(string Path) : IResourceAnnotation;
