namespace TradingAspire.Hosting;

/// <summary><paramref name="From"/> starts only after <paramref name="To"/> (its wait target, or its parent when <paramref name="IsParent"/>).</summary>
internal readonly record struct WaitEdge(IResource From, IResource To, bool IsParent);
