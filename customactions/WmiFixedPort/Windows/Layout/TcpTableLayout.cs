using System.Collections.Generic;

namespace WmiFixedPort.Windows.Layout;

/// <summary>
/// The tables GetExtendedTcpTable returns for TCP_TABLE_OWNER_PID_LISTENER (tcpmib.h; the same sizes on x86 and x64,
/// there are no pointers): a DWORD dwNumEntries, then the rows. MIB_TCPROW_OWNER_PID, 24 bytes: dwState 0,
/// dwLocalAddr 4, dwLocalPort 8, dwRemoteAddr 12, dwRemotePort 16, dwOwningPid 20. MIB_TCP6ROW_OWNER_PID, 56 bytes:
/// ucLocalAddr[16] 0, dwLocalScopeId 16, dwLocalPort 20, ucRemoteAddr[16] 24, dwRemoteScopeId 40, dwRemotePort 44,
/// dwState 48, dwOwningPid 52. A port is in network byte order in the low 16 bits of its DWORD
/// (learn.microsoft.com/windows/win32/api/tcpmib/ns-tcpmib-mib_tcprow_owner_pid, ...-mib_tcp6row_owner_pid).
/// </summary>
internal static class TcpTableLayout
{
    public const int RowSize4 = 24;
    public const int RowSize6 = 56;

    /// <summary>The local ports of the rows owned by <paramref name="processId"/>.</summary>
    public static IEnumerable<int> PortsOwnedBy(byte[] table, bool ipv6, int processId)
    {
        int rowSize = ipv6 ? RowSize6 : RowSize4;
        int portOffset = ipv6 ? 20 : 8;
        int pidOffset = ipv6 ? 52 : 20;
        int count = LittleEndian.Int32(table, 0);
        var ports = new List<int>();
        for (int row = 0; row < count; row++)
        {
            int start = 4 + (row * rowSize);
            if (LittleEndian.Int32(table, start + pidOffset) == processId)
            {
                ports.Add((table[start + portOffset] << 8) | table[start + portOffset + 1]);
            }
        }

        return ports;
    }
}
