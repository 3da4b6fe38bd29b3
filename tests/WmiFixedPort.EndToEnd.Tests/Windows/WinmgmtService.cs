using System;
using System.IO;
using System.Runtime.Versioning;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>winmgmt as the service control manager sees it, and the test's own way to switch and restart it
/// (used only to set up a pre-existing standalone host and to clean up).</summary>
[SupportedOSPlatform("windows")]
internal static class WinmgmtService
{
    /// <summary>The PID of the process hosting winmgmt; 0 when it is not running. Read from the SCM, so it works
    /// while WMI itself is down and never starts winmgmt.</summary>
    public static int ProcessId() => ScmServiceControl.Instance.Query(WinmgmtRestarter.Winmgmt).ProcessId;

    /// <summary>Runs %SystemRoot%\System32\wbem\winmgmt.exe with the given switch (e.g. /standalonehost 4).</summary>
    public static void Switch(params string[] arguments)
    {
        string exe = Path.Combine(Environment.SystemDirectory, "wbem", "winmgmt.exe");
        ProcessResult result = ProcessRunner.Run(exe, arguments, TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"winmgmt {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.StandardOutput} {result.StandardError}");
        }
    }

    /// <summary>Restarts winmgmt the way the product does (<see cref="WinmgmtRestarter"/>): every active dependent,
    /// transitively, stopped and started again; a new PID during the stop counts as stopped.</summary>
    public static WinmgmtRestartReport Restart() =>
        new WinmgmtRestarter(ScmServiceControl.Instance, SystemClock.Instance, TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(250)).Restart();
}
