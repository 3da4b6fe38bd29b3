using System;
using System.Collections.Generic;
using System.Linq;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>One registry value of the snapshot; <see cref="Data"/> null means the value is absent.</summary>
internal sealed record RegistryValueSnapshot(string Key, string Name, RegistryData? Data)
{
    public string Render() => $@"HKLM\{Key} : {(Name.Length == 0 ? "(default)" : Name)} = {Data?.Render() ?? "(absent)"}";
}

/// <summary>A registry key: whether it exists and, when <paramref name="ValuesCaptured"/>, all its values.</summary>
internal sealed record RegistryKeySnapshot(string Key, bool Exists, IReadOnlyList<RegistryValueSnapshot> Values, bool ValuesCaptured = true)
{
    public IEnumerable<string> Render()
    {
        yield return $@"HKLM\{Key} : key {(Exists ? "present" : "absent")}";
        foreach (RegistryValueSnapshot value in Values.OrderBy(v => v.Name, StringComparer.OrdinalIgnoreCase))
        {
            yield return value.Render();
        }
    }
}

/// <summary>The machine configuration the product touches (<see cref="SnapshotPlan"/>): winmgmt's service key, the
/// SvcHost groups and keys, the DCOM endpoint, the product's own keys and firewall rules, and Windows Installer's
/// registration of every package the lane builds. winmgmt's PID is kept apart (it is compared only where no restart
/// may happen). Two snapshots are equal when their rendered lines are equal, in order.</summary>
internal sealed class MachineSnapshot
{
    public MachineSnapshot(
        IReadOnlyList<RegistryValueSnapshot> values,
        IReadOnlyList<RegistryKeySnapshot> keys,
        IReadOnlyList<FirewallRuleSnapshot> firewallRules,
        IReadOnlyList<InstallerRegistration>? registrations = null,
        ScmServiceConfig? winmgmtScm = null)
    {
        WinmgmtScm = winmgmtScm;
        Values = values;
        Keys = keys;
        FirewallRules = firewallRules;
        Registrations = registrations ?? System.Array.Empty<InstallerRegistration>();
    }

    /// <summary>Per UpgradeCode of the lane's packages, the products Windows Installer has registered under it.</summary>
    public IReadOnlyList<InstallerRegistration> Registrations { get; }

    public IReadOnlyList<RegistryValueSnapshot> Values { get; }

    /// <summary>The SCM's own copy of winmgmt's binary path and type (null where not captured, e.g. in the fakes).</summary>
    public ScmServiceConfig? WinmgmtScm { get; }

    public IReadOnlyList<RegistryKeySnapshot> Keys { get; }

    public IReadOnlyList<FirewallRuleSnapshot> FirewallRules { get; }

    public RegistryData? Value(string key, string name) =>
        Values.Concat(Keys.SelectMany(k => k.Values))
              .FirstOrDefault(v => string.Equals(v.Key, key, StringComparison.OrdinalIgnoreCase)
                                && string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase))?.Data;

    public RegistryKeySnapshot? Key(string key) =>
        Keys.FirstOrDefault(k => string.Equals(k.Key, key, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<string> Render()
    {
        var lines = new List<string>();
        lines.AddRange(Values.Select(v => v.Render()));
        foreach (RegistryKeySnapshot key in Keys)
        {
            lines.AddRange(key.Render());
        }

        if (FirewallRules.Count == 0)
        {
            lines.Add("Firewall: no rule of the product");
        }

        lines.AddRange(FirewallRules.Select(r => r.Render()).OrderBy(l => l, StringComparer.Ordinal));
        lines.AddRange(Registrations.Select(r => r.Render()));
        if (WinmgmtScm is not null)
        {
            lines.AddRange(WinmgmtScm.Render());
        }

        return lines;
    }
}
