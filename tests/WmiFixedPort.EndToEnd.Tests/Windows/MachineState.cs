using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Versioning;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>Captures the whole <see cref="MachineSnapshot"/> (registry per <see cref="SnapshotPlan"/>, the product's
/// firewall rules, Windows Installer's registration under each UpgradeCode the lane builds, the SCM's own copy of
/// winmgmt's binary path and type), and puts a machine back
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
        _upgradeCodes.Select(u => new InstallerRegistration(u.Label, u.UpgradeCode, WindowsInstallerRegistry.Instance.RelatedProducts(u.UpgradeCode))).ToList(),
        ReadWinmgmtScmConfig());

    /// <summary>`sc.exe qc winmgmt`: what the SCM will start, which a registry-only change does not reach before a reboot.</summary>
    private static ScmServiceConfig ReadWinmgmtScmConfig()
    {
        ProcessResult result = ProcessRunner.Run(
            System.IO.Path.Combine(Environment.SystemDirectory, "sc.exe"), ["qc", ProductFacts.ServiceName], TimeSpan.FromSeconds(30));
        return result.ExitCode == 0
            ? ScmServiceConfig.Parse(result.StandardOutput)
            : throw new InvalidOperationException($"sc.exe qc {ProductFacts.ServiceName} exited with {result.ExitCode}: {result.StandardOutput} {result.StandardError}");
    }

    /// <summary>The test's own way back, used only in cleanup after a scenario left the machine changed or after the
    /// test set up a standalone host itself: winmgmt /sharedhost when the snapshot was shared, the snapshot's ImagePath
    /// given to the SCM (sc.exe config), every captured registry value written back byte for byte, the
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

        if (imagePath.Length > 0)
        {
            // The SCM does not see a registry write before a reboot ([MS-SCMR] 1.3): give it the path through its own
            // API first (sc.exe config calls ChangeServiceConfig), then write the registry back byte for byte.
            ProcessResult result = ProcessRunner.Run(
                System.IO.Path.Combine(Environment.SystemDirectory, "sc.exe"), ["config", ProductFacts.ServiceName, "binPath=", imagePath], TimeSpan.FromSeconds(30));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"sc.exe config {ProductFacts.ServiceName} binPath= exited with {result.ExitCode}: {result.StandardOutput} {result.StandardError}");
            }
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
