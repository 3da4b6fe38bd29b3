using System;
using System.Runtime.InteropServices;

namespace WmiFixedPort.Windows;

/// <summary>The Windows calls the adapters use: service control manager, event log, atoms, error mode, TCP table. No logic here.</summary>
internal static class NativeMethods
{
    public const int ScManagerConnect = 0x0001;
    public const int ServiceQueryConfig = 0x0001;
    public const int ServiceChangeConfig = 0x0002;
    public const int ServiceNoChange = -1; // SERVICE_NO_CHANGE, 0xFFFFFFFF
    public const int ServiceQueryStatus = 0x0004;
    public const int ServiceEnumerateDependents = 0x0008;
    public const int ServiceStart = 0x0010;
    public const int ServiceStop = 0x0020;
    public const int ScStatusProcessInfo = 0;
    public const int ServiceStateAll = 3;
    public const int ServiceControlStop = 1;
    public const int ServiceControlStatusReasonInfo = 1; // SERVICE_CONTROL_STATUS_REASON_INFO
    public const int ServiceConfigLaunchProtected = 12; // SERVICE_CONFIG_LAUNCH_PROTECTED (Windows 8.1 and later)
    public const int ErrorFileNotFound = 2;
    public const int ErrorInvalidParameter = 87;
    public const int ErrorInvalidLevel = 124;
    public const int ProcessQueryLimitedInformation = 0x1000;
    public const int ErrorAccessDenied = 5;
    public const int ErrorInsufficientBuffer = 122;
    public const int ErrorMoreData = 234;
    public const int ErrorServiceAlreadyRunning = 1056;
    public const int ErrorServiceNotActive = 1062;
    public const short EventLogErrorType = 0x0001;
    public const short EventLogWarningType = 0x0002;
    public const short EventLogInformationType = 0x0004;

    public const int SemFailCriticalErrors = 0x0001;
    public const int SemNoGpFaultErrorBox = 0x0002;
    public const int AfInet = 2;
    public const int AfInet6 = 23;
    public const int TcpTableOwnerPidListener = 3;

    [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "GlobalAddAtomW")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    public static extern ushort GlobalAddAtom(string name);

    [DllImport("kernel32.dll")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    public static extern int SetErrorMode(int mode);

    [DllImport("iphlpapi.dll")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    public static extern int GetExtendedTcpTable(IntPtr table, ref int size, [MarshalAs(UnmanagedType.Bool)] bool order, int addressFamily, int tableClass, int reserved);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "OpenSCManagerW")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    public static extern ServiceHandle OpenSCManager(string? machineName, string? databaseName, int desiredAccess);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "OpenServiceW")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    public static extern ServiceHandle OpenService(ServiceHandle manager, string serviceName, int desiredAccess);

    [DllImport("advapi32.dll", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool CloseServiceHandle(IntPtr handle);

    [DllImport("advapi32.dll", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool QueryServiceStatusEx(ServiceHandle service, int infoLevel, byte[] buffer, int bufferSize, out int bytesNeeded);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "EnumDependentServicesW")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool EnumDependentServices(ServiceHandle service, int serviceState, IntPtr buffer, int bufferSize, out int bytesNeeded, out int servicesReturned);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "QueryServiceConfigW")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool QueryServiceConfig(ServiceHandle service, IntPtr buffer, int bufferSize, out int bytesNeeded);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "ChangeServiceConfigW")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool ChangeServiceConfig(ServiceHandle service, int serviceType, int startType, int errorControl, string? binaryPathName, string? loadOrderGroup, IntPtr tagId, string? dependencies, string? serviceStartName, string? password, string? displayName);

    /// <summary>ControlServiceExW with SERVICE_CONTROL_STATUS_REASON_INFO: the parameters are a SERVICE_CONTROL_STATUS_REASON_PARAMSW.</summary>
    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "ControlServiceExW")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool ControlServiceEx(ServiceHandle service, int control, int infoLevel, ref ServiceControlStatusReasonParams parameters);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "QueryServiceConfig2W")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool QueryServiceConfig2(ServiceHandle service, int infoLevel, byte[] buffer, int bufferSize, out int bytesNeeded);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "RegQueryValueExW")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    public static extern int RegQueryValueEx(Microsoft.Win32.SafeHandles.SafeRegistryHandle key, string valueName, IntPtr reserved, out int type, byte[]? data, ref int dataSize);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "RegSetValueExW")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    public static extern int RegSetValueEx(Microsoft.Win32.SafeHandles.SafeRegistryHandle key, string valueName, int reserved, int type, byte[] data, int dataSize);

    [DllImport("kernel32.dll", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    public static extern Microsoft.Win32.SafeHandles.SafeProcessHandle OpenProcess(int desiredAccess, [MarshalAs(UnmanagedType.Bool)] bool inheritHandle, int processId);

    [DllImport("kernel32.dll", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool GetProcessTimes(Microsoft.Win32.SafeHandles.SafeProcessHandle process, out long creationTime, out long exitTime, out long kernelTime, out long userTime);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "StartServiceW")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool StartService(ServiceHandle service, int argumentCount, IntPtr arguments);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "RegisterEventSourceW")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    public static extern IntPtr RegisterEventSource(string? uncServerName, string sourceName);

    [DllImport("advapi32.dll", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool DeregisterEventSource(IntPtr eventLog);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "ReportEventW")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool ReportEvent(IntPtr eventLog, short type, short category, int eventId, IntPtr userSid, short numStrings, int dataSize, string[] strings, IntPtr rawData);

    /// <summary>SERVICE_CONTROL_STATUS_REASON_PARAMSW: dwReason, pszComment, and the SERVICE_STATUS_PROCESS the call fills in.</summary>
    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    public struct ServiceControlStatusReasonParams
    {
        public int Reason;
        public string? Comment;
        public ServiceStatusProcess ServiceStatus;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ServiceStatusProcess
    {
        public int ServiceType;
        public int CurrentState;
        public int ControlsAccepted;
        public int Win32ExitCode;
        public int ServiceSpecificExitCode;
        public int CheckPoint;
        public int WaitHint;
        public int ProcessId;
        public int ServiceFlags;
    }
}
