using System;
using System.Collections.Generic;
using System.Runtime.Versioning;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>Captures the whole <see cref="MachineSnapshot"/>, and puts a machine back to one (cleanup only).</summary>
[SupportedOSPlatform("windows")]
internal static class MachineState
{
    public static MachineSnapshot Capture() =>
        new(MachineRegistry.ReadValues(), MachineRegistry.ReadKeys(), Firewall.ReadProductRules());

    /// <summary>The test's own way back, used only in cleanup after a scenario left the machine changed or after
    /// the test set up a standalone host itself: winmgmt /sharedhost when the snapshot was shared, every tracked
    /// registry value written back, the product's firewall rules removed if the snapshot had none, and one
    /// restart of winmgmt so that the running service matches the registry again.</summary>
    public static void RestoreTo(MachineSnapshot snapshot)
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
    public static IReadOnlyList<string> DiffFrom(MachineSnapshot snapshot) => SnapshotDiff.Compare(snapshot, Capture());
}
