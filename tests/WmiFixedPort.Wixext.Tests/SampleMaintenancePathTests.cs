using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Wixext.Tests.TestInfrastructure;

namespace WmiFixedPort.Wixext.Tests;

/// <summary>
/// Issue 15, points 1-6 and the "virtual" scheduling, on the consumer sample (packaging/samples/MonitoringAgent) as the
/// real WiX 5.0.2 SDK links it through the packed extension, x64 and ARM64 (.ci/wixext.sh): what another product gets
/// from &lt;wmi:FixedPort /&gt;, not only our own MSI (whose paths tests/WmiFixedPort.Installer.Tests simulates).
/// Field indexes: WixToolset.Data/Symbols/*SymbolFields, tag v5.0.2 (CustomAction: ExecutionType, Source, SourceType,
/// Target, TargetType; WixAction: SequenceTable, Action, Condition, Sequence, Before, After; Registry: Root, Key, Name,
/// Value; LaunchCondition: Condition, Description; WixProperty: PropertyRef, Admin, Hidden, Secure).
/// </summary>
[TestClass]
public sealed class SampleMaintenancePathTests
{
    private const string SampleUpgradeCode = "{6A1E5C0B-3F27-4D8E-9B51-0C7D2E4F8A19}";
    private const string Previous = "WMIFIXEDPORT_PREVIOUS_WMIPORT AND WMIFIXEDPORT_PREVIOUS_WMIAUTHLEVEL";

    public static IEnumerable<object[]> Platforms => new[]
    {
        new object[] { "x64", "_X64" },
        new object[] { "ARM64", "_A64" },
    };

    /// <summary>Spellings the engine's validator (FirewallProfiles.Parse) accepts, with the mask it gives.</summary>
    public static IEnumerable<object[]> AcceptedSpellings => new[]
    {
        new object[] { "all", "2147483647" }, new object[] { "All", "2147483647" },
        new object[] { "domain", "1" }, new object[] { "PRIVATE", "2" }, new object[] { "Public", "4" },
        new object[] { "private,domain", "3" }, new object[] { "Domain,Private", "3" }, new object[] { "public,domain", "5" },
        new object[] { "public,private", "6" }, new object[] { "public,private,domain", "7" }, new object[] { "Private,Public,Domain", "7" },
        new object[] { "domain,domain", "1" }, new object[] { "private,domain,private", "3" },
    };

    [TestMethod]
    [DynamicData(nameof(AcceptedSpellings))]
    public void ProfileMask_WhenLinkedInTheSample_GivesEveryAcceptedSpellingItsExactMask(string profile, string mask)
    {
        foreach (string platform in new[] { "x64", "ARM64" })
        {
            LinkedIntermediate ir = Load(platform);
            var masks = MaskActions(ir)
                .Where(a => MaskCondition.Holds(a.Condition, profile))
                .Select(a => a.Value)
                .ToList();

            CollectionAssert.AreEqual(new[] { mask }, masks, $"{platform}: '{profile}'");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void ProfileRefusal_WhenLinkedInTheSample_StopsARuleWithoutMaskBeforeInstallInitialize(string platform, string suffix)
    {
        LinkedIntermediate ir = Load(platform);

        AssertErrorAction(ir, "WmiFixedPortRefuseFirewallProfile" + suffix, "!(loc.WmiFixedPortFirewallProfileNoMask)");
        string condition = ir.ExecuteAction("WmiFixedPortRefuseFirewallProfile" + suffix).Condition!;
        StringAssert.Contains(condition, $"$WmiFixedPortFirewallWmiRule{suffix} = 3");
        StringAssert.Contains(condition, $"$WmiFixedPortFirewallRpcEpmapRule{suffix} = 3");
        StringAssert.EndsWith(condition, "AND NOT WmiFixedPortFirewallProfileMask");
    }

    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void EnableRollback_WhenLinkedInTheSample_ChoosesOnRememberedValuesNotOnAnUpgrade(string platform, string suffix)
    {
        LinkedIntermediate ir = Load(platform);

        var toPrevious = ir.ExecuteAction("WmiFixedPortSetEnableRollbackToPrevious" + suffix).Condition!;
        var toRecord = ir.ExecuteAction("WmiFixedPortSetEnableRollbackToRecord" + suffix).Condition!;

        StringAssert.EndsWith(toPrevious, $"AND ({Previous})");
        StringAssert.EndsWith(toRecord, $"AND NOT ({Previous})");
        Assert.IsFalse(toPrevious.Contains("WIX_UPGRADE_DETECTED", StringComparison.Ordinal), toPrevious);
        Assert.IsFalse(toRecord.Contains("WIX_UPGRADE_DETECTED", StringComparison.Ordinal), toRecord);
        Assert.AreEqual("\"[WmiFixedPortFolder]WmiFixedPort.exe\" restore --owner \"[UpgradeCode]\"", SetPropertyValue(ir, "WmiFixedPortSetEnableRollbackToRecord" + suffix), "review D5");
    }

    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void ChangedValues_WhenLinkedInTheSample_AreRefusedUnlessEveryCarrierIsRewritten(string platform, string suffix)
    {
        LinkedIntermediate ir = Load(platform);

        AssertErrorAction(ir, "WmiFixedPortRefuseChangedValues" + suffix, "!(loc.WmiFixedPortChangedValuesNeedReinstall)");
        string condition = ir.ExecuteAction("WmiFixedPortRefuseChangedValues" + suffix).Condition!;
        foreach (string property in new[] { "WMIPORT", "WMIAUTHLEVEL", "FIREWALL_REMOTE_ADDRESSES", "FIREWALL_PROFILE" })
        {
            StringAssert.Contains(condition, $"{property} <> WMIFIXEDPORT_PREVIOUS_{property}");
        }

        foreach (string component in new[] { "WmiFixedPortFirewallWmiRule" + suffix, "WmiFixedPortFirewallRpcEpmapRule" + suffix, "WmiFixedPortRememberedSettings" })
        {
            StringAssert.Contains(condition, "?" + component + " = 3");
        }

        StringAssert.Contains(condition, "REINSTALLMODE ~>< \"m\"");
        StringAssert.Contains(condition, "$WmiFixedPortFirewallWmiRule" + suffix + " = 2", "a rule being removed: the run does not apply values (review D2)");
    }

    /// <summary>
    /// Review D2/D3: on a run that does not apply values, a value that came from Group Policy (equal to its
    /// WMIFIXEDPORT_POLICY_* search) falls back to the remembered one, and on a run that applies values nowhere any value
    /// does; the mask is computed again afterwards. All of it after MigrateFeatureStates, before InstallValidate, and
    /// before the refusals (review doubt 2).
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void NotAppliedValues_WhenLinkedInTheSample_FallBackToTheRememberedOnesBeforeTheRefusals(string platform, string suffix)
    {
        LinkedIntermediate ir = Load(platform);

        foreach (string property in new[] { "WMIPORT", "WMIAUTHLEVEL", "FIREWALL_REMOTE_ADDRESSES", "FIREWALL_PROFILE" })
        {
            string action = "WmiFixedPortSetPrevious" + property + suffix;
            Assert.AreEqual("[WMIFIXEDPORT_PREVIOUS_" + property + "]", SetPropertyValue(ir, action));
            Assert.AreEqual(property, ir.Single("CustomAction", action).Fields[1]);
            StringAssert.Contains(ir.ExecuteAction(action).Condition!, $"{property} = WMIFIXEDPORT_POLICY_{property} OR");
        }

        Assert.AreEqual("InstallValidate", ir.ExecuteAction("WmiFixedPortSetNotAppliedWMIPORT" + suffix).Before);
        Assert.AreEqual("WmiFixedPortSetMaskFallback" + suffix, ir.ExecuteAction("WmiFixedPortRefuseSecondOwner" + suffix).After);
        Assert.AreEqual("1", SetPropertyValue(ir, "WmiFixedPortSetMaskFallback" + suffix));
        foreach (string label in new[] { "All", "Domain", "Private", "DomainPrivate", "Public", "DomainPublic", "PrivatePublic", "DomainPrivatePublic" })
        {
            Assert.AreEqual(ir.ExecuteAction("WmiFixedPortSetFirewallProfileMask" + label).Condition, ir.ExecuteAction("WmiFixedPortSetMaskAgain" + label + suffix).Condition, label);
            Assert.AreEqual(SetPropertyValue(ir, "WmiFixedPortSetFirewallProfileMask" + label), SetPropertyValue(ir, "WmiFixedPortSetMaskAgain" + label + suffix), label);
        }

        AssertErrorAction(ir, "WmiFixedPortRefuseRuleWithoutEngine" + suffix, "!(loc.WmiFixedPortRuleWithoutEngine)");
    }

    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void Uninstall_WhenLinkedInTheSample_OffersTheKeepWmiWayOut(string platform, string suffix)
    {
        LinkedIntermediate ir = Load(platform);

        Assert.AreEqual("\"[WmiFixedPortFolder]WmiFixedPort.exe\" skip-restore", SetPropertyValue(ir, "WmiFixedPortSetSkipRestore" + suffix));
        StringAssert.EndsWith(ir.ExecuteAction("WmiFixedPortSetSkipRestore" + suffix).Condition!, "AND WMIFIXEDPORT_UNINSTALL_KEEP_WMI = 1");
        StringAssert.EndsWith(ir.ExecuteAction("WmiFixedPortSetRestore" + suffix).Condition!, "AND NOT WMIFIXEDPORT_UNINSTALL_KEEP_WMI = 1");
        Assert.AreEqual("true", ir.OfType("WixProperty").Single(p => p.Fields[0] == "WMIFIXEDPORT_UNINSTALL_KEEP_WMI").Fields[3], "secure: it must reach the server side");
    }

    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void Owner_WhenLinkedInTheSample_IsRememberedAsTheConsumersUpgradeCodeAndASecondOneIsRefused(string platform, string suffix)
    {
        LinkedIntermediate ir = Load(platform);

        var owner = ir.OfType("Registry").Single(r => r.Fields[1] == @"SOFTWARE\WmiFixedPort\Settings" && r.Fields[2] == "UpgradeCode");
        Assert.AreEqual("[UpgradeCode]", owner.Fields[3]);
        Assert.AreEqual(SampleUpgradeCode, ir.Single("Property", "UpgradeCode").Fields[0], "the consumer's own UpgradeCode fills it");
        AssertErrorAction(ir, "WmiFixedPortRefuseSecondOwner" + suffix, "!(loc.WmiFixedPortSecondOwner)");
        StringAssert.StartsWith(
            ir.ExecuteAction("WmiFixedPortRefuseSecondOwner" + suffix).Condition!,
            "(WMIFIXEDPORT_OWNER_UPGRADECODE AND NOT WMIFIXEDPORT_OWNER_UPGRADECODE ~= UpgradeCode)");
    }

    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void Windows10OnArm64_WhenLinkedInTheSample_IsRefusedByALaunchConditionThatSparesMaintenance(string platform, string suffix)
    {
        _ = suffix;
        LinkedIntermediate ir = Load(platform);

        var launch = ir.OfType("LaunchCondition").Single(l => l.Fields[1] == "!(loc.WmiFixedPortWindows10Arm64)");
        Assert.AreEqual("Installed OR NOT (WMIFIXEDPORT_PROCESSOR_ARCHITECTURE ~= \"ARM64\" AND WMIFIXEDPORT_WINDOWS_BUILD < 22000)", launch.Fields[0]);
        string message = ir.Localizations.SelectMany(l => l.Variables).First(v => v.Name == "WmiFixedPortWindows10Arm64").Value;
        StringAssert.Contains(message, "the engine would run as a 32-bit process and see the WOW64 registry");
    }

    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void ScheduledActions_WhenLinkedInTheSample_AreVirtualSoAConsumerCanRescheduleThem(string platform, string suffix)
    {
        LinkedIntermediate ir = Load(platform);

        var ours = ir.OfType("WixAction")
            .Where(a => a.Fields[0] == "4" && a.Fields[1]!.StartsWith("WmiFixedPort", StringComparison.Ordinal) && a.Fields[1]!.EndsWith(suffix, StringComparison.Ordinal)
                && !a.Fields[1]!.StartsWith("WmiFixedPortSet", StringComparison.Ordinal))
            .ToList();

        Assert.HasCount(10, ours, string.Join(", ", ours.Select(a => a.Fields[1])));
        CollectionAssert.AreEqual(Array.Empty<string>(), ours.Where(a => a.Access != "virtual").Select(a => a.Fields[1] + ": " + a.Access).ToArray());
    }

    /// <summary>The WiX 5 sample's output: the maintenance paths depend on the wixlib's conditions, one body for every
    /// major (LinkedSampleTests checks each major's actions, conditions and command lines).</summary>
    private static LinkedIntermediate Load(string platform) => LinkedIntermediate.Load(WixextOutputs.SampleLinkedOutput(5, platform));

    private static void AssertErrorAction(LinkedIntermediate ir, string id, string message)
    {
        IrSymbol action = ir.Single("CustomAction", id);
        // Type 19: SourceType 0x10 (file, no source), TargetType 3 (text): an error message that ends the install.
        Assert.AreEqual("16", action.Fields[2], id);
        Assert.AreEqual(message, action.Fields[3], id);
        Assert.AreEqual("3", action.Fields[4], id);
        Assert.AreEqual("0", action.Fields[0], $"{id}: immediate");
        ScheduledAction scheduled = ir.ExecuteAction(id);
        Assert.IsTrue(scheduled.After is not null && (scheduled.After.StartsWith("WmiFixedPortSetMaskFallback", StringComparison.Ordinal) || scheduled.After.StartsWith("WmiFixedPortRefuse", StringComparison.Ordinal)), $"{id}: after the values not applied fell back ({scheduled.After})");
    }

    private static string? SetPropertyValue(LinkedIntermediate ir, string action) => ir.Single("CustomAction", action).Fields[3];

    private static List<(string Condition, string Value)> MaskActions(LinkedIntermediate ir)
    {
        var conditions = ir.OfType("WixAction").Where(a => a.Fields[0] == "4").ToDictionary(a => a.Fields[1]!, a => a.Fields[2] ?? string.Empty, StringComparer.Ordinal);
        return ir.OfType("CustomAction")
            .Where(c => c.Fields[1] == "WmiFixedPortFirewallProfileMask" && c.Fields[2] == "48" && c.Id!.StartsWith("WmiFixedPortSetFirewallProfileMask", StringComparison.Ordinal))
            .Select(c => (conditions[c.Id!], c.Fields[3]!))
            .ToList();
    }

    /// <summary>
    /// The two condition shapes the mask actions use, evaluated as Windows Installer does (MS "Conditional Statement
    /// Syntax": ~ makes a comparison case-insensitive, >&lt; is "contains", NOT binds looser than a comparison):
    /// <c>FIREWALL_PROFILE ~= "x"</c>, or clauses <c>[NOT ]FIREWALL_PROFILE ~>&lt; "x"</c> joined by AND. Any other shape fails.
    /// </summary>
    private static class MaskCondition
    {
        private static readonly Regex ExactPattern = new("^FIREWALL_PROFILE ~= \"(?<v>[a-z]+)\"$", RegexOptions.CultureInvariant);
        private static readonly Regex ContainsPattern = new("^(?<not>NOT )?FIREWALL_PROFILE ~>< \"(?<v>[a-z]+)\"$", RegexOptions.CultureInvariant);

        public static bool Holds(string condition, string profile)
        {
            Match equals = ExactPattern.Match(condition);
            if (equals.Success)
            {
                return string.Equals(profile, equals.Groups["v"].Value, StringComparison.OrdinalIgnoreCase);
            }

            return condition.Split(" AND ").All(clause =>
            {
                Match contains = ContainsPattern.Match(clause);
                Assert.IsTrue(contains.Success, $"unexpected shape: {clause}");
                bool found = profile.Contains(contains.Groups["v"].Value, StringComparison.OrdinalIgnoreCase);
                return contains.Groups["not"].Success ? !found : found;
            });
        }
    }
}
