using System;
using System.ComponentModel;
using System.Diagnostics;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Windows;

/// <summary>Process start times through System.Diagnostics.Process (OpenProcess + GetProcessTimes).</summary>
internal sealed class WindowsProcessInfo : IProcessInfo
{
    public DateTime? StartTimeUtc(int processId)
    {
        try
        {
            using Process process = Process.GetProcessById(processId);
            return process.StartTime.ToUniversalTime();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}
