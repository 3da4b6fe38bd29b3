using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>winmgmt as the service control manager sees it, and the test's own way to switch and restart it
/// (used only to set up the pre-existing standalone host and to clean up after it).</summary>
[SupportedOSPlatform("windows")]
internal static class WinmgmtService
{
    private const string ServiceName = "winmgmt";
    private const uint ScManagerConnect = 0x0001;
    private const uint ServiceQueryStatus = 0x0004;
    private const int ScStatusProcessInfo = 0;

    /// <summary>The PID of the process hosting winmgmt; 0 when it is not running. Read from the SCM, so it works
    /// while WMI itself is down.</summary>
    public static int ProcessId()
    {
        IntPtr manager = OpenSCManagerW(null, null, ScManagerConnect);
        if (manager == IntPtr.Zero)
        {
            throw new Win32Exception(Marshal.GetLastWin32Error(), "OpenSCManager failed.");
        }

        try
        {
            IntPtr service = OpenServiceW(manager, ServiceName, ServiceQueryStatus);
            if (service == IntPtr.Zero)
            {
                throw new Win32Exception(Marshal.GetLastWin32Error(), "OpenService(winmgmt) failed.");
            }

            try
            {
                if (!QueryServiceStatusEx(service, ScStatusProcessInfo, out ServiceStatusProcess status, Marshal.SizeOf<ServiceStatusProcess>(), out _))
                {
                    throw new Win32Exception(Marshal.GetLastWin32Error(), "QueryServiceStatusEx(winmgmt) failed.");
                }

                return (int)status.ProcessId;
            }
            finally
            {
                CloseServiceHandle(service);
            }
        }
        finally
        {
            CloseServiceHandle(manager);
        }
    }

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

    /// <summary>Stops winmgmt and its dependents, starts winmgmt, then starts again exactly the dependents that were
    /// running (net start winmgmt alone would leave them stopped).</summary>
    public static void Restart() => PowerShell.Run("""
        $svc = Get-Service -Name winmgmt
        $running = @($svc.DependentServices | Where-Object { $_.Status -eq 'Running' } | ForEach-Object { $_.Name })
        Stop-Service -Name winmgmt -Force
        $svc.WaitForStatus('Stopped', [TimeSpan]::FromSeconds(120))
        Start-Service -Name winmgmt
        (Get-Service -Name winmgmt).WaitForStatus('Running', [TimeSpan]::FromSeconds(120))
        foreach ($name in $running) { Start-Service -Name $name }
        """, TimeSpan.FromMinutes(5));

    [StructLayout(LayoutKind.Sequential)]
    private struct ServiceStatusProcess
    {
        public uint ServiceType;
        public uint CurrentState;
        public uint ControlsAccepted;
        public uint Win32ExitCode;
        public uint ServiceSpecificExitCode;
        public uint CheckPoint;
        public uint WaitHint;
        public uint ProcessId;
        public uint ServiceFlags;
    }

    [DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode, ExactSpelling = true)]
    private static extern IntPtr OpenSCManagerW(string? machineName, string? databaseName, uint desiredAccess);

    [DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode, ExactSpelling = true)]
    private static extern IntPtr OpenServiceW(IntPtr manager, string serviceName, uint desiredAccess);

    [DllImport("advapi32.dll", SetLastError = true, ExactSpelling = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool QueryServiceStatusEx(IntPtr service, int infoLevel, out ServiceStatusProcess buffer, int bufferSize, out int bytesNeeded);

    [DllImport("advapi32.dll", SetLastError = true, ExactSpelling = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool CloseServiceHandle(IntPtr handle);
}
