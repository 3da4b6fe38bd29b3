using System;
using System.Runtime.Versioning;

namespace WmiFixedPort.Windows;

/// <summary>
/// The last line of defence behind CliApplication's own handler: no Windows Error Reporting dialog
/// (SetErrorMode SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX), and an exception that escapes on any thread
/// ends the process with one line and exit code 1 instead of a crash report.
/// </summary>
[SupportedOSPlatform("windows")]
internal static class CrashGuard
{
    public static void Install()
    {
        _ = NativeMethods.SetErrorMode(NativeMethods.SemFailCriticalErrors | NativeMethods.SemNoGpFaultErrorBox);
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            Console.Out.WriteLine("ERROR: Unexpected error, stopped: " + (e.ExceptionObject as Exception)?.Message);
            Console.Out.Flush();
            Environment.Exit(1);
        };
    }
}
