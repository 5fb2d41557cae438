using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Orchestration;

/// <summary>A resource and its snapshot at the moment of a change.</summary>
public sealed record ResourceEvent(IResource Resource, ResourceSnapshot Snapshot);
