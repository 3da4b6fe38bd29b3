using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Installer.Tests.TestInfrastructure;

namespace WmiFixedPort.Installer.Tests;

/// <summary>
/// Rules every version of the authoring must keep (issues 3 and 8), checked on the linked output of the real WiX compiler
/// (<see cref="InstallerSources"/>), so that they hold for the package as WiX reads it.
/// </summary>
[TestClass]
public sealed partial class InvariantTests
{
    /// <summary>
    /// The named conditions of the extension's wixlib (WmiFixedPort_Platform.wxi); every &lt;Custom&gt; uses one of them,
    /// verbatim. They test the engine component's action ($) and installed (?) state, so that they hold wherever a consumer
    /// places the component: the engine stays (install, repair, modify, the new version of an upgrade) or goes (uninstall,
    /// or its feature removed), never during a major upgrade's removal of the old version.
    /// </summary>
    private const string InstallingOrMaintaining = "$WmiFixedPortEngineExe = 3 OR (?WmiFixedPortEngineExe = 3 AND NOT $WmiFixedPortEngineExe = 2)";
    private const string RealUninstall = "$WmiFixedPortEngineExe = 2 AND NOT UPGRADINGPRODUCTCODE";
    private const string RealUninstallRestoring = "(" + RealUninstall + ") AND NOT WMIFIXEDPORT_UNINSTALL_KEEP_WMI = 1";
    private const string RealUninstallKeepingWmi = "(" + RealUninstall + ") AND WMIFIXEDPORT_UNINSTALL_KEEP_WMI = 1";

    /// <summary>util's WixCheckRebootRequired condition without its uninstall exclusion (restore can stage a change too).</summary>
    private const string AnyRunOnWindows = "VersionNT > 400";

    /// <summary>Deferred actions that change nothing on the machine, so they need no rollback twin.</summary>
    private static readonly string[] ReadOnlyDeferredActions = ["Validate", "TestFailAfterEnable", "SkipRestore"];

    private static readonly string[] PublicProperties =
        ["WMIPORT", "WMIAUTHLEVEL", "FIREWALL", "FIREWALL_REMOTE_ADDRESSES", "FIREWALL_PROFILE", "OPEN_RPC_EPMAP"];

    private static InstallerSources Sources => InstallerSources.WithTestHook;

    [TestMethod]
    public void CustomActions_WhenDeferredOrRollback_RunWithoutImpersonation()
    {
        var deferred = Sources.CustomActions.Where(c => c.IsDeferred).ToList();

        Assert.IsGreaterThanOrEqualTo(6, deferred.Count);
        CollectionAssert.AreEqual(Array.Empty<string>(), deferred.Where(c => c.Impersonate != "no").Select(c => c.Id).ToList());
    }

    [TestMethod]
    public void CustomActions_WhenDeferred_AreQuietExecWithCommandFromSameNamedSetProperty()
    {
        var setProperties = Sources.SetProperties;
        foreach (var action in Sources.CustomActions.Where(c => c.IsDeferred))
        {
            Assert.AreEqual("Wix4UtilCA_X64", action.BinaryRef, action.Id);
            Assert.AreEqual("WixQuietExec", action.DllEntry, action.Id);
            var commands = setProperties.Where(s => s.Property == action.Id).ToList();
            Assert.IsNotEmpty(commands, $"{action.Id} has no SetProperty with its Id");
            foreach (var command in commands)
            {
                Assert.AreEqual("execute", command.Sequence, command.Action);
                var exe = action.Id == "TestFailAfterEnable" ? "\"[System64Folder]cmd.exe\" " : "\"[WmiFixedPortFolder]WmiFixedPort.exe\" ";
                Assert.StartsWith(exe, command.Value, command.Action);
            }
        }
    }

    [TestMethod]
    public void CustomActions_WhenAny_NeverIgnoreFailures()
    {
        // The one exception: skip-restore (WMIFIXEDPORT_UNINSTALL_KEEP_WMI=1) changes nothing, and the uninstall must not
        // depend on the exe running (review D4).
        CollectionAssert.AreEqual(new[] { "SkipRestore" }, Sources.CustomActions.Where(c => c.Return is not null and not "check").Select(c => c.Id).ToList());
        Assert.IsTrue(Sources.SetProperties.Where(s => s.Property == "SkipRestore").All(s => s.Value.EndsWith("\" skip-restore", StringComparison.Ordinal)));
        foreach (var file in InstallerSources.SourceFiles)
        {
            var text = File.ReadAllText(file);
            var attributes = System.Xml.Linq.XDocument.Load(file).Descendants().SelectMany(e => e.Attributes()).Select(a => a.Value);
            Assert.IsFalse(attributes.Any(v => v.Contains("[#", StringComparison.Ordinal)), file + ": [#file] is blank while its component is being removed");
            Assert.AreEqual(
                text.Contains("Id=\"WmiFixedPortSkipRestore$(var.Suffix)\"", StringComparison.Ordinal) ? 1 : 0,
                Regex.Count(text, "Return=\"ignore\""),
                file);
            Assert.DoesNotContain("IgnoreFailure=\"yes\"", text, file);
        }
    }

    [TestMethod]
    public void StateChangingDeferredActions_WhenSequenced_HaveTheirRollbackImmediatelyBeforeWithSameCondition()
    {
        var sequence = ExecuteSequence.Build(Sources);
        var customActions = Sources.CustomActions.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var deferred = sequence.Where(a => a.Kind == ActionKind.Custom && customActions[a.Name].IsDeferred).ToList();
        var stateChanging = deferred
            .Where(a => customActions[a.Name].Execute == "deferred" && !ReadOnlyDeferredActions.Contains(a.Name))
            .ToList();

        CollectionAssert.AreEquivalent(new[] { "Enable", "Restore" }, stateChanging.Select(a => a.Name).ToList());
        foreach (var action in stateChanging)
        {
            var index = deferred.IndexOf(action);
            Assert.IsGreaterThan(0, index, action.Name);
            var previous = deferred[index - 1];
            Assert.AreEqual(action.Name + "Rollback", previous.Name, action.Name);
            Assert.AreEqual("rollback", customActions[previous.Name].Execute, previous.Name);
            Assert.AreEqual(action.Condition, previous.Condition, previous.Name);
        }
    }

    [TestMethod]
    public void Validate_WhenSequenced_RunsAfterInstallFilesAndBeforeTheFirewallRulesAndEnable()
    {
        var names = ExecuteSequence.Build(Sources).Select(a => a.Name).ToList();

        var expected = new[] { "InstallFiles", "Validate", "Wix5SchedFirewallExceptionsInstall_X64" };
        CollectionAssert.AreEqual(expected, names.Skip(names.IndexOf("InstallFiles")).Take(expected.Length).ToList());
        Assert.IsLessThan(names.IndexOf("Enable"), names.IndexOf("Validate"));
    }

    [TestMethod]
    public void Enable_WhenSequenced_RunsAfterWriteRegistryValuesSoItsEventHasARegisteredSource()
    {
        var names = ExecuteSequence.Build(Sources).Select(a => a.Name).ToList();

        var expected = new[] { "WriteRegistryValues", "EnableRollback", "Enable", "TestFailAfterEnable" };
        CollectionAssert.AreEqual(expected, names.Skip(names.IndexOf("WriteRegistryValues")).Take(expected.Length).ToList());
        Assert.AreEqual("WriteRegistryValues", Sources.Customs.Single(c => c.Action == "EnableRollback").After, "declared, not by link order");
        Assert.IsTrue(
            Sources.RegistryValues.Any(r => r.Key == @"SYSTEM\CurrentControlSet\Services\EventLog\Application\WmiFixedPort" && r.Name == "EventMessageFile"),
            "the event source is registered by WriteRegistryValues");
    }

    [TestMethod]
    public void Restore_WhenSequenced_RunsBeforeTheEventSourceTheRulesAndTheExeAreRemoved()
    {
        var names = ExecuteSequence.Build(Sources).Select(a => a.Name).ToList();

        Assert.AreEqual("RemoveRegistryValues", Sources.Customs.Single(c => c.Action == "Restore").Before, "declared, not by link order");
        Assert.AreEqual(names.IndexOf("Restore") - 1, names.IndexOf("RestoreRollback"));
        Assert.IsLessThan(names.IndexOf("RemoveRegistryValues"), names.IndexOf("Restore"));
        Assert.IsLessThan(names.IndexOf("Wix5SchedFirewallExceptionsUninstall_X64"), names.IndexOf("Restore"));
        Assert.IsLessThan(names.IndexOf("RemoveFiles"), names.IndexOf("Restore"));
    }

    [TestMethod]
    public void MajorUpgrade_WhenSequenced_RemovesTheOldVersionInsideThisInstallsTransaction()
    {
        var names = ExecuteSequence.Build(Sources).Select(a => a.Name).ToList();

        Assert.AreEqual("InstallInitialize", Sources.ExecuteActions.Single(a => a.Action == "RemoveExistingProducts").After);
        Assert.AreEqual(names.IndexOf("InstallInitialize") + 1, names.IndexOf("RemoveExistingProducts"));
        Assert.IsLessThan(names.IndexOf("Validate"), names.IndexOf("RemoveExistingProducts"));
    }

    [TestMethod]
    public void MajorUpgrade_WhenDetectingUpgrades_IncludesTheSameVersionSoARebuildReplacesTheInstalledOne()
    {
        var upgrade = Sources.Upgrades.Single(u => u.ActionProperty == "WIX_UPGRADE_DETECTED");
        var downgrade = Sources.Upgrades.Single(u => u.ActionProperty == "WIX_DOWNGRADE_DETECTED");

        Assert.AreEqual("1.0.0", upgrade.VersionMax);
        Assert.IsTrue(upgrade.VersionMaxInclusive, "AllowSameVersionUpgrades: the same version is upgraded, not installed beside");
        Assert.IsFalse(upgrade.OnlyDetect);
        Assert.IsFalse(downgrade.VersionMinInclusive, "the same version must not count as a downgrade");
        var project = File.ReadAllText(Path.Combine(RepoRoot.Installer, "WmiFixedPort.Installer.wixproj"));
        Assert.Contains("<SuppressIces>ICE61</SuppressIces>", project, "ICE61 warns about AllowSameVersionUpgrades; -wx would fail the Windows build");
    }

    [TestMethod]
    public void RebootCheck_WhenSequenced_RunsAfterInstallFinalizeOnEveryRunIncludingUninstall()
    {
        var names = ExecuteSequence.Build(Sources).Select(a => a.Name).ToList();
        var check = Sources.ExecuteActions.Single(a => a.Action == "Wix4CheckRebootRequired_X64");

        Assert.AreEqual(names.IndexOf("InstallFinalize") + 1, names.IndexOf("Wix4CheckRebootRequired_X64"));
        Assert.AreEqual(AnyRunOnWindows, check.Condition);
        Assert.AreEqual("override", check.Access);
        Assert.IsTrue(Conditions.MsiCondition.Evaluate(check.Condition, new System.Collections.Generic.Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["VersionNT"] = "603", ["REMOVE"] = "ALL", ["Installed"] = "1",
        }));
    }

    [TestMethod]
    public void SearchProperties_WhenDeclared_ArePublicAndCarryTheProductPrefix()
    {
        var searched = Sources.Properties.Where(p => p.Search is not null).Select(p => p.Id).ToList();

        Assert.HasCount(16, searched, "6 policy, 6 remembered, Windows build, .NET release, processor architecture, owner");
        CollectionAssert.AreEqual(Array.Empty<string>(), searched.Where(id => !id.StartsWith("WMIFIXEDPORT_", StringComparison.Ordinal) || !PublicName().IsMatch(id)).ToList());
    }

    [TestMethod]
    public void Customs_WhenScheduled_UseANamedConditionAndCarryAComment()
    {
        foreach (var custom in Sources.Customs)
        {
            CollectionAssert.Contains(new[] { InstallingOrMaintaining, RealUninstallRestoring, RealUninstallKeepingWmi, AnyRunOnWindows }, custom.Condition, custom.Action);
            Assert.IsFalse(string.IsNullOrWhiteSpace(custom.Comment), $"{custom.Action} has no comment beside it");
        }
    }

    [TestMethod]
    public void DeferredCommands_WhenConditioned_UseTheirActionsCondition()
    {
        const string Previous = "WMIFIXEDPORT_PREVIOUS_WMIPORT AND WMIFIXEDPORT_PREVIOUS_WMIAUTHLEVEL";
        const string KeepWmi = "WMIFIXEDPORT_UNINSTALL_KEEP_WMI = 1";
        var conditions = Sources.Customs.ToDictionary(c => c.Action, c => c.Condition, StringComparer.Ordinal);
        var deferredIds = Sources.CustomActions.Where(c => c.IsDeferred).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var command in Sources.SetProperties.Where(s => deferredIds.Contains(s.Property)))
        {
            var expected = conditions[command.Property];
            Assert.IsTrue(
                command.Condition == expected
                || command.Condition == $"({expected}) AND NOT ({Previous})"
                || command.Condition == $"({expected}) AND ({Previous})"
                || command.Condition == $"({expected}) AND NOT {KeepWmi}"
                || command.Condition == $"({expected}) AND {KeepWmi}",
                $"{command.Action}: {command.Condition}");
        }
    }

    [TestMethod]
    public void UninstallCondition_WhenReadOrEvaluated_ExcludesTheOldVersionsRemovalDuringAnUpgrade()
    {
        var restore = Sources.Customs.Single(c => c.Action == "Restore");

        Assert.AreEqual(RealUninstallRestoring, restore.Condition);
        var upgradeRemoval = new System.Collections.Generic.Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Installed"] = "1", ["REMOVE"] = "ALL", ["UPGRADINGPRODUCTCODE"] = "{11111111-2222-3333-4444-555555555555}",
            ["$WmiFixedPortEngineExe"] = "2", ["?WmiFixedPortEngineExe"] = "3",
        };
        Assert.IsFalse(Conditions.MsiCondition.Evaluate(restore.Condition, upgradeRemoval));
        upgradeRemoval.Remove("UPGRADINGPRODUCTCODE");
        Assert.IsTrue(Conditions.MsiCondition.Evaluate(restore.Condition, upgradeRemoval));
    }

    [TestMethod]
    public void PublicProperties_WhenDeclared_AreSecureAndRememberedAndReadBack()
    {
        var declared = Sources.Properties
            .Where(p => p.Secure && !p.Id.StartsWith("WIX_", StringComparison.Ordinal) && !p.Id.StartsWith("WMIFIXEDPORT_", StringComparison.Ordinal))
            .ToList();

        CollectionAssert.AreEquivalent(PublicProperties, declared.Select(p => p.Id).ToList());
        foreach (var property in declared)
        {
            Assert.IsTrue(property.Secure, $"{property.Id} is not Secure");
            Assert.IsNull(property.Value, $"{property.Id} has an inline value, which would hide a missing command-line value");
            Assert.IsNull(property.Search, $"{property.Id} is searched directly; the search would overwrite the command line");
            var remembered = Sources.RegistryValues.SingleOrDefault(v =>
                v.Root == "HKLM" && v.Key == @"SOFTWARE\WmiFixedPort\Settings" && v.Name == property.Id);
            Assert.IsNotNull(remembered, $"{property.Id} is not written to the Settings key");
            Assert.AreEqual($"[{property.Id}]", remembered.Value, property.Id);
            Assert.IsTrue(
                Sources.Properties.Any(p => p.Search == new RegistryLocation("HKLM", @"SOFTWARE\WmiFixedPort\Settings", property.Id)),
                $"{property.Id} is never read back from the Settings key");
            Assert.IsTrue(
                Sources.Properties.Any(p => p.Search == new RegistryLocation("HKLM", @"SOFTWARE\Policies\WmiFixedPort", property.Id)),
                $"{property.Id} has no Group Policy search");
        }
    }

    [TestMethod]
    public void FirewallRules_WhenDeclared_HaveConstantNamesAndTheirOwnGroup()
    {
        var rules = Sources.FirewallRules.ToDictionary(r => r.Name, StringComparer.Ordinal);

        CollectionAssert.AreEquivalent(
            new[] { "WmiFixedPort - WMI (TCP-In)", "WmiFixedPort - RPC Endpoint Mapper (TCP-In)" }, rules.Keys.ToList());
        foreach (var rule in rules.Values)
        {
            Assert.DoesNotContain("[", rule.Name, rule.Name);
            Assert.AreEqual("WmiFixedPort", rule.Grouping, rule.Name);
            Assert.AreEqual("6", rule.Protocol, rule.Name + ": TCP is protocol number 6");
            Assert.AreEqual("[System64Folder]svchost.exe", rule.Program, rule.Name);
            Assert.AreEqual("[WmiFixedPortFirewallProfileMask]", rule.Profile, rule.Name);
            Assert.AreEqual("[FIREWALL_REMOTE_ADDRESSES]", rule.RemoteAddresses, rule.Name);
            Assert.StartsWith("!(loc.", rule.Description ?? string.Empty, rule.Name);
        }

        Assert.AreEqual("[WMIPORT]", rules["WmiFixedPort - WMI (TCP-In)"].Port);
        Assert.AreEqual("winmgmt", rules["WmiFixedPort - WMI (TCP-In)"].Service);
        Assert.AreEqual("135", rules["WmiFixedPort - RPC Endpoint Mapper (TCP-In)"].Port);
        Assert.AreEqual("RpcSs", rules["WmiFixedPort - RPC Endpoint Mapper (TCP-In)"].Service);
    }

    [TestMethod]
    public void TestHook_WhenBuiltWithoutTheDefine_IsAbsent()
    {
        Assert.IsFalse(InstallerSources.Shipping.CustomActions.Any(c => c.Id == "TestFailAfterEnable"));
        Assert.IsFalse(InstallerSources.Shipping.Customs.Any(c => c.Action == "TestFailAfterEnable"));
        Assert.IsFalse(InstallerSources.Shipping.SetProperties.Any(s => s.Property == "TestFailAfterEnable"));
        Assert.IsFalse(ExecuteSequence.Build(InstallerSources.Shipping).Any(a => a.Name == "TestFailAfterEnable"));
    }

    [TestMethod]
    public void TestHook_WhenBuiltWithTheDefine_FailsRightAfterEnable()
    {
        var hook = InstallerSources.WithTestHook.CustomActions.Single(c => c.Id == "TestFailAfterEnable");
        var command = InstallerSources.WithTestHook.SetProperties.Single(s => s.Property == "TestFailAfterEnable");

        Assert.AreEqual("deferred", hook.Execute);
        Assert.AreEqual("no", hook.Impersonate);
        Assert.AreEqual("\"[System64Folder]cmd.exe\" /c exit 1", command.Value);
        Assert.AreEqual("Enable", InstallerSources.WithTestHook.Customs.Single(c => c.Action == "TestFailAfterEnable").After);
    }

    [TestMethod]
    public void LaunchConditions_WhenAboutProductValues_DoNotBlockMaintenance()
    {
        // MajorUpgrade's own NOT WIX_DOWNGRADE_DETECTED is set only on a first install of an older version.
        foreach (var launch in Sources.LaunchConditions.Where(l => l.IsOurs && l.Condition is not "Privileged" and not "NOT WIX_DOWNGRADE_DETECTED"))
        {
            Assert.StartsWith("Installed OR ", launch.Condition, launch.Message);
        }

        Assert.IsTrue(Sources.LaunchConditions.Any(l => l.Condition == "Privileged"));
    }

    [TestMethod]
    public void PackageSource_WhenProductVersionIsMissing_StopsTheBuild()
    {
        var package = Path.Combine(RepoRoot.Installer, "Package.wxs");
        var document = System.Xml.Linq.XDocument.Load(package);
        var defines = new System.Collections.Generic.Dictionary<string, string>(StringComparer.Ordinal);

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => WixPreprocessor.Process(document, defines));
        Assert.Contains("ProductVersion", error.Message);
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PublicName();
}
