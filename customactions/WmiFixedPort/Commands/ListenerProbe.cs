using System.Globalization;
using System.Linq;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Commands;

/// <summary>Whether the process hosting winmgmt listens on the fixed port: listening, notListening, notApplicable, unknown.</summary>
internal sealed class ListenerProbe
{
    private ListenerProbe(int? port, string state, string note)
    {
        Port = port;
        State = state;
        Note = note;
    }

    public int? Port { get; }

    public string State { get; }

    public string Note { get; }

    public static ListenerProbe Probe(ITcpListeners listeners, HostConfiguration configuration, ServiceStatus winmgmt, bool staged)
    {
        int? port = configuration.Port;
        if (configuration.Mode != HostMode.Standalone || port is null)
        {
            return new ListenerProbe(null, "notApplicable", "winmgmt is not on a fixed port.");
        }

        string tcp = "TCP " + port.Value.ToString(CultureInfo.InvariantCulture);
        if (winmgmt.ProcessId == 0)
        {
            return new ListenerProbe(port, "notListening", $"winmgmt is {winmgmt.State} (it starts on demand).");
        }

        if (staged)
        {
            return new ListenerProbe(port, "notListening", $"Restart pending: {tcp} applies after the restart.");
        }

        try
        {
            return listeners.ListeningPorts(winmgmt.ProcessId).Contains(port.Value)
                ? new ListenerProbe(port, "listening", $"PID {winmgmt.ProcessId} listens on {tcp}.")
                : new ListenerProbe(
                    port,
                    "notListening",
                    $"PID {winmgmt.ProcessId} does not listen on {tcp} yet: DCOM opens it on first remote use. Query WMI once from another computer "
                    + "(Get-WmiObject Win32_OperatingSystem -ComputerName <this computer>), then run status again.");
        }
        catch (WindowsOperationException ex)
        {
            return new ListenerProbe(port, "unknown", ex.Message);
        }
    }
}
