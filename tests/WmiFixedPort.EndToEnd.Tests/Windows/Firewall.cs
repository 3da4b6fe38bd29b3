using System.Collections.Generic;
using System.Runtime.Versioning;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>The product's firewall rules: those in its group, plus any rule whose display name starts with the
/// product name (a rule that lost its group is still a leftover).</summary>
[SupportedOSPlatform("windows")]
internal static class Firewall
{
    private static string Selection =>
        $"""
        $group = {PowerShellScript.Quote(ProductFacts.FirewallGroup)}
        $rules = @(Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue) + @(Get-NetFirewallRule -DisplayName ($group + '*') -ErrorAction SilentlyContinue)
        """;

    public static IReadOnlyList<FirewallRuleSnapshot> ReadProductRules()
    {
        string json = PowerShell.Run(Selection + """

            $seen = @{}
            $out = foreach ($r in $rules) {
                if ($null -eq $r -or $seen.ContainsKey($r.Name)) { continue }
                $seen[$r.Name] = $true
                $pf = $r | Get-NetFirewallPortFilter
                $af = $r | Get-NetFirewallAddressFilter
                $sf = $r | Get-NetFirewallServiceFilter
                $ap = $r | Get-NetFirewallApplicationFilter
                [pscustomobject]@{
                    DisplayName   = [string]$r.DisplayName
                    Group         = [string]$r.Group
                    Enabled       = [string]$r.Enabled
                    Direction     = [string]$r.Direction
                    Action        = [string]$r.Action
                    Profile       = [string]$r.Profile
                    Protocol      = [string]$pf.Protocol
                    LocalPort     = [string[]]@($pf.LocalPort)
                    RemoteAddress = [string[]]@($af.RemoteAddress)
                    Service       = [string]$sf.Service
                    Program       = [string]$ap.Program
                }
            }
            ConvertTo-Json -InputObject @($out) -Depth 4 -Compress
            """);
        return PowerShellJson.ParseFirewallRules(json);
    }

    /// <summary>Cleanup only: removes whatever rules <see cref="ReadProductRules"/> would report.</summary>
    public static void RemoveProductRules() => PowerShell.Run(Selection + """

        foreach ($r in $rules) { if ($null -ne $r) { Remove-NetFirewallRule -Name $r.Name -ErrorAction SilentlyContinue } }
        """);
}
