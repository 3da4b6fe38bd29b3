using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using WmiFixedPort.Machine;
using WmiFixedPort.Windows.Layout;

namespace WmiFixedPort.Windows;

/// <summary>
/// The service control manager through advapi32. Thin: no decisions beyond "already stopped/running is fine"; every
/// structure is copied into a byte array and read by <see cref="ServiceLayout"/> (tested off Windows).
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class ServiceControlManager : IServiceControl
{
    public ServiceStatus Query(string serviceName)
    {
        using ServiceHandle service = Open(serviceName, NativeMethods.ServiceQueryStatus);
        var buffer = new byte[ServiceLayout.StatusProcessSize];
        if (!NativeMethods.QueryServiceStatusEx(service, NativeMethods.ScStatusProcessInfo, buffer, buffer.Length, out _))
        {
            throw Failure("query the status of service " + serviceName);
        }

        return ServiceLayout.StatusProcess(buffer);
    }

    public IReadOnlyList<string> GetDependentServices(string serviceName)
    {
        using ServiceHandle service = Open(serviceName, NativeMethods.ServiceEnumerateDependents);
        int size = 0;
        for (int attempt = 0; ; attempt++)
        {
            // A dependent installed between the sizing call and this one makes the buffer short again
            // (ERROR_MORE_DATA): size it anew, a few times.
            IntPtr buffer = size == 0 ? IntPtr.Zero : Marshal.AllocHGlobal(size);
            try
            {
                if (NativeMethods.EnumDependentServices(service, NativeMethods.ServiceStateAll, buffer, size, out int needed, out int count))
                {
                    return Parsed("list the services that depend on " + serviceName, () => ServiceLayout.EnumServiceNames(Copy(buffer, size), LittleEndian.Address(buffer.ToInt64(), IntPtr.Size), IntPtr.Size, count));
                }

                int error = Marshal.GetLastWin32Error();
                if (error != NativeMethods.ErrorMoreData || attempt == 4)
                {
                    throw Failure("list the services that depend on " + serviceName, error);
                }

                size = needed;
            }
            finally
            {
                if (buffer != IntPtr.Zero)
                {
                    Marshal.FreeHGlobal(buffer);
                }
            }
        }
    }

    public bool CanStop(string serviceName)
    {
        using ServiceHandle manager = OpenManager();
        using ServiceHandle service = NativeMethods.OpenService(manager, serviceName, NativeMethods.ServiceStop);
        int error = service.IsInvalid ? Marshal.GetLastWin32Error() : 0;
        if (error != 0 && error != NativeMethods.ErrorAccessDenied)
        {
            throw Failure("open service " + serviceName, error);
        }

        return error == 0;
    }

    public IReadOnlyList<string> GetDependencies(string serviceName)
    {
        using ServiceHandle service = Open(serviceName, NativeMethods.ServiceQueryConfig);
        NativeMethods.QueryServiceConfig(service, IntPtr.Zero, 0, out int needed);
        int error = Marshal.GetLastWin32Error();
        for (int attempt = 0; ; attempt++)
        {
            if (error != NativeMethods.ErrorInsufficientBuffer || attempt == 4)
            {
                throw Failure("read the configuration of service " + serviceName, error);
            }

            // A configuration changed between the sizing call and this one (a dependency added) makes the buffer
            // short again (ERROR_INSUFFICIENT_BUFFER with the new size): size it anew, a few times.
            IntPtr buffer = Marshal.AllocHGlobal(needed);
            try
            {
                int size = needed;
                if (NativeMethods.QueryServiceConfig(service, buffer, size, out needed))
                {
                    return Parsed("read the configuration of service " + serviceName, () => ServiceLayout.ConfigDependencies(Copy(buffer, size), LittleEndian.Address(buffer.ToInt64(), IntPtr.Size), IntPtr.Size));
                }

                error = Marshal.GetLastWin32Error();
            }
            finally
            {
                Marshal.FreeHGlobal(buffer);
            }
        }
    }

    public int LaunchProtection(string serviceName)
    {
        using ServiceHandle manager = OpenManager();
        using ServiceHandle service = NativeMethods.OpenService(manager, serviceName, NativeMethods.ServiceQueryConfig);
        int error = service.IsInvalid ? Marshal.GetLastWin32Error() : 0;
        var buffer = new byte[4];
        if (error == 0)
        {
            if (NativeMethods.QueryServiceConfig2(service, NativeMethods.ServiceConfigLaunchProtected, buffer, buffer.Length, out _))
            {
                return ServiceLayout.LaunchProtected(buffer);
            }

            error = Marshal.GetLastWin32Error();
        }

        // Before Windows 8.1 the level does not exist (ERROR_INVALID_LEVEL, or ERROR_INVALID_PARAMETER): no launch
        // protection. A DACL that denies SERVICE_QUERY_CONFIG hides it: CanStop and, at run time, the stop decide.
        return error is NativeMethods.ErrorInvalidLevel or NativeMethods.ErrorInvalidParameter or NativeMethods.ErrorAccessDenied
            ? 0
            : throw Failure("read the launch protection of service " + serviceName, error);
    }

    public void Stop(string serviceName, int reason)
    {
        using ServiceHandle service = Open(serviceName, NativeMethods.ServiceStop);
        var parameters = new NativeMethods.ServiceControlStatusReasonParams { Reason = reason, Comment = "WmiFixedPort: winmgmt's DCOM port configuration changes" };
        if (!NativeMethods.ControlServiceEx(service, NativeMethods.ServiceControlStop, NativeMethods.ServiceControlStatusReasonInfo, ref parameters))
        {
            int error = Marshal.GetLastWin32Error();
            if (error != NativeMethods.ErrorServiceNotActive)
            {
                throw Failure("stop service " + serviceName, error);
            }
        }
    }

    public void Start(string serviceName)
    {
        using ServiceHandle service = Open(serviceName, NativeMethods.ServiceStart);
        if (!NativeMethods.StartService(service, 0, IntPtr.Zero))
        {
            int error = Marshal.GetLastWin32Error();
            if (error != NativeMethods.ErrorServiceAlreadyRunning)
            {
                throw Failure("start service " + serviceName, error);
            }
        }
    }

    public void ChangeConfiguration(string serviceName, string? binaryPath, int? serviceType)
    {
        using ServiceHandle service = Open(serviceName, NativeMethods.ServiceChangeConfig);
        int none = NativeMethods.ServiceNoChange;
        if (!NativeMethods.ChangeServiceConfig(service, serviceType ?? none, none, none, binaryPath, null, IntPtr.Zero, null, null, null, null))
        {
            throw Failure("change the configuration of service " + serviceName);
        }
    }

    /// <summary>A buffer that does not hold what the documentation says is a Windows failure, not a crash.</summary>
    private static T Parsed<T>(string what, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException ex)
        {
            throw new WindowsOperationException($"could not {what}: {ex.Message}");
        }
    }

    private static byte[] Copy(IntPtr buffer, int size)
    {
        var bytes = new byte[size];
        if (size > 0)
        {
            Marshal.Copy(buffer, bytes, 0, size);
        }

        return bytes;
    }

    private static ServiceHandle OpenManager()
    {
        // SC_MANAGER_CONNECT is all OpenService needs; SC_MANAGER_ENUMERATE_SERVICE is for EnumServicesStatus(Ex),
        // which is not called (EnumDependentServices needs SERVICE_ENUMERATE_DEPENDENTS on the service handle):
        // https://learn.microsoft.com/windows/win32/services/service-security-and-access-rights
        ServiceHandle manager = NativeMethods.OpenSCManager(null, null, NativeMethods.ScManagerConnect);
        if (manager.IsInvalid)
        {
            int error = Marshal.GetLastWin32Error();
            manager.Dispose();
            throw Failure("open the service control manager", error);
        }

        return manager;
    }

    /// <summary>Opens the service with only the right the call needs, so that a protected service can still be queried.</summary>
    private static ServiceHandle Open(string serviceName, int access)
    {
        using ServiceHandle manager = OpenManager();
        ServiceHandle service = NativeMethods.OpenService(manager, serviceName, access);
        if (service.IsInvalid)
        {
            int error = Marshal.GetLastWin32Error();
            service.Dispose();
            throw Failure("open service " + serviceName, error);
        }

        return service;
    }

    private static WindowsOperationException Failure(string what) => Failure(what, Marshal.GetLastWin32Error());

    private static WindowsOperationException Failure(string what, int error) =>
        new($"could not {what}: {new Win32Exception(error).Message} (Windows error {error})", error);
}
