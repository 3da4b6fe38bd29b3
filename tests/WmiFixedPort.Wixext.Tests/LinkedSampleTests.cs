using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Wixext.Tests.TestInfrastructure;

namespace WmiFixedPort.Wixext.Tests;

/// <summary>
/// The consumer sample (packaging/samples/MonitoringAgent/Package.wxs: one &lt;wmi:FixedPort Port="24180"
/// RemoteAddresses="10.20.0.0/16,192.0.2.10" FirewallProfile="domain" /&gt; inside Feature "Agent") in a consumer project of
/// each WiX major with one PackageReference (our package made for that major), compiled and linked by the real WiX 5.0.2,
/// 6.0.2 and 7.0.0 SDKs through the packed package, for x64 and for arm64 (.ci/wixext.sh).
/// </summary>
[TestClass]
public sealed class LinkedSampleTests
{
    private const string EngineStays = "$WmiFixedPortEngineExe = 3 OR (?WmiFixedPortEngineExe = 3 AND NOT $WmiFixedPortEngineExe = 2)";
    private const string EngineGoes = "$WmiFixedPortEngineExe = 2 AND NOT UPGRADINGPRODUCTCODE";
    private const string Exe = "\"[WmiFixedPortFolder]WmiFixedPort.exe\"";
    private const string Previous = "WMIFIXEDPORT_PREVIOUS_WMIPORT AND WMIFIXEDPORT_PREVIOUS_WMIAUTHLEVEL"; // issue 15 point 2
    private const string KeepWmi = "WMIFIXEDPORT_UNINSTALL_KEEP_WMI = 1"; // issue 15 point 4

    private static readonly string[] PublicProperties =
        { "WMIPORT", "WMIAUTHLEVEL", "FIREWALL", "FIREWALL_REMOTE_ADDRESSES", "FIREWALL_PROFILE", "OPEN_RPC_EPMAP" };

    /// <summary>Each WiX major's output, for each platform: (major, platform, suffix, the other platform's suffix).</summary>
    public static IEnumerable<object[]> Platforms => WixextOutputs.Majors.SelectMany(major => new[]
    {
        new object[] { major, "x64", "_X64", "_A64" },
        new object[] { major, "ARM64", "_A64", "_X64" },
    });

    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void QuietExecActions_WhenLinkedForAPlatform_RunWixQuietExecFromThatPlatformsUtilBinary(int major, string platform, string suffix, string otherSuffix)
    {
        LinkedIntermediate ir = Load(major, platform);

        var expected = new[]
        {
            ("WmiFixedPortValidate" + suffix, CustomActionRow.Deferred),
            ("WmiFixedPortEnableRollback" + suffix, CustomActionRow.Rollback),
            ("WmiFixedPortEnable" + suffix, CustomActionRow.Deferred),
            ("WmiFixedPortRestoreRollback" + suffix, CustomActionRow.Rollback),
            ("WmiFixedPortRestore" + suffix, CustomActionRow.Deferred),
            ("WmiFixedPortSkipRestore" + suffix, CustomActionRow.Deferred), // review D4: Return="ignore", changes nothing
        };
        var actual = ir.OfType("CustomAction").Select(CustomActionRow.From)
            .Where(a => a.ExecutionType != CustomActionRow.Immediate && a.Id.StartsWith("WmiFixedPort", System.StringComparison.Ordinal))
            .Select(a => (a.Id, a.ExecutionType, a.Source, a.Target))
            .OrderBy(a => a.Id, System.StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(
            expected.Select(e => (e.Item1, e.Item2, (string?)"Wix4UtilCA" + suffix, (string?)"WixQuietExec")).OrderBy(a => a.Item1, System.StringComparer.Ordinal).ToArray(),
            actual);
        Assert.IsTrue(ir.Has("Binary", "Wix4UtilCA" + suffix), "the platform's util binary is linked");
        CollectionAssert.AreEqual(
            System.Array.Empty<string>(),
            ir.Symbols.Where(s => s.Id is not null && s.Id.EndsWith(otherSuffix, System.StringComparison.Ordinal)).Select(s => s.Type + " " + s.Id).ToArray(),
            "nothing of the other platform is linked");
    }

    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void ChangingActions_WhenLinked_HaveTheirRollbackTwinImmediatelyBeforeWithTheSameCondition(int major, string platform, string suffix, string otherSuffix)
    {
        _ = otherSuffix;
        LinkedIntermediate ir = Load(major, platform);

        ScheduledAction enableRollback = ir.ExecuteAction("WmiFixedPortEnableRollback" + suffix);
        ScheduledAction enable = ir.ExecuteAction("WmiFixedPortEnable" + suffix);
        ScheduledAction restoreRollback = ir.ExecuteAction("WmiFixedPortRestoreRollback" + suffix);
        ScheduledAction restore = ir.ExecuteAction("WmiFixedPortRestore" + suffix);

        Assert.AreEqual(new ScheduledAction("WmiFixedPortEnableRollback" + suffix, EngineStays, null, "WriteRegistryValues"), enableRollback);
        Assert.AreEqual(new ScheduledAction("WmiFixedPortEnable" + suffix, EngineStays, null, "WmiFixedPortEnableRollback" + suffix), enable);
        string restoring = "(" + EngineGoes + ") AND NOT " + KeepWmi;
        Assert.AreEqual(new ScheduledAction("WmiFixedPortRestoreRollback" + suffix, restoring, "WmiFixedPortRestore" + suffix, null), restoreRollback);
        Assert.AreEqual(new ScheduledAction("WmiFixedPortRestore" + suffix, restoring, "RemoveRegistryValues", null), restore);
        Assert.AreEqual(
            new ScheduledAction("WmiFixedPortSkipRestore" + suffix, "(" + EngineGoes + ") AND " + KeepWmi, "RemoveRegistryValues", null),
            ir.ExecuteAction("WmiFixedPortSkipRestore" + suffix),
            "skip-restore changes nothing: no rollback twin");
        Assert.AreEqual(
            new ScheduledAction("WmiFixedPortValidate" + suffix, EngineStays, "Wix5SchedFirewallExceptionsInstall" + suffix, null),
            ir.ExecuteAction("WmiFixedPortValidate" + suffix),
            "nothing changes before the values are validated");
    }

    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void CommandLines_WhenLinked_AreSetByConditionedActionsFromTheFolderNeverAFileKey(int major, string platform, string suffix, string otherSuffix)
    {
        _ = otherSuffix;
        LinkedIntermediate ir = Load(major, platform);

        // (setter action, the deferred action it feeds, condition, command line)
        var expected = new[]
        {
            ("WmiFixedPortSetEnable" + suffix, "WmiFixedPortEnable" + suffix, EngineStays,
                Exe + " enable --port \"[WMIPORT]\" --auth-level \"[WMIAUTHLEVEL]\" --owner \"[UpgradeCode]\""),
            ("WmiFixedPortSetEnableRollbackToPrevious" + suffix, "WmiFixedPortEnableRollback" + suffix, "(" + EngineStays + ") AND (" + Previous + ")",
                Exe + " enable --port \"[WMIFIXEDPORT_PREVIOUS_WMIPORT]\" --auth-level \"[WMIFIXEDPORT_PREVIOUS_WMIAUTHLEVEL]\" --owner \"[UpgradeCode]\""),
            ("WmiFixedPortSetEnableRollbackToRecord" + suffix, "WmiFixedPortEnableRollback" + suffix, "(" + EngineStays + ") AND NOT (" + Previous + ")",
                Exe + " restore --owner \"[UpgradeCode]\""),
            ("WmiFixedPortSetRestore" + suffix, "WmiFixedPortRestore" + suffix, "(" + EngineGoes + ") AND NOT " + KeepWmi, Exe + " restore --owner \"[UpgradeCode]\""),
            ("WmiFixedPortSetSkipRestore" + suffix, "WmiFixedPortSkipRestore" + suffix, "(" + EngineGoes + ") AND " + KeepWmi, Exe + " skip-restore"),
            ("WmiFixedPortSetRestoreRollback" + suffix, "WmiFixedPortRestoreRollback" + suffix, "((" + EngineGoes + ") AND NOT " + KeepWmi + ") AND (" + Previous + ")",
                Exe + " enable --port \"[WMIFIXEDPORT_PREVIOUS_WMIPORT]\" --auth-level \"[WMIFIXEDPORT_PREVIOUS_WMIAUTHLEVEL]\" --owner \"[UpgradeCode]\""),
            ("WmiFixedPortSetRestoreRollbackToEffective" + suffix, "WmiFixedPortRestoreRollback" + suffix, "((" + EngineGoes + ") AND NOT " + KeepWmi + ") AND NOT (" + Previous + ")",
                Exe + " enable --port \"[WMIPORT]\" --auth-level \"[WMIAUTHLEVEL]\" --owner \"[UpgradeCode]\""),
            ("WmiFixedPortSetValidate" + suffix, "WmiFixedPortValidate" + suffix, EngineStays,
                Exe + " validate --port \"[WMIPORT]\" --auth-level \"[WMIAUTHLEVEL]\" --remote-addresses \"[FIREWALL_REMOTE_ADDRESSES]\" --firewall-profile \"[FIREWALL_PROFILE]\""),
        };

        var actual = ir.OfType("CustomAction").Select(CustomActionRow.From)
            .Where(a => a.ExecutionType == CustomActionRow.Immediate && a.Source is not null && a.Source.EndsWith(suffix, System.StringComparison.Ordinal)
                        && a.Source.StartsWith("WmiFixedPort", System.StringComparison.Ordinal))
            .OrderBy(a => a.Id, System.StringComparer.Ordinal)
            .Select(a => (a.Id, a.Source, ir.ExecuteAction(a.Id).Condition, a.Target))
            .ToArray();
        CollectionAssert.AreEqual(expected.OrderBy(e => e.Item1, System.StringComparer.Ordinal).Select(e => (e.Item1, (string?)e.Item2, (string?)e.Item3, (string?)e.Item4)).ToArray(), actual);
        foreach ((string id, _, _, _) in expected)
        {
            Assert.AreEqual("InstallInitialize", ir.ExecuteAction(id).Before, id + " is computed in the immediate phase");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void ElementValues_WhenLinked_FillTheLayerBetweenTheRememberedValueAndTheDefault(int major, string platform, string suffix, string otherSuffix)
    {
        _ = suffix;
        _ = otherSuffix;
        LinkedIntermediate ir = Load(major, platform);

        // Only the attributes the sample writes get an element step; the others fall through to the wixlib's default.
        var fromElement = ir.OfType("CustomAction").Select(CustomActionRow.From)
            .Where(a => a.Id.EndsWith("FromElement", System.StringComparison.Ordinal))
            .OrderBy(a => a.Id, System.StringComparer.Ordinal)
            .Select(a => (a.Id, a.Source, a.Target))
            .ToArray();
        CollectionAssert.AreEqual(
            new (string, string?, string?)[]
            {
                ("WmiFixedPortSetFIREWALL_PROFILEFromElement", "FIREWALL_PROFILE", "domain"),
                ("WmiFixedPortSetFIREWALL_REMOTE_ADDRESSESFromElement", "FIREWALL_REMOTE_ADDRESSES", "10.20.0.0/16,192.0.2.10"),
                ("WmiFixedPortSetWMIPORTFromElement", "WMIPORT", "24180"),
            },
            fromElement);

        foreach (string property in PublicProperties)
        {
            string prefix = "WmiFixedPortSet" + property;
            foreach (System.Func<string, ScheduledAction> sequence in new System.Func<string, ScheduledAction>[] { ir.ExecuteAction, ir.UiAction })
            {
                Assert.AreEqual(new ScheduledAction(prefix + "FromPolicy", $"NOT {property} AND WMIFIXEDPORT_POLICY_{property}", null, "AppSearch"), sequence(prefix + "FromPolicy"));
                Assert.AreEqual(new ScheduledAction(prefix + "FromPrevious", $"NOT {property} AND WMIFIXEDPORT_PREVIOUS_{property}", null, prefix + "FromPolicy"), sequence(prefix + "FromPrevious"));
                Assert.AreEqual(new ScheduledAction(prefix + "Default", $"NOT {property}", null, prefix + "FromPrevious"), sequence(prefix + "Default"));
                if (fromElement.Any(e => e.Source == property))
                {
                    Assert.AreEqual(new ScheduledAction(prefix + "FromElement", $"NOT {property}", prefix + "Default", null), sequence(prefix + "FromElement"));
                }
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void FirewallRules_WhenLinked_UseTheEffectiveValuesInFeaturesUnderTheElementsFeature(int major, string platform, string suffix, string otherSuffix)
    {
        _ = otherSuffix;
        LinkedIntermediate ir = Load(major, platform);

        // WixFirewallException: Name, RemoteAddresses, Port, Protocol, Program, Attributes, Profile, ComponentRef.
        var rules = ir.OfType("WixFirewallException").OrderBy(r => r.Id, System.StringComparer.Ordinal)
            .Select(r => string.Join(" | ", r.Fields.Take(8))).ToArray();
        CollectionAssert.AreEqual(
            new[]
            {
                $"WmiFixedPort - RPC Endpoint Mapper (TCP-In) | [FIREWALL_REMOTE_ADDRESSES] | 135 | 6 | [System64Folder]svchost.exe | 0 | [WmiFixedPortFirewallProfileMask] | WmiFixedPortFirewallRpcEpmapRule{suffix}",
                $"WmiFixedPort - WMI (TCP-In) | [FIREWALL_REMOTE_ADDRESSES] | [WMIPORT] | 6 | [System64Folder]svchost.exe | 0 | [WmiFixedPortFirewallProfileMask] | WmiFixedPortFirewallWmiRule{suffix}",
            },
            rules);
        Assert.AreEqual("Wix5FWCA" + suffix, ir.CustomAction("Wix5SchedFirewallExceptionsInstall" + suffix).Source);

        // Feature: ParentFeatureRef first. Level conditions: Condition(FeatureRef, Level, Condition).
        Assert.AreEqual("Agent", ir.Single("Feature", "WmiFixedPortFirewall").Fields[0]);
        Assert.AreEqual("Agent", ir.Single("Feature", "WmiFixedPortFirewallRpcEpmap").Fields[0]);
        CollectionAssert.AreEquivalent(
            new[] { "WmiFixedPortFirewall 1000 FIREWALL = 0", "WmiFixedPortFirewallRpcEpmap 1000 FIREWALL = 0 OR OPEN_RPC_EPMAP = 0" },
            ir.OfType("Condition").Select(c => string.Join(" ", c.Fields)).ToArray());
    }

    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void Preconditions_WhenLinked_TravelWithTheLibraryAndOnlyAdminRightsBlockMaintenance(int major, string platform, string suffix, string otherSuffix)
    {
        _ = suffix;
        _ = otherSuffix;
        LinkedIntermediate ir = Load(major, platform);

        var ours = ir.OfType("LaunchCondition").Where(c => c.Fields[1]!.StartsWith("!(loc.WmiFixedPort", System.StringComparison.Ordinal))
            .Select(c => c.Fields[0]).ToArray();
        CollectionAssert.AreEqual(
            new[]
            {
                "Privileged",
                "Installed OR WMIFIXEDPORT_WINDOWS_BUILD >= 10240",
                "Installed OR NOT (WMIFIXEDPORT_PROCESSOR_ARCHITECTURE ~= \"ARM64\" AND WMIFIXEDPORT_WINDOWS_BUILD < 22000)",
                "Installed OR WMIFIXEDPORT_NETFX4_RELEASE >= \"#394802\"",
                "Installed OR (WMIPORT >= 1024 AND WMIPORT <= 65535)",
                "Installed OR WMIPORT <> 135",
                "Installed OR (WMIAUTHLEVEL >= 2 AND WMIAUTHLEVEL <= 6)",
                "Installed OR FIREWALL = 0 OR FIREWALL = 1",
                "Installed OR OPEN_RPC_EPMAP = 0 OR OPEN_RPC_EPMAP = 1",
                "Installed OR WmiFixedPortFirewallProfileMask",
            },
            ours);
    }

    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void LibrarySymbols_WhenLinked_CarryTheProductPrefixAndNoPackageLevelAuthoring(int major, string platform, string suffix, string otherSuffix)
    {
        _ = otherSuffix;
        LinkedIntermediate ir = Load(major, platform);
        var fromLibrary = ir.Symbols.Where(s => s.SourceFile is not null && s.SourceFile.Contains("WmiFixedPort.Wixlib", System.StringComparison.Ordinal)).ToArray();
        Assert.IsTrue(fromLibrary.Length > 100, "the wixlib's symbols are recognised by their source file");

        string[] unprefixed = fromLibrary
            .Where(s => s.Id is not null && s.Access != "section") // section-scoped ids are generated and cannot collide
            .Select(s => s.Id!.Substring(s.Id!.IndexOf('/', System.StringComparison.Ordinal) + 1))
            .Where(id => !id.StartsWith("WmiFixedPort", System.StringComparison.Ordinal) && !id.StartsWith("WMIFIXEDPORT_", System.StringComparison.Ordinal)
                         && !PublicProperties.Contains(id)
                         && id != "Wix4CheckRebootRequired" + suffix) // the wixlib's override of util's own action
            .Distinct().ToArray();
        CollectionAssert.AreEqual(System.Array.Empty<string>(), unprefixed);

        string[] packageLevel = { "Upgrade", "WixUpgrade", "Media", "WixMediaTemplate", "SummaryInformation", "MsiPackageCertificate" };
        CollectionAssert.AreEqual(System.Array.Empty<string>(), fromLibrary.Where(s => packageLevel.Contains(s.Type)).Select(s => s.Type).ToArray());
    }

    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void Strings_WhenLinked_ComeCultureNeutralAndOverridableForEveryLocReference(int major, string platform, string suffix, string otherSuffix)
    {
        _ = suffix;
        _ = otherSuffix;
        LinkedIntermediate ir = Load(major, platform);

        // WiX 5.0.2 Resolver: a localization without a culture passes every culture filter; "extensiondefaultculture"
        // keeps it when the consumer builds without one. So whatever cultures the consumer builds, these strings resolve.
        IrLocalization ours = ir.Localizations.Single(l => l.Variables.Any(v => v.Name.StartsWith("WmiFixedPort", System.StringComparison.Ordinal)));
        Assert.AreEqual("extensiondefaultculture", ours.Location);
        Assert.IsNull(ours.Culture);
        CollectionAssert.AreEqual(System.Array.Empty<string>(), ours.Variables.Where(v => !v.Overridable).Select(v => v.Name).ToArray(), "every string is overridable");

        string[] referenced = ir.Symbols.SelectMany(s => s.Fields)
            .Where(f => f is not null && f.StartsWith("!(loc.WmiFixedPort", System.StringComparison.Ordinal))
            .Select(f => f!.Substring("!(loc.".Length, f!.Length - "!(loc.".Length - 1))
            .Distinct().OrderBy(n => n, System.StringComparer.Ordinal).ToArray();
        Assert.AreEqual(21, referenced.Length, "launch conditions (10), firewall features (4: title, description), firewall rule descriptions (2), refusals (4), the KEEP_WMI warning (1)");
        CollectionAssert.AreEqual(
            System.Array.Empty<string>(),
            referenced.Except(ours.Variables.Select(v => v.Name)).ToArray(),
            "every !(loc.WmiFixedPort*) the package uses is defined");
    }

    private static LinkedIntermediate Load(int major, string platform) => LinkedIntermediate.Load(WixextOutputs.SampleLinkedOutput(major, platform));
}
