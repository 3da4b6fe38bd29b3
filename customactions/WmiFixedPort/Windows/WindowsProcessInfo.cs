using System;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;
using WmiFixedPort.Machine;
using WmiFixedPort.Windows.Layout;

namespace WmiFixedPort.Windows;

/// <summary>
/// A process's creation time as the kernel keeps it: GetProcessTimes' lpCreationTime, a FILETIME in UTC
/// (learn.microsoft.com/windows/win32/api/processthreadsapi/nf-processthreadsapi-getprocesstimes), read with
/// PROCESS_QUERY_LIMITED_INFORMATION. Not Process.StartTime, which is local time: converted back to UTC it can shift
/// by an hour around a daylight-saving change, and a staged mark would then never match.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsProcessInfo : IProcessInfo
{
    public DateTime? StartTimeUtc(int processId)
    {
        if (processId == 0)
        {
            return null;
        }

        using SafeProcessHandle process = NativeMethods.OpenProcess(NativeMethods.ProcessQueryLimitedInformation, false, processId);
        return !process.IsInvalid && NativeMethods.GetProcessTimes(process, out long created, out _, out _, out _)
            ? FileTime.ToUtc(created)
            : null;
    }
}

