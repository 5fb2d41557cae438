namespace TradingAspire.Hosting;

/// <summary>Redis's append-only file is on, with this fsync policy (<c>everysec</c>, <c>always</c> or <c>no</c>): <c>WithPersistence</c>.</summary>
internal sealed record RedisPersistenceAnnotation(string AppendFsync) : IResourceAnnotation;
