using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Microsoft.Win32;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;
using WmiFixedPort.EndToEnd.Tests.Windows;

namespace WmiFixedPort.EndToEnd.Tests.Scenarios;

/// <summary>
/// Issue 15 on a real Windows machine (points 1, 2, 3 and 5): the maintenance paths the Linux simulator
/// (tests/WmiFixedPort.Installer.Tests, MaintenancePathTests) models, run through msiexec. Written for the Windows lane;
/// not run by us (the class's OSCondition and E2E gate skip them elsewhere, with the reason).
/// </summary>
public sealed partial class MsiLifecycleTests
{
    private const string ReorderedProfile = "Private,DOMAIN";
    private const string LogRefusedChangedValues = "REINSTALL=ALL REINSTALLMODE=omus";

    /// <summary>Point 1: a reordered, mixed-case FIREWALL_PROFILE on a reinstall gives both rules exactly Domain and
    /// Private, never Public (before, the mask was empty and the firewall extension opened every profile).</summary>
    [TestMethod]
    public void Reinstall_WhenFirewallProfileIsReorderedAndMixedCase_RulesGetExactlyThoseProfiles() => Scenario(() =>
    {
        const string scenario = "REINSTALL=ALL FIREWALL_PROFILE=Private,DOMAIN";
        AssertExitCode(MsiExec.Success, Run(scenario, "install FIREWALL_PROFILE=public", MsiOperation.Install, Settings.ShippingMsi, ("FIREWALL_PROFILE", "public")));

        Observation<MsiResult> reinstall = Run(scenario, "reinstall", MsiOperation.Install, Settings.ShippingMsi,
            ("REINSTALL", "ALL"), ("FIREWALL_PROFILE", ReorderedProfile));

        AssertExitCode(MsiExec.Success, reinstall);
        var rules = Firewall.ReadProductRules();
        Assert.HasCount(2, rules, string.Join(Environment.NewLine, rules.Select(r => r.Render())));
        foreach (FirewallRuleSnapshot rule in rules)
        {
            Assert.AreEqual(ProductFacts.DefaultProfileText, rule.Profile, rule.Render());
        }

        Assert.AreEqual(ReorderedProfile, RememberedValue("FIREWALL_PROFILE"), "the remembered value follows the rules");
    });

    /// <summary>Point 1: a FIREWALL_PROFILE that gives no mask while the rules are reinstalled stops the run before
    /// anything changes, with a message naming the property and its value.</summary>
    [TestMethod]
    public void Reinstall_WhenFirewallProfileGivesNoMask_Fails1603BeforeAnyChange() => Scenario(() =>
    {
        const string scenario = "REINSTALL=ALL FIREWALL_PROFILE=everywhere";
        AssertExitCode(MsiExec.Success, Run(scenario, "install", MsiOperation.Install, Settings.ShippingMsi));
        MachineSnapshot before = Machine.Capture();

        Observation<MsiResult> reinstall = Run(scenario, "reinstall", MsiOperation.Install, Settings.ShippingMsi,
            ("REINSTALL", "ALL"), ("FIREWALL_PROFILE", "everywhere"));

        AssertExitCode(MsiExec.FatalError, reinstall);
        AssertNoRestart(reinstall);
        StringAssert.Contains(MsiExec.ReadLog(reinstall.Result.LogPath), "FIREWALL_PROFILE=everywhere is not valid");
        AssertUnchanged(before, "A refused reinstall must change nothing:");
    });

    /// <summary>Point 2: a failed upgrade when no values are remembered (the Settings key deleted, as after a consumer's
    /// first adoption of the element): the enable rollback restores the record instead of running enable with empty
    /// values (exit 2), so WMI is not left switched to the failed version's port.</summary>
    [TestMethod]
    public void MajorUpgrade_WhenNoValuesAreRememberedAndTheNewVersionFails_RollsWmiBackToTheRecord() => Scenario(() =>
    {
        const string scenario = "Failed major upgrade without remembered values";
        AssertExitCode(MsiExec.Success, Run(scenario, "install 1.0.0", MsiOperation.Install, Settings.ShippingMsi));
        using (RegistryKey hklm = RegistryKey.OpenBaseKey(RegistryHive.LocalMachine, RegistryView.Registry64))
        {
            hklm.DeleteSubKeyTree(ProductFacts.SettingsKey, throwOnMissingSubKey: true);
        }

        Observation<MsiResult> upgrade = Run(scenario, "upgrade to failing 1.0.1 WMIPORT=24300", MsiOperation.Install, Settings.FailAfterEnableMsi,
            Sampling.ScmOnly, ("WMIPORT", PolicyPort.ToString(CultureInfo.InvariantCulture)));

        AssertExitCode(MsiExec.FatalError, upgrade);
        string log = MsiExec.ReadLog(upgrade.Result.LogPath);
        StringAssert.Contains(log, ProductFacts.FailAfterEnableAction);
        Assert.DoesNotContain("enable --port \"\"", log, "the rollback must never enable empty values");
        AssertRegistered(Settings.ShippingMsi);
        ExeStatusReport status = ConfiguredHost.ReadStatus(Settings.Exe);
        Assert.AreNotEqual(PolicyPort, status.Status.Port, "WMI must not stay on the failed version's port");
        Assert.IsFalse(status.Status.RecordExists, "the rollback restored the record (and so deleted it)");
    });

    /// <summary>Point 3: a modify with a changed value is refused before any change (it would move only part of WMI,
    /// the rules and the remembered values); REINSTALL=ALL moves all three.</summary>
    [TestMethod]
    public void Modify_WhenAValueChanges_IsRefusedAndReinstallAllMovesWmiRulesAndRememberedTogether() => Scenario(() =>
    {
        const string scenario = "Modify with WMIPORT=24200, then REINSTALL=ALL";
        AssertExitCode(MsiExec.Success, Run(scenario, "install", MsiOperation.Install, Settings.ShippingMsi));
        MachineSnapshot before = Machine.Capture();
        string port = ChangedPort.ToString(CultureInfo.InvariantCulture);

        Observation<MsiResult> modify = Run(scenario, "modify REMOVE=FirewallRpcEpmap WMIPORT=24200", MsiOperation.Install, Settings.ShippingMsi,
            ("REMOVE", "FirewallRpcEpmap"), ("WMIPORT", port));

        AssertExitCode(MsiExec.FatalError, modify);
        AssertNoRestart(modify);
        StringAssert.Contains(MsiExec.ReadLog(modify.Result.LogPath), LogRefusedChangedValues);
        AssertUnchanged(before, "A refused modify must change nothing:");

        AssertExitCode(MsiExec.Success, Run(scenario, "modify REMOVE=FirewallRpcEpmap, same values", MsiOperation.Install, Settings.ShippingMsi,
            ("REMOVE", "FirewallRpcEpmap")));
        Observation<MsiResult> reinstall = Run(scenario, "REINSTALL=ALL WMIPORT=24200", MsiOperation.Install, Settings.ShippingMsi,
            ("REINSTALL", "ALL"), ("WMIPORT", port));

        AssertExitCode(MsiExec.Success, reinstall);
        AssertConfigured(ChangedPort);
        Assert.AreEqual(port, RememberedValue("WMIPORT"));
        Assert.AreEqual(port, Firewall.ReadProductRules().Single(r => r.DisplayName == ProductFacts.WmiRuleName).LocalPorts.Single());
    });

    /// <summary>Point 5: a second product carrying the element (the consumer sample, another UpgradeCode) is refused
    /// while our MSI owns the configuration, before any change.</summary>
    [TestMethod]
    public void SampleConsumer_WhenWmiFixedPortIsInstalled_IsRefusedAsASecondOwner() => Scenario(() =>
    {
        if (Settings.SampleMsi is not string sample || !File.Exists(sample))
        {
            Assert.Inconclusive($"The consumer sample MSI is not built ({E2eSettings.SampleMsiVariable}): the second-owner scenario needs it.");
            return;
        }

        const string scenario = "Second owner: the sample over WmiFixedPort";
        AssertExitCode(MsiExec.Success, Run(scenario, "install WmiFixedPort", MsiOperation.Install, Settings.ShippingMsi));
        MachineSnapshot before = Machine.Capture();

        Observation<MsiResult> second = Run(scenario, "install the sample", MsiOperation.Install, sample);

        AssertExitCode(MsiExec.FatalError, second);
        AssertNoRestart(second);
        StringAssert.Contains(MsiExec.ReadLog(second.Result.LogPath), "managed by another product (UpgradeCode " + ProductFacts.UpgradeCode);
        AssertUnchanged(before, "A refused second owner must change nothing:");
    });

    private static string? RememberedValue(string name)
    {
        using RegistryKey? key = RegistryKey.OpenBaseKey(RegistryHive.LocalMachine, RegistryView.Registry64).OpenSubKey(ProductFacts.SettingsKey);
        return key?.GetValue(name) as string;
    }
}
