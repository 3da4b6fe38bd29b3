using System.Collections.Generic;

namespace WmiFixedPort.Machine;

/// <summary>The TCP ports a process listens on (GetExtendedTcpTable, IPv4 and IPv6, listeners owned by the process).</summary>
internal interface ITcpListeners
{
    IReadOnlyCollection<int> ListeningPorts(int processId);
}
