namespace TradingAspire.Hosting;

/// <summary>Marks a Python resource on which <c>WithDebugging()</c> was called (no IDE session is launched here).</summary>
internal sealed class PythonDebuggingAnnotation : IResourceAnnotation;
