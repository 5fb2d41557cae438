namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>Marker for a piece of declarative behaviour attached to a resource.</summary>
public interface IResourceAnnotation;
