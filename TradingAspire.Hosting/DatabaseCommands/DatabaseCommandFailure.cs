namespace TradingAspire.Hosting;

/// <summary>A database command cannot go on; the message says what happened and what to do (it becomes the command's failure result).</summary>
internal sealed class DatabaseCommandFailure(string message) : Exception(message);
