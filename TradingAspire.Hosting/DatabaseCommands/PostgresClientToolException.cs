namespace TradingAspire.Hosting;

/// <summary>A PostgreSQL client program exited non-zero; the message carries its exit code and standard error.</summary>
internal sealed class PostgresClientToolException(string message) : Exception(message);
