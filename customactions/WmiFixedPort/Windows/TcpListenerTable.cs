using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Windows;

/// <summary>
/// GetExtendedTcpTable(TCP_TABLE_OWNER_PID_LISTENER) for IPv4 (MIB_TCPROW_OWNER_PID, 24 bytes: state, local
/// address, local port, remote address, remote port, pid) and IPv6 (MIB_TCP6ROW_OWNER_PID, 56 bytes: local address
/// 16, scope 4, local port 4, remote address 16, scope 4, remote port 4, state 4, pid 4). Ports are in network
/// byte order in the low 16 bits.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class TcpListenerTable : ITcpListeners
{
    public IReadOnlyCollection<int> ListeningPorts(int processId)
    {
        var ports = new SortedSet<int>();
        Read(NativeMethods.AfInet, rowSize: 24, portOffset: 8, pidOffset: 20, processId, ports);
        Read(NativeMethods.AfInet6, rowSize: 56, portOffset: 20, pidOffset: 52, processId, ports);
        return ports;
    }

    private static void Read(int family, int rowSize, int portOffset, int pidOffset, int processId, SortedSet<int> ports)
    {
        int size = 0;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            IntPtr table = size == 0 ? IntPtr.Zero : Marshal.AllocHGlobal(size);
            try
            {
                int error = NativeMethods.GetExtendedTcpTable(table, ref size, false, family, NativeMethods.TcpTableOwnerPidListener, 0);
                if (error == NativeMethods.ErrorInsufficientBuffer)
                {
                    continue;
                }

                if (error != 0)
                {
                    throw new WindowsOperationException($"could not read the TCP listener table: Windows error {error}", error);
                }

                int count = Marshal.ReadInt32(table);
                for (int row = 0; row < count; row++)
                {
                    IntPtr start = table + 4 + (row * rowSize);
                    if (Marshal.ReadInt32(start + pidOffset) == processId)
                    {
                        int raw = Marshal.ReadInt32(start + portOffset);
                        ports.Add(((raw & 0xFF) << 8) | ((raw >> 8) & 0xFF));
                    }
                }

                return;
            }
            finally
            {
                if (table != IntPtr.Zero)
                {
                    Marshal.FreeHGlobal(table);
                }
            }
        }

        throw new WindowsOperationException("could not read the TCP listener table: it kept growing", NativeMethods.ErrorInsufficientBuffer);
    }
}
