namespace Aspire.Hosting.Python;

/// <summary>Marks a Python resource on which <c>WithDebugging()</c> was called (no IDE session is launched here).</summary>
public sealed class PythonDebuggingAnnotation : IResourceAnnotation;
