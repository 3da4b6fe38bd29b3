using System.Collections.Generic;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Windows.Layout;

/// <summary>
/// The service control manager's structures (winsvc.h, Microsoft Learn), read from bytes:
/// <list type="bullet">
/// <item>SERVICE_STATUS_PROCESS, 36 bytes on x86 and x64: dwServiceType 0, dwCurrentState 4, dwControlsAccepted 8,
/// dwWin32ExitCode 12, dwServiceSpecificExitCode 16, dwCheckPoint 20, dwWaitHint 24, dwProcessId 28,
/// dwServiceFlags 32 (SERVICE_STATUS is its first 28 bytes).</item>
/// <item>ENUM_SERVICE_STATUSW (EnumDependentServicesW): lpServiceName, lpDisplayName, then a SERVICE_STATUS;
/// x64 8 + 8 + 28 = 44, padded to 48 for 8-byte alignment; x86 4 + 4 + 28 = 36.</item>
/// <item>QUERY_SERVICE_CONFIGW: dwServiceType, dwStartType, dwErrorControl, lpBinaryPathName, lpLoadOrderGroup,
/// dwTagId, lpDependencies, lpServiceStartName, lpDisplayName; x64 offsets 0, 4, 8, 16, 24, 32, 40, 48, 56 (64 bytes),
/// x86 offsets 0, 4, 8, 12, 16, 20, 24, 28, 32 (36 bytes).</item>
/// <item>SERVICE_LAUNCH_PROTECTED_INFO: one DWORD dwLaunchProtected (0 none ... 3 antimalware light).</item>
/// </list>
/// The strings the pointers refer to lie in the same buffer, after the fixed part.
/// </summary>
internal static class ServiceLayout
{
    public const int StatusProcessSize = 36;

    public static int EnumServiceStatusSize(int pointerSize) => pointerSize == 8 ? 48 : 36;

    public static ServiceStatus StatusProcess(byte[] buffer) => new(
        (ServiceState)LittleEndian.Int32(buffer, 4),
        processId: LittleEndian.Int32(buffer, 28),
        controlsAccepted: LittleEndian.Int32(buffer, 8),
        checkPoint: LittleEndian.Int32(buffer, 20),
        waitHintMilliseconds: LittleEndian.Int32(buffer, 24),
        win32ExitCode: LittleEndian.Int32(buffer, 12),
        serviceSpecificExitCode: LittleEndian.Int32(buffer, 16));

    /// <summary>The lpServiceName of each of <paramref name="count"/> ENUM_SERVICE_STATUSW entries.</summary>
    public static List<string> EnumServiceNames(byte[] buffer, long bufferAddress, int pointerSize, int count)
    {
        var names = new List<string>(count);
        int size = EnumServiceStatusSize(pointerSize);
        for (int i = 0; i < count; i++)
        {
            long pointer = LittleEndian.Pointer(buffer, i * size, pointerSize);
            int offset = LittleEndian.Offset(pointer, bufferAddress, buffer);
            names.Add(offset < 0 ? string.Empty : LittleEndian.String(buffer, offset));
        }

        return names;
    }

    /// <summary>
    /// QUERY_SERVICE_CONFIGW.lpDependencies: the service names it lists. A load ordering group is prefixed with
    /// SC_GROUP_IDENTIFIER ('+') and is not a service: left out.
    /// </summary>
    public static List<string> ConfigDependencies(byte[] buffer, long bufferAddress, int pointerSize)
    {
        int field = pointerSize == 8 ? 40 : 24;
        int offset = LittleEndian.Offset(LittleEndian.Pointer(buffer, field, pointerSize), bufferAddress, buffer);
        return offset < 0 ? new List<string>() : MultiString.Parse(buffer, offset).FindAll(name => name[0] != '+');
    }

    public static int LaunchProtected(byte[] buffer) => LittleEndian.Int32(buffer, 0);
}
