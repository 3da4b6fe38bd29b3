using System.Runtime.Versioning;
using System.Text.Json;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>A WMI query the way a monitoring server makes it: CIM over DCOM (not WinRM) to the machine's name.</summary>
[SupportedOSPlatform("windows")]
internal static class WmiProbe
{
    /// <summary>Queries Win32_OperatingSystem over DCOM to $env:COMPUTERNAME and returns the CSName it reports;
    /// a failure throws with PowerShell's error text.</summary>
    public static string QueryOwnMachineOverDcom()
    {
        string json = PowerShell.Run("""
            $option = New-CimSessionOption -Protocol Dcom
            $session = New-CimSession -ComputerName $env:COMPUTERNAME -SessionOption $option -OperationTimeoutSec 60
            try {
                $os = Get-CimInstance -CimSession $session -ClassName Win32_OperatingSystem -OperationTimeoutSec 60
                ConvertTo-Json -InputObject ([pscustomobject]@{ CSName = [string]$os.CSName; Caption = [string]$os.Caption }) -Compress
            }
            finally {
                Remove-CimSession -CimSession $session
            }
            """);
        using JsonDocument document = JsonDocument.Parse(json);
        return PowerShellJson.Property(document.RootElement, "CSName");
    }
}
