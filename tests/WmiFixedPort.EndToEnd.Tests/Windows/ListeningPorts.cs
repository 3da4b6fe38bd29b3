using System.Collections.Generic;
using System.Globalization;
using System.Runtime.Versioning;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>Which processes listen on a TCP port (Get-NetTCPConnection -State Listen).</summary>
[SupportedOSPlatform("windows")]
internal static class ListeningPorts
{
    public static IReadOnlyList<int> OwningProcesses(int port)
    {
        string json = PowerShell.Run($$"""
            $owners = @(Get-NetTCPConnection -State Listen -LocalPort {{port.ToString(CultureInfo.InvariantCulture)}} -ErrorAction SilentlyContinue | ForEach-Object { [int]$_.OwningProcess })
            ConvertTo-Json -InputObject $owners -Compress
            """);
        return PowerShellJson.ParseIntegers(json);
    }
}
