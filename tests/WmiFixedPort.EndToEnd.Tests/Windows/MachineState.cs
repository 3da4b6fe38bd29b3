using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Versioning;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>Captures the whole <see cref="MachineSnapshot"/> (registry per <see cref="SnapshotPlan"/>, the product's
/// firewall rules, Windows Installer's registration under each UpgradeCode the lane builds), and puts a machine back
/// to one (cleanup only).</summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsMachineState : IMachineState
{
    private readonly IReadOnlyList<(string Label, string UpgradeCode)> _upgradeCodes;

    public WindowsMachineState(IReadOnlyList<(string Label, string UpgradeCode)> upgradeCodes) => _upgradeCodes = upgradeCodes;

    public MachineSnapshot Capture() => new(
        MachineRegistry.ReadValues(),
        MachineRegistry.ReadKeys(),
        Firewall.ReadProductRules(),
        _upgradeCodes.Select(u => new InstallerRegistration(u.Label, u.UpgradeCode, WindowsInstallerRegistry.Instance.RelatedProducts(u.UpgradeCode))).ToList());

    /// <summary>The test's own way back, used only in cleanup after a scenario left the machine changed or after the
    /// test set up a standalone host itself: winmgmt /sharedhost when the snapshot was shared (so that the SCM's own
    /// copy of the service configuration follows), every captured registry value written back byte for byte, the
    /// product's firewall rules removed if the snapshot had none, and one restart of winmgmt so that the running
    /// service matches the registry again. Windows Installer's registration cannot be restored by hand: if it differs,
    /// the comparison after this says so.</summary>
    public void RestoreTo(MachineSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        string imagePath = snapshot.Value(ProductFacts.ServiceKey, "ImagePath")?.Single ?? string.Empty;
        if (imagePath.Contains(ProductFacts.SharedImagePathMarker, StringComparison.OrdinalIgnoreCase))
        {
            WinmgmtService.Switch("/sharedhost");
        }

        MachineRegistry.Restore(snapshot);
        if (snapshot.FirewallRules.Count == 0)
        {
            Firewall.RemoveProductRules();
        }

        WinmgmtService.Restart();
    }

    /// <summary>The lines in which the current machine differs from the snapshot; empty when equal.</summary>
    public IReadOnlyList<string> DiffFrom(MachineSnapshot snapshot) => SnapshotDiff.Compare(snapshot, Capture());
}
