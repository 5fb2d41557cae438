namespace Aspire.Hosting.ApplicationModel;

/// <summary>A POSIX signal the ordered shutdown sends to a resource's process instead of DCP's SIGTERM (Linux numbers).</summary>
public enum ShutdownSignal
{
    /// <summary>SIGINT (2): PostgreSQL's "fast" shutdown (roll back open transactions, disconnect clients, checkpoint).</summary>
    Interrupt = 2,

    /// <summary>SIGQUIT (3): PostgreSQL's "immediate" shutdown (no checkpoint; crash recovery at the next start).</summary>
    Quit = 3,

    /// <summary>SIGTERM (15): what DCP sends anyway; PostgreSQL's "smart" shutdown waits for every client to leave.</summary>
    Terminate = 15,
}
