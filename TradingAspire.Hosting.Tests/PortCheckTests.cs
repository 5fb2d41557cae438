using System.Net;
using System.Net.Sockets;

namespace TradingAspire.Hosting.Tests;

/// <summary>A fixed port already taken fails its resource, naming the port, its owner and the setting to change.</summary>
public sealed class PortCheckTests
{
    [Fact]
    public void A_listener_on_loopback_is_found_with_its_pid_and_command_line()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var listener = Assert.Single(PortListeners.On(port));

        Assert.Equal(new PortListener("127.0.0.1", port, Environment.ProcessId, CommandLineOf(Environment.ProcessId)), listener);
    }

    [Fact]
    public void A_port_nobody_listens_on_has_no_listener()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        Assert.Empty(PortListeners.On(port));
    }

    internal static string CommandLineOf(int pid)
    {
        var text = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        return text.Length > 200 ? text[..200] + "…" : text;
    }
}
