using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>The firewall as the remote scenario needs it: every profile on with inbound traffic blocked by default,
/// and every other enabled inbound allow rule that could admit TCP 135 or the WMI port disabled
/// (<see cref="CompetingRules"/>), so that a remote query that answers can only have come through the product's
/// rules. <see cref="Dispose"/> re-enables exactly those rules and puts each profile's Enabled and
/// DefaultInboundAction back as they were (NetSecurity cmdlets of Windows PowerShell 5.1).</summary>
internal sealed class FirewallLab : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private readonly IPowerShellRunner _powerShell;
    private readonly string _profilesJson;
    private readonly List<string> _disabledNames = new();

    private FirewallLab(IPowerShellRunner powerShell, string profilesJson, IReadOnlyList<string> disabledRules)
    {
        _powerShell = powerShell;
        _profilesJson = profilesJson;
        DisabledRules = disabledRules;
    }

    /// <summary>The rules this lab disabled ("display name [name]"), for the log.</summary>
    public IReadOnlyList<string> DisabledRules { get; }

    public static FirewallLab Enter(IPowerShellRunner powerShell, int wmiPort)
    {
        ArgumentNullException.ThrowIfNull(powerShell);
        string profiles = powerShell.Run("""
            ConvertTo-Json -InputObject @(Get-NetFirewallProfile | ForEach-Object { [pscustomobject]@{ Name = [string]$_.Name; Enabled = [string]$_.Enabled; DefaultInboundAction = [string]$_.DefaultInboundAction } }) -Compress
            """, Timeout);
        string candidates = powerShell.Run($$"""
            $group = {{PowerShellScript.Quote(ProductFacts.FirewallGroup)}}
            $rules = @{}
            foreach ($r in @(Get-NetFirewallRule -Direction Inbound -Enabled True -Action Allow -ErrorAction SilentlyContinue)) {
                if ($r.Group -ne $group) { $rules[$r.Name] = $r }
            }
            $out = foreach ($pf in @(Get-NetFirewallPortFilter -All)) {
                if ($rules.ContainsKey($pf.InstanceID)) {
                    [pscustomobject]@{ Name = [string]$pf.InstanceID; DisplayName = [string]$rules[$pf.InstanceID].DisplayName; Protocol = [string]$pf.Protocol; LocalPort = [string[]]@($pf.LocalPort) }
                }
            }
            ConvertTo-Json -InputObject @($out) -Depth 3 -Compress
            """, Timeout);
        var toDisable = new List<(string Name, string DisplayName)>();
        using (JsonDocument document = JsonDocument.Parse(string.IsNullOrWhiteSpace(candidates) ? "[]" : candidates))
        {
            foreach (JsonElement rule in PowerShellJson.Elements(document.RootElement))
            {
                IReadOnlyList<string> ports = rule.TryGetProperty("LocalPort", out JsonElement p) ? PowerShellJson.Strings(p) : Array.Empty<string>();
                if (CompetingRules.CouldAdmit(PowerShellJson.Property(rule, "Protocol"), ports, wmiPort))
                {
                    toDisable.Add((PowerShellJson.Property(rule, "Name"), PowerShellJson.Property(rule, "DisplayName")));
                }
            }
        }

        var lab = new FirewallLab(powerShell, profiles, toDisable.Select(r => r.DisplayName + " [" + r.Name + "]").ToList());
        lab._disabledNames.AddRange(toDisable.Select(r => r.Name));
        try
        {
            powerShell.Run(
                "Set-NetFirewallProfile -All -Enabled True -DefaultInboundAction Block\n"
                + (toDisable.Count == 0 ? string.Empty : "Disable-NetFirewallRule -Name " + NameList(toDisable.Select(r => r.Name)) + "\n"),
                Timeout);
        }
        catch
        {
            lab.Dispose();
            throw;
        }

        return lab;
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"Firewall during the scenario: all profiles on, inbound default Block; {DisabledRules.Count} other inbound allow rule(s) that could admit TCP 135 or the WMI port disabled: {(DisabledRules.Count == 0 ? "none" : string.Join("; ", DisabledRules))}.");

    public void Dispose()
    {
        var script = new StringBuilder();
        if (_disabledNames.Count > 0)
        {
            script.Append("Enable-NetFirewallRule -Name ").Append(NameList(_disabledNames)).Append('\n');
        }

        using (JsonDocument document = JsonDocument.Parse(_profilesJson))
        {
            foreach (JsonElement profile in PowerShellJson.Elements(document.RootElement))
            {
                script.Append("Set-NetFirewallProfile -Name ").Append(PowerShellScript.Quote(PowerShellJson.Property(profile, "Name")))
                      .Append(" -Enabled ").Append(PowerShellScript.Quote(PowerShellJson.Property(profile, "Enabled")))
                      .Append(" -DefaultInboundAction ").Append(PowerShellScript.Quote(PowerShellJson.Property(profile, "DefaultInboundAction"))).Append('\n');
            }
        }

        _powerShell.Run(script.ToString(), Timeout);
        _disabledNames.Clear();
    }

    private static string NameList(IEnumerable<string> names) => "@(" + string.Join(",", names.Select(PowerShellScript.Quote)) + ")";
}
