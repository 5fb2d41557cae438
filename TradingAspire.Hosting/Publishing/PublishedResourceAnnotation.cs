namespace TradingAspire.Hosting;

/// <summary>In publish mode after <c>PublishAsContainer</c>: Aspire's resource that stands for this one in the model.</summary>
internal sealed record PublishedResourceAnnotation(IResourceWithConnectionString Resource) : IResourceAnnotation;
