namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>Appends command-line arguments when the resource starts.</summary>
public sealed class CommandLineArgsCallbackAnnotation(Func<CommandLineArgsCallbackContext, Task> callback) : IResourceAnnotation
{
    /// <summary>Creates an annotation that appends fixed arguments.</summary>
    public CommandLineArgsCallbackAnnotation(IEnumerable<string> args)
        : this(context => { foreach (var arg in args) { context.Args.Add(arg); } return Task.CompletedTask; })
    {
    }

    /// <summary>The callback.</summary>
    public Func<CommandLineArgsCallbackContext, Task> Callback { get; } = callback;
}
