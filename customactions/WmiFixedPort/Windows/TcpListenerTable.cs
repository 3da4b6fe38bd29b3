using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using WmiFixedPort.Machine;
using WmiFixedPort.Windows.Layout;

namespace WmiFixedPort.Windows;

/// <summary>
/// GetExtendedTcpTable(TCP_TABLE_OWNER_PID_LISTENER) for IPv4 and IPv6; the rows are read by
/// <see cref="TcpTableLayout"/> (tested off Windows against the documented layout).
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class TcpListenerTable : ITcpListeners
{
    public IReadOnlyCollection<int> ListeningPorts(int processId)
    {
        var ports = new SortedSet<int>();
        Read(NativeMethods.AfInet, ipv6: false, processId, ports);
        Read(NativeMethods.AfInet6, ipv6: true, processId, ports);
        return ports;
    }

    private static void Read(int family, bool ipv6, int processId, SortedSet<int> ports)
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

                var bytes = new byte[size];
                Marshal.Copy(table, bytes, 0, size);
                try
                {
                    ports.UnionWith(TcpTableLayout.PortsOwnedBy(bytes, ipv6, processId));
                }
                catch (FormatException ex)
                {
                    throw new WindowsOperationException("could not read the TCP listener table: " + ex.Message);
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
