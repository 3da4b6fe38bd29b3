using System;
using System.Runtime.Versioning;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Windows;

/// <summary>
/// The Application log, source WmiFixedPort (registered by the MSI with util:EventSource and the .NET Framework's
/// EventLogMessages.dll, whose every event id shows its single string). Event ids: 1000 information,
/// 1001 warning, 1002 error.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsEventLog : IEventLog
{
    public const string Source = "WmiFixedPort";
    private const int MaximumLength = 30000;

    public bool Write(EventKind kind, string message)
    {
        IntPtr log = NativeMethods.RegisterEventSource(null, Source);
        if (log == IntPtr.Zero)
        {
            return false;
        }

        try
        {
            short type = kind switch
            {
                EventKind.Error => NativeMethods.EventLogErrorType,
                EventKind.Warning => NativeMethods.EventLogWarningType,
                _ => NativeMethods.EventLogInformationType,
            };
            int id = 1000 + (int)kind;
            string text = message.Length > MaximumLength ? message.Substring(0, MaximumLength) : message;
            return NativeMethods.ReportEvent(log, type, 0, id, IntPtr.Zero, 1, 0, new[] { text }, IntPtr.Zero);
        }
        finally
        {
            NativeMethods.DeregisterEventSource(log);
        }
    }
}
