namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>What the product promises, as the scenarios check it. Registry paths are under HKLM.</summary>
internal static class ProductFacts
{
    public const int DefaultPort = 24158;
    public const int DefaultAuthLevel = 5;

    public const string FirewallGroup = "WmiFixedPort";
    public const string WmiRuleName = "WmiFixedPort - WMI (TCP-In)";
    public const string RpcEndpointMapperRuleName = "WmiFixedPort - RPC Endpoint Mapper (TCP-In)";

    /// <summary>FIREWALL_PROFILE=domain,private as Get-NetFirewallRule renders the profile.</summary>
    public const string DefaultProfileText = "Domain, Private";

    /// <summary>FIREWALL_REMOTE_ADDRESSES=* as Get-NetFirewallAddressFilter renders it.</summary>
    public const string AnyRemoteAddressText = "Any";

    /// <summary>The deferred action that the -p:FailAfterEnableForTesting=true build adds.</summary>
    public const string FailAfterEnableAction = "TestFailAfterEnable";

    public const string ServiceName = "winmgmt";
    public const string ServiceKey = @"SYSTEM\CurrentControlSet\Services\Winmgmt";
    public const string SvcHostKey = @"SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost";
    public const string SvcHostWinmgmtKey = SvcHostKey + @"\winmgmt";
    public const string SvcHostNetsvcsKey = SvcHostKey + @"\netsvcs";
    public const string DcomAppIdKey = @"SOFTWARE\Classes\AppID\{8BC3F05E-D86B-11D0-A075-00C04FB68820}";
    public const string ProductKey = @"SOFTWARE\WmiFixedPort";
    public const string SettingsKey = ProductKey + @"\Settings";
    public const string PolicyKey = @"SOFTWARE\Policies\WmiFixedPort";
    public const string EventSourceKey = @"SYSTEM\CurrentControlSet\Services\EventLog\Application\WmiFixedPort";

    /// <summary>The product's UpgradeCode (installer/Package.wxs): every version and rebuild of our MSI shares it.</summary>
    public const string UpgradeCode = "{E9D2D046-CD70-4BD6-9E50-3B01388ADADA}";

    public const string StandaloneImagePathMarker = "-k winmgmt";
    public const string SharedImagePathMarker = "-k netsvcs";

    public static string EndpointFor(int port) => "ncacn_ip_tcp,0," + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
