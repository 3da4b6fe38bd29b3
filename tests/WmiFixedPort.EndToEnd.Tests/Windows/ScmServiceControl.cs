using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>The service control manager through advapi32: each call opens the service with only the rights it needs.
/// Queries never start a service (a WMI query would start winmgmt on demand).</summary>
[SupportedOSPlatform("windows")]
internal sealed class ScmServiceControl : IServiceControl
{
    private const uint ScManagerConnect = 0x0001;
    private const uint ServiceQueryStatus = 0x0004;
    private const uint ServiceEnumerateDependents = 0x0008;
    private const uint ServiceStart = 0x0010;
    private const uint ServiceStop = 0x0020;
    private const uint ServiceControlStop = 0x00000001;
    private const uint ServiceStateAll = 0x00000003;
    private const int ScStatusProcessInfo = 0;
    private const int ErrorMoreData = 234;

    public static ScmServiceControl Instance { get; } = new();

    public ServiceStatus Query(string service) => WithService(service, ServiceQueryStatus, handle =>
    {
        if (!QueryServiceStatusEx(handle, ScStatusProcessInfo, out ServiceStatusProcess status, Marshal.SizeOf<ServiceStatusProcess>(), out _))
        {
            throw new Win32Exception(Marshal.GetLastWin32Error(), $"QueryServiceStatusEx({service}) failed.");
        }

        return new ServiceStatus((ServiceState)status.CurrentState, (int)status.ProcessId);
    });

    public IReadOnlyList<string> DependentsOf(string service) => WithService(service, ServiceEnumerateDependents, handle =>
    {
        // Ask for the size first (ERROR_MORE_DATA), then read; retry if a dependent appeared in between.
        for (int attempt = 0; ; attempt++)
        {
            // With no buffer the call succeeds only when there is no dependent; otherwise it fails with ERROR_MORE_DATA
            // and gives the size (which is undefined on success, so it is not read then).
            if (EnumDependentServicesW(handle, ServiceStateAll, IntPtr.Zero, 0, out int needed, out int count))
            {
                return (IReadOnlyList<string>)Array.Empty<string>();
            }

            int sizeError = Marshal.GetLastWin32Error();
            if (sizeError != ErrorMoreData)
            {
                throw new Win32Exception(sizeError, $"EnumDependentServices({service}) failed.");
            }

            IntPtr buffer = Marshal.AllocHGlobal(needed);
            try
            {
                if (!EnumDependentServicesW(handle, ServiceStateAll, buffer, needed, out _, out count))
                {
                    int error = Marshal.GetLastWin32Error();
                    if (error == ErrorMoreData && attempt < 3)
                    {
                        continue;
                    }

                    throw new Win32Exception(error, $"EnumDependentServices({service}) failed.");
                }

                var names = new List<string>(count);
                int size = Marshal.SizeOf<EnumServiceStatus>();
                for (int i = 0; i < count; i++)
                {
                    EnumServiceStatus entry = Marshal.PtrToStructure<EnumServiceStatus>(buffer + (i * size));
                    names.Add(Marshal.PtrToStringUni(entry.ServiceName) ?? string.Empty);
                }

                return names;
            }
            finally
            {
                Marshal.FreeHGlobal(buffer);
            }
        }
    });

    public void RequestStop(string service) => WithService(service, ServiceStop, handle =>
    {
        if (!ControlService(handle, ServiceControlStop, out _))
        {
            int error = Marshal.GetLastWin32Error();
            throw new ServiceControlException(error, $"Stopping {service}: {new Win32Exception(error).Message} (error {error}).");
        }

        return true;
    });

    public void RequestStart(string service) => WithService(service, ServiceStart, handle =>
    {
        if (!StartServiceW(handle, 0, IntPtr.Zero))
        {
            int error = Marshal.GetLastWin32Error();
            throw new ServiceControlException(error, $"Starting {service}: {new Win32Exception(error).Message} (error {error}).");
        }

        return true;
    });

    private static T WithService<T>(string service, uint access, Func<IntPtr, T> action)
    {
        IntPtr manager = OpenSCManagerW(null, null, ScManagerConnect);
        if (manager == IntPtr.Zero)
        {
            throw new Win32Exception(Marshal.GetLastWin32Error(), "OpenSCManager failed.");
        }

        try
        {
            IntPtr handle = OpenServiceW(manager, service, access);
            if (handle == IntPtr.Zero)
            {
                throw new Win32Exception(Marshal.GetLastWin32Error(), $"OpenService({service}) failed.");
            }

            try
            {
                return action(handle);
            }
            finally
            {
                CloseServiceHandle(handle);
            }
        }
        finally
        {
            CloseServiceHandle(manager);
        }
    }

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

    [StructLayout(LayoutKind.Sequential)]
    private struct ServiceStatusPlain
    {
        public uint ServiceType;
        public uint CurrentState;
        public uint ControlsAccepted;
        public uint Win32ExitCode;
        public uint ServiceSpecificExitCode;
        public uint CheckPoint;
        public uint WaitHint;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct EnumServiceStatus
    {
        public IntPtr ServiceName;
        public IntPtr DisplayName;
        public ServiceStatusPlain Status;
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
    private static extern bool EnumDependentServicesW(IntPtr service, uint serviceState, IntPtr services, int bufferSize, out int bytesNeeded, out int servicesReturned);

    [DllImport("advapi32.dll", SetLastError = true, ExactSpelling = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool ControlService(IntPtr service, uint control, out ServiceStatusPlain status);

    [DllImport("advapi32.dll", SetLastError = true, ExactSpelling = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool StartServiceW(IntPtr service, int argumentCount, IntPtr arguments);

    [DllImport("advapi32.dll", SetLastError = true, ExactSpelling = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool CloseServiceHandle(IntPtr handle);
}

/// <summary>The real clock.</summary>
internal sealed class SystemClock : IClock
{
    public static SystemClock Instance { get; } = new();

    public DateTime UtcNow => DateTime.UtcNow;

    public void Sleep(TimeSpan duration) => System.Threading.Thread.Sleep(duration);
}
