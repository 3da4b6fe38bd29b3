using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.Versioning;
using System.Text.Json;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>The firewall as the remote scenario needs it: every profile on with inbound traffic blocked by default,
/// and every other enabled inbound allow rule that could admit TCP 135 or the WMI port disabled
/// (<see cref="CompetingRules"/>), so that a remote query that answers can only have come through the product's
/// rules. Everything is put back as it was on <see cref="Dispose"/>.</summary>
[SupportedOSPlatform("windows")]
internal sealed class FirewallLab : IDisposable
{
    private readonly string _profilesJson;

    private FirewallLab(string profilesJson, IReadOnlyList<string> disabledRules)
    {
        _profilesJson = profilesJson;
        DisabledRules = disabledRules;
    }

    /// <summary>The rules this lab disabled (display names), for the log.</summary>
    public IReadOnlyList<string> DisabledRules { get; }

    public static FirewallLab Enter(int wmiPort)
    {
        string profiles = PowerShell.Run("""
            ConvertTo-Json -InputObject @(Get-NetFirewallProfile | ForEach-Object { [pscustomobject]@{ Name = [string]$_.Name; Enabled = [string]$_.Enabled; DefaultInboundAction = [string]$_.DefaultInboundAction } }) -Compress
            """);
        string candidates = PowerShell.Run($$"""
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
            """, TimeSpan.FromMinutes(5));
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

        var lab = new FirewallLab(profiles, toDisable.Select(r => r.DisplayName + " [" + r.Name + "]").ToList());
        try
        {
            PowerShell.Run(
                "Set-NetFirewallProfile -All -Enabled True -DefaultInboundAction Block\n"
                + (toDisable.Count == 0 ? string.Empty : "Disable-NetFirewallRule -Name @(" + string.Join(",", toDisable.Select(r => PowerShellScript.Quote(r.Name))) + ")\n"),
                TimeSpan.FromMinutes(5));
            lab._disabledNames = toDisable.Select(r => r.Name).ToList();
        }
        catch
        {
            lab._disabledNames = toDisable.Select(r => r.Name).ToList();
            lab.Dispose();
            throw;
        }

        return lab;
    }

    private List<string> _disabledNames = new();

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"Firewall during the scenario: all profiles on, inbound default Block; {DisabledRules.Count} other inbound allow rule(s) that could admit TCP 135 or the WMI port disabled: {(DisabledRules.Count == 0 ? "none" : string.Join("; ", DisabledRules))}.");

    public void Dispose()
    {
        var script = new System.Text.StringBuilder();
        if (_disabledNames.Count > 0)
        {
            script.Append("Enable-NetFirewallRule -Name @(").Append(string.Join(",", _disabledNames.Select(PowerShellScript.Quote))).Append(")\n");
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

        PowerShell.Run(script.ToString(), TimeSpan.FromMinutes(5));
        _disabledNames.Clear();
    }
}
