using System;

namespace WmiFixedPort.HostState;

/// <summary>Where winmgmt's hosting configuration lives (all under HKLM), and where the product keeps its record.</summary>
internal static class RegistryLocations
{
    public const string WinmgmtServiceName = "winmgmt";

    public const string ServiceKey = @"SYSTEM\CurrentControlSet\Services\Winmgmt";
    public const string ImagePathValue = "ImagePath";
    public const string ServiceTypeValue = "Type";

    public const string SvcHostKey = @"SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost";
    public const string NetsvcsGroupValue = "netsvcs";
    public const string WinmgmtGroupValue = "winmgmt";
    public const string SvcHostWinmgmtKey = SvcHostKey + @"\winmgmt";
    public const string SvcHostNetsvcsKey = SvcHostKey + @"\netsvcs";
    public const string AuthenticationLevelValue = "AuthenticationLevel";

    public const string DcomAppIdKey = @"SOFTWARE\Classes\AppID\{8BC3F05E-D86B-11D0-A075-00C04FB68820}";
    public const string EndpointsValue = "Endpoints";

    public const string ProductKey = @"SOFTWARE\WmiFixedPort";
    public const string StateKey = ProductKey + @"\State";
    public const string SettingsKey = ProductKey + @"\Settings";
    public const string PolicyKey = @"SOFTWARE\Policies\WmiFixedPort";

    /// <summary>True when a SvcHost group entry names winmgmt (service names are case-insensitive).</summary>
    public static bool IsWinmgmt(string serviceName) =>
        string.Equals(serviceName, WinmgmtServiceName, StringComparison.OrdinalIgnoreCase);
}
