using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Cli;
using WmiFixedPort.Installer.Tests.TestInfrastructure;
using WmiFixedPort.Validation;

namespace WmiFixedPort.Installer.Tests;

/// <summary>
/// Issue 15, points 1-6, on the real linked output (shipping package): every Windows Installer path, not only install,
/// repair and uninstall. Modify (ADDLOCAL/REMOVE of each feature), REINSTALL subsets and modes, every spelling of
/// FIREWALL_PROFILE that the engine's validator accepts, a consumer's first adoption in an upgrade, a refused restore
/// with and without the way out, a second owner, Windows 10 on ARM64.
/// </summary>
[TestClass]
public sealed class MaintenancePathTests
{
    private const string OurUpgradeCode = "{E9D2D046-CD70-4BD6-9E50-3B01388ADADA}";
    private const string OtherUpgradeCode = "{0B5C33A4-1D35-4C36-9A34-000000000001}";
    private const string OldProductCode = "{6F1A5E2C-0000-4000-8000-000000000001}";
    private const string NewProductCode = "{6F1A5E2C-0000-4000-8000-000000000002}";
    private static readonly string[] AllFeatures = ["Engine", "Firewall", "FirewallRpcEpmap"];

    private static InstallerSources Sources => InstallerSources.Shipping;

    /// <summary>An installed product that remembered 30000/6, 10.0.0.0/8, domain, both rules.</summary>
    private static Scenario Installed(string name) => Scenario.OnSupportedMachine(name)
        .WithProperty("Installed", "1").WithProperty("ProductState", "5").WithProperty("Preselected", "1")
        .WithRemembered("WMIPORT", "30000").WithRemembered("WMIAUTHLEVEL", "6").WithRemembered("FIREWALL", "1")
        .WithRemembered("FIREWALL_REMOTE_ADDRESSES", "10.0.0.0/8").WithRemembered("FIREWALL_PROFILE", "domain")
        .WithRemembered("OPEN_RPC_EPMAP", "1").WithRemembered("UpgradeCode", OurUpgradeCode);

    // ---- Point 1: the profile mask --------------------------------------------------------------------------------

    /// <summary>
    /// Spellings the engine's validator accepts (FirewallProfiles.Parse): "all" in any case, and every order of every
    /// non-empty subset of domain, private, public, in lower, upper and mixed case, plus repeats.
    /// </summary>
    public static IEnumerable<object[]> AcceptedSpellings()
    {
        string[] names = ["domain", "private", "public"];
        var spellings = new List<string> { "all", "ALL", "All" };
        foreach (var order in Permutations(names))
        {
            for (var length = 1; length <= order.Count; length++)
            {
                var list = order.Take(length).ToList();
                spellings.Add(string.Join(",", list));
                spellings.Add(string.Join(",", list).ToUpperInvariant());
                spellings.Add(string.Join(",", list.Select(n => char.ToUpperInvariant(n[0]) + n[1..])));
            }
        }

        spellings.AddRange(["domain,domain", "private,domain,private", "PUBLIC,public", "public,Domain,public,private,domain"]);
        return spellings.Distinct(StringComparer.Ordinal).Select(s => new object[] { s });
    }

    /// <summary>The maintenance and install runs that write the rules: the run and a name.</summary>
    private static IEnumerable<(string Name, Scenario Run)> RuleWritingRuns(string profile)
    {
        yield return ("first install", Scenario.OnSupportedMachine("install").WithProperty("FIREWALL_PROFILE", profile));
        yield return ("first install, policy", Scenario.OnSupportedMachine("install").WithPolicy("FIREWALL_PROFILE", profile));
        yield return ("repair REINSTALL=ALL", Installed("repair").WithProperty("REINSTALL", "ALL").WithProperty("FIREWALL_PROFILE", profile));
        yield return ("REINSTALL=Firewall, remembered", Installed("reinstall").WithRemembered("FIREWALL_PROFILE", profile).WithProperty("REINSTALL", "Firewall"));
        yield return ("ADDLOCAL=Firewall, remembered", Installed("add").WithInstalledFeatures("Engine").WithRemembered("FIREWALL_PROFILE", profile).WithProperty("ADDLOCAL", "Firewall"));
        yield return ("ADDLOCAL=FirewallRpcEpmap, policy = remembered", Installed("add").WithInstalledFeatures("Engine", "Firewall")
            .WithRemembered("FIREWALL_PROFILE", profile).WithPolicy("FIREWALL_PROFILE", profile).WithProperty("ADDLOCAL", "FirewallRpcEpmap"));
        yield return ("upgrade, new version", Scenario.OnSupportedMachine("upgrade").WithProperty("WIX_UPGRADE_DETECTED", OldProductCode)
            .WithRemembered("WMIPORT", "30000").WithRemembered("WMIAUTHLEVEL", "6").WithRemembered("FIREWALL_PROFILE", profile));
    }

    [TestMethod]
    [DynamicData(nameof(AcceptedSpellings))]
    public void FirewallProfile_WhenAnySpellingTheValidatorAccepts_EveryRuleWrittenGetsExactlyItsProfiles(string profile)
    {
        var expected = FirewallProfiles.Parse(profile).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, run) in RuleWritingRuns(profile))
        {
            var result = InstallSimulator.Run(Sources, run);

            Assert.IsFalse(result.Stopped, $"{name}: {string.Join(", ", result.FailedLaunchConditions)} {result.Refusal}");
            Assert.AreNotEqual(0, result.RulesWritten.Count, $"{name}: writes a rule");
            foreach (var rule in result.RulesWritten)
            {
                Assert.AreEqual(expected, rule.Profile, $"{name}: {rule.Name}");
            }

            Assert.AreEqual(0, RunValidate(result).ExitCode, $"{name}: the exe accepts '{profile}' too");
        }
    }

    [TestMethod]
    [DataRow("any")]
    [DataRow("0")]
    [DataRow("domian")]
    public void FirewallProfile_WhenNoMaskAndARuleComponentIsBeingInstalled_IsRefusedBeforeAnyChange(string profile)
    {
        foreach (var (name, run) in RuleWritingRuns(profile).Where(r => !r.Name.StartsWith("first install", StringComparison.Ordinal)))
        {
            var result = InstallSimulator.Run(Sources, run);

            Assert.IsTrue(result.Stopped, $"{name}: must stop");
            Assert.AreEqual(0, result.Script.Count, $"{name}: nothing runs");
            Assert.AreEqual(0, result.RulesWritten.Count, $"{name}: no rule, never an empty Profile");
        }

        var refused = InstallSimulator.Run(Sources, Installed("reinstall").WithProperty("REINSTALL", "ALL").WithProperty("FIREWALL_PROFILE", profile));
        Assert.AreEqual("!(loc.WmiFixedPortFirewallProfileNoMask)", refused.Refusal);
    }

    [TestMethod]
    public void FirewallProfile_WhenNoMaskButNoRuleIsInstalled_DoesNotBlockModifyNorUninstall()
    {
        var remembered = Installed("modify").WithRemembered("FIREWALL_PROFILE", "bogus");

        Assert.IsFalse(InstallSimulator.Run(Sources, remembered.WithProperty("REMOVE", "FirewallRpcEpmap")).Stopped, "REMOVE of a rule");
        Assert.IsFalse(InstallSimulator.Run(Sources, remembered.WithProperty("REMOVE", "ALL")).Stopped, "uninstall");
    }

    [TestMethod]
    [DataRow("domain, private")]
    [DataRow("domainx")]
    [DataRow("all,domain")]
    [DataRow(",domain")]
    public void FirewallProfile_WhenTheValidatorRefusesASpellingThatGetsAMask_ValidateStopsTheRunBeforeTheRules(string profile)
    {
        foreach (var (name, run) in RuleWritingRuns(profile).Where(r => r.Name.StartsWith("repair", StringComparison.Ordinal) || r.Name.StartsWith("first", StringComparison.Ordinal)))
        {
            var result = InstallSimulator.Run(Sources, run);
            Assume(!result.Stopped, name);

            var (exitCode, output) = RunValidate(result);

            Assert.AreEqual(CliApplication.InvalidArguments, exitCode, $"{name}: {output}");
            StringAssert.Contains(output, "FIREWALL_PROFILE");
            var order = ExecuteSequence.Build(Sources).Select(a => a.Name).ToList();
            Assert.IsLessThan(order.IndexOf("Wix5SchedFirewallExceptionsInstall_X64"), order.IndexOf("Validate"), "validate's deferred step precedes the rules'");
        }
    }

    [TestMethod]
    public void AnyRun_WhenItWritesARule_NeverFormatsAnEmptyProfileOrPort()
    {
        string[] profiles = ["", "bogus", "domain", "private,domain"];
        foreach (var profile in profiles)
        {
            foreach (var run in MaintenanceRuns().Select(r => r.Run))
            {
                var scenario = profile.Length == 0 ? run : run.WithRemembered("FIREWALL_PROFILE", profile);
                foreach (var rule in InstallSimulator.Run(Sources, scenario).RulesWritten)
                {
                    Assert.AreNotEqual(string.Empty, rule.Profile, $"{scenario.Name} '{profile}': {rule.Name}");
                    Assert.AreNotEqual(string.Empty, rule.Port, $"{scenario.Name} '{profile}': {rule.Name}");
                }
            }
        }
    }

    // ---- Point 2: a consumer's first adoption in an upgrade ---------------------------------------------------------

    [TestMethod]
    public void MajorUpgrade_WhenTheOldVersionHadNoElementAndAnyStepFails_EndsWithTheOldVersionAndTheOriginalWmi()
    {
        // The consumer's old version did not carry <wmi:FixedPort />: no Settings key, no record; WIX_UPGRADE_DETECTED set.
        var run = Scenario.OnSupportedMachine("first adoption").WithProperty("WIX_UPGRADE_DETECTED", OldProductCode).WithProperty("ProductState", "-1");
        var oldRemoval = Scenario.OnSupportedMachine("old removal").WithProperty("Installed", "1").WithProperty("REMOVE", "ALL")
            .WithProperty("UPGRADINGPRODUCTCODE", NewProductCode);
        var machine = new TransactionModel.Machine(OldCarriesElement: false);
        var before = new EndState("old version", EndState.OriginalWmi);

        var points = TransactionModel.FailurePoints(Sources, run, oldRemoval, machine);
        for (var step = 0; step < points; step++)
        {
            Assert.AreEqual(before, TransactionModel.Run(Sources, run, oldRemoval, before, step, machine), $"failure before step {step}");
        }

        Assert.AreEqual(before, TransactionModel.Run(InstallerSources.WithTestHook, run, oldRemoval, before, null, machine), "test hook");
        Assert.AreEqual(new EndState("new version", EndState.Enabled("24158", "5")), TransactionModel.Run(Sources, run, oldRemoval, before, null, machine));
    }

    [TestMethod]
    public void EnableRollback_WhenNoValuesAreRemembered_RestoresTheRecordInsteadOfEnablingEmptyValues()
    {
        var repairWithoutSettings = Scenario.OnSupportedMachine("repair, Settings key deleted").WithProperty("Installed", "1").WithProperty("REINSTALL", "ALL");
        var adoption = Scenario.OnSupportedMachine("first adoption").WithProperty("WIX_UPGRADE_DETECTED", OldProductCode);

        foreach (var run in new[] { repairWithoutSettings, adoption })
        {
            var rollback = InstallSimulator.Run(Sources, run).Script.Single(s => s.Action == "EnableRollback");
            Assert.AreEqual($"\"{InstallSimulator.ExePath}\" restore --owner \"{OurUpgradeCode}\"", rollback.CustomActionData, run.Name);
        }
    }

    // ---- Point 3: WMI, the rules and the remembered values move together --------------------------------------------

    /// <summary>Every kind of maintenance run on the installed product, each feature added and removed.</summary>
    private static IEnumerable<(string Name, Scenario Run)> MaintenanceRuns()
    {
        yield return ("repair /fa", Installed("repair").WithProperty("REINSTALL", "ALL").WithProperty("REINSTALLMODE", "a"));
        yield return ("repair /fmus", Installed("repair").WithProperty("REINSTALL", "ALL").WithProperty("REINSTALLMODE", "mus"));
        yield return ("REINSTALL=ALL", Installed("repair").WithProperty("REINSTALL", "ALL"));
        foreach (var feature in AllFeatures)
        {
            yield return ($"REINSTALL={feature}", Installed("reinstall").WithProperty("REINSTALL", feature));
            yield return ($"REMOVE={feature}", Installed("remove").WithProperty("REMOVE", feature));
            yield return ($"ADDLOCAL={feature}", Installed("add").WithInstalledFeatures(AllFeatures.Where(f => f != feature).ToArray()).WithProperty("ADDLOCAL", feature));
        }

        yield return ("REINSTALL=Engine,Firewall", Installed("reinstall").WithProperty("REINSTALL", "Engine,Firewall"));
        yield return ("modify, nothing named", Installed("modify"));
    }

    /// <summary>The ways a changed value arrives on a maintenance run.</summary>
    private static IEnumerable<(string Name, Func<Scenario, Scenario> Change, string Property, string Value)> Changes()
    {
        yield return ("WMIPORT on the command line", s => s.WithProperty("WMIPORT", "31000"), "WMIPORT", "31000");
        yield return ("WMIPORT by policy", s => s.WithPolicy("WMIPORT", "31000"), "WMIPORT", "31000");
        yield return ("WMIAUTHLEVEL on the command line", s => s.WithProperty("WMIAUTHLEVEL", "4"), "WMIAUTHLEVEL", "4");
        yield return ("FIREWALL_REMOTE_ADDRESSES by policy", s => s.WithPolicy("FIREWALL_REMOTE_ADDRESSES", "LocalSubnet"), "FIREWALL_REMOTE_ADDRESSES", "LocalSubnet");
        yield return ("FIREWALL_PROFILE on the command line", s => s.WithProperty("FIREWALL_PROFILE", "private,domain"), "FIREWALL_PROFILE", "private,domain");
    }

    /// <summary>The remembered value of each property of <see cref="Installed"/>.</summary>
    private static readonly Dictionary<string, string> RememberedValues = new(StringComparer.Ordinal)
    {
        ["WMIPORT"] = "30000", ["WMIAUTHLEVEL"] = "6", ["FIREWALL_REMOTE_ADDRESSES"] = "10.0.0.0/8", ["FIREWALL_PROFILE"] = "domain",
    };

    [TestMethod]
    public void Maintenance_WhenAValueChanges_RefusesACommandLineValuePostponesAPolicyValueOrMovesWmiRulesAndRememberedTogether()
    {
        var applied = new List<string>();
        var refused = new List<string>();
        var postponed = new List<string>();
        foreach (var (runName, run) in MaintenanceRuns())
        {
            foreach (var (changeName, change, property, value) in Changes())
            {
                var name = $"{runName}, {changeName}";
                var result = InstallSimulator.Run(Sources, change(run));
                if (result.Stopped)
                {
                    Assert.AreEqual("!(loc.WmiFixedPortChangedValuesNeedReinstall)", result.Refusal, name);
                    Assert.AreEqual(0, result.Script.Count, name);
                    refused.Add(name);
                    continue;
                }

                if (result.Properties.GetValueOrDefault("$WmiFixedPortEngineExe") == "2")
                {
                    // The engine's feature removed: restore, no value applied anywhere; the rules go with the remembered values.
                    Assert.IsFalse(result.Script.Any(s => s.Action == "Enable"), name);
                    Assert.IsNull(result.RememberedWritten, name);
                    Assert.AreEqual(RememberedValues[property], result.Properties[property], name);
                    continue;
                }

                var enable = result.Script.SingleOrDefault(s => s.Action == "Enable");
                Assert.IsNotNull(enable, $"{name}: enable runs whenever the engine stays");
                StringAssert.Contains(enable.CustomActionData, $"--port \"{result.Properties["WMIPORT"]}\" --auth-level \"{result.Properties["WMIAUTHLEVEL"]}\"", name);
                foreach (var rule in result.RulesWritten.Where(r => r.Name.Contains("WMI (", StringComparison.Ordinal)))
                {
                    Assert.AreEqual(result.Properties["WMIPORT"], rule.Port, name);
                }

                if (result.Properties[property] == RememberedValues[property])
                {
                    // Postponed: the run keeps the remembered value everywhere and says so in the log.
                    postponed.Add(name);
                    Assert.AreEqual($"{property}={value} ", result.Properties.GetValueOrDefault("WmiFixedPortNotApplied" + property)?[..($"{property}={value} ".Length)], name);
                    Assert.IsTrue(result.RememberedWritten is null || result.RememberedWritten[property] == RememberedValues[property], name);
                    foreach (var rule in result.RulesWritten)
                    {
                        Assert.AreEqual("10.0.0.0/8", rule.RemoteAddresses, name);
                        Assert.AreEqual("1", rule.Profile, name);
                    }

                    continue;
                }

                applied.Add(name);
                var installedAfter = InstalledRuleComponents(result);
                Assert.IsNotNull(result.RememberedWritten, $"{name}: the remembered values are rewritten");
                Assert.AreEqual(value, result.RememberedWritten![property], name);
                CollectionAssert.AreEquivalent(installedAfter, result.RulesWritten.Select(r => r.Name).ToList(), $"{name}: every rule that stays is rewritten");
            }
        }

        CollectionAssert.AreEquivalent(
            Changes().SelectMany(c => new[] { $"REINSTALL=ALL, {c.Name}", $"repair /fmus, {c.Name}" }).ToList(),
            applied,
            "only a reinstall of everything with registry rewrite applies a changed value");
        Assert.IsTrue(refused.All(r => r.Contains("on the command line", StringComparison.Ordinal)), "only command-line values are refused: " + string.Join("; ", refused));
        Assert.IsTrue(postponed.All(r => r.Contains("by policy", StringComparison.Ordinal)), "only policy values are postponed: " + string.Join("; ", postponed));
        Assert.IsNotEmpty(refused);
        Assert.IsNotEmpty(postponed);
    }

    /// <summary>
    /// Review D3: partial maintenance (a patch reinstalls only the features it changes, feature self-repair only that
    /// feature, /fa without "m", plain msiexec /i, a consumer's unrelated ADDLOCAL/REMOVE) must not fail because a Group
    /// Policy value changed: the value is postponed to the next full reinstall, which then applies it.
    /// </summary>
    [TestMethod]
    public void PartialMaintenance_WhenGroupPolicyChangedAValue_IsNotRefusedKeepsTheRememberedValuesAndLogsIt()
    {
        var policy = (Func<Scenario, Scenario>)(s => s.WithPolicy("WMIPORT", "31000").WithPolicy("FIREWALL_PROFILE", "all").WithPolicy("FIREWALL_REMOTE_ADDRESSES", "*"));
        var partial = new (string Name, Scenario Run)[]
        {
            ("patch: REINSTALL=Firewall", Installed("patch").WithProperty("REINSTALL", "Firewall").WithProperty("PATCH", @"C:\fix.msp")),
            ("feature self-repair: REINSTALL=Engine", Installed("self-repair").WithProperty("REINSTALL", "Engine")),
            ("/fa", Installed("repair /fa").WithProperty("REINSTALL", "ALL").WithProperty("REINSTALLMODE", "a")),
            ("plain msiexec /i", Installed("modify")),
            ("REMOVE=FirewallRpcEpmap", Installed("remove").WithProperty("REMOVE", "FirewallRpcEpmap")),
        };
        foreach (var (name, run) in partial)
        {
            var result = InstallSimulator.Run(Sources, policy(run));

            Assert.IsFalse(result.Stopped, $"{name}: {result.Refusal}");
            StringAssert.Contains(result.Script.Single(s => s.Action == "Enable").CustomActionData, "--port \"30000\" --auth-level \"6\"", name);
            foreach (var rule in result.RulesWritten.Concat(result.RulesRemoved))
            {
                Assert.AreEqual(rule with { Port = rule.Port, Profile = "1", RemoteAddresses = "10.0.0.0/8" }, rule, name);
            }

            Assert.IsTrue(result.RememberedWritten is null || result.RememberedWritten["WMIPORT"] == "30000", name);
            StringAssert.StartsWith(result.Properties["WmiFixedPortNotAppliedWMIPORT"], "WMIPORT=31000 ", name);
            StringAssert.EndsWith(result.Properties["WmiFixedPortNotAppliedWMIPORT"], "WMIPORT=30000", name);
            StringAssert.StartsWith(result.Properties["WmiFixedPortNotAppliedFIREWALL_PROFILE"], "FIREWALL_PROFILE=all ", name);
        }

        var full = InstallSimulator.Run(Sources, policy(Installed("remediation").WithProperty("REINSTALL", "ALL").WithProperty("REINSTALLMODE", "omus")));
        Assert.IsFalse(full.Stopped);
        StringAssert.Contains(full.Script.Single(s => s.Action == "Enable").CustomActionData, "--port \"31000\"");
        Assert.IsTrue(full.RulesWritten.All(r => r.Profile == "2147483647" && r.RemoteAddresses == "*"));
        Assert.AreEqual("31000", full.RememberedWritten!["WMIPORT"]);
        Assert.IsFalse(full.Properties.ContainsKey("WmiFixedPortNotAppliedWMIPORT"));
    }

    [TestMethod]
    public void PartialMaintenance_WhenTheCommandLineChangesAValue_IsStillRefused()
    {
        var result = InstallSimulator.Run(Sources, Installed("patch").WithProperty("REINSTALL", "Firewall").WithPolicy("WMIPORT", "31000").WithProperty("WMIPORT", "32000"));

        Assert.AreEqual("!(loc.WmiFixedPortChangedValuesNeedReinstall)", result.Refusal);
    }

    // ---- Review D2: the removal path takes the remembered values ----------------------------------------------------

    /// <summary>Uninstall, the old version's removal in an upgrade, and REMOVE of a rule, with Group Policy or the command line.</summary>
    private static IEnumerable<(string Name, Scenario Run)> RemovalRuns(string profile)
    {
        var removals = new (string Name, Scenario Run)[]
        {
            ("uninstall", Installed("uninstall").WithProperty("REMOVE", "ALL")),
            ("old version's removal", Installed("old removal").WithProperty("REMOVE", "ALL").WithProperty("UPGRADINGPRODUCTCODE", NewProductCode)),
            ("REMOVE=Firewall,FirewallRpcEpmap", Installed("remove rules").WithProperty("REMOVE", "Firewall,FirewallRpcEpmap")),
        };
        foreach (var (name, run) in removals)
        {
            yield return ($"{name}, policy", run.WithPolicy("FIREWALL_PROFILE", profile).WithPolicy("WMIPORT", "31000").WithPolicy("FIREWALL_REMOTE_ADDRESSES", "*"));
            if (!name.StartsWith("REMOVE=", StringComparison.Ordinal))
            {
                yield return ($"{name}, command line", run.WithProperty("FIREWALL_PROFILE", profile).WithProperty("WMIPORT", "31000").WithProperty("FIREWALL_REMOTE_ADDRESSES", "*"));
            }
        }
    }

    [TestMethod]
    [DataRow("3")]
    [DataRow("any")]
    [DataRow("all")]
    [DataRow("domain,private,public")]
    public void RuleRemoval_WhenPolicyOrTheCommandLineGiveOtherValues_FormatsTheRulesFromTheRememberedValues(string profile)
    {
        foreach (var (name, run) in RemovalRuns(profile))
        {
            var result = InstallSimulator.Run(Sources, run);

            Assert.IsFalse(result.Stopped, $"{name}: {result.Refusal}");
            Assert.HasCount(2, result.RulesRemoved, name);
            foreach (var rule in result.RulesRemoved)
            {
                // The uninstall scheduler's rollback re-creates the rule from exactly these values.
                Assert.AreEqual("1", rule.Profile, $"{name}: {rule.Name}");
                Assert.AreEqual("10.0.0.0/8", rule.RemoteAddresses, $"{name}: {rule.Name}");
                Assert.AreEqual(rule.Name.Contains("WMI (", StringComparison.Ordinal) ? "30000" : "135", rule.Port, $"{name}: {rule.Name}");
            }
        }
    }

    [TestMethod]
    [DataRow("bogus")]
    [DataRow("")]
    public void RuleRemoval_WhenTheRememberedProfileHasNoMask_NeverFormatsAnEmptyProfile(string remembered)
    {
        var installed = remembered.Length == 0 ? Scenario.OnSupportedMachine("no Settings").WithProperty("Installed", "1") : Installed("bogus").WithRemembered("FIREWALL_PROFILE", remembered);
        foreach (var run in new[] { installed.WithProperty("REMOVE", "ALL"), installed.WithPolicy("FIREWALL_PROFILE", "any").WithProperty("REMOVE", "ALL") })
        {
            var result = InstallSimulator.Run(Sources, run);

            Assert.IsFalse(result.Stopped, result.Refusal);
            Assert.HasCount(2, result.RulesRemoved);
            Assert.IsTrue(result.RulesRemoved.All(r => r.Profile.Length > 0 && r.Profile != "2147483647"), string.Join("; ", result.RulesRemoved));
        }
    }

    [TestMethod]
    public void Maintenance_WhenNoValueChanges_IsNeverRefused()
    {
        foreach (var (name, run) in MaintenanceRuns())
        {
            var result = InstallSimulator.Run(Sources, run);
            Assert.IsFalse(result.Stopped, $"{name}: {result.Refusal}");
        }

        Assert.IsFalse(InstallSimulator.Run(Sources, Installed("same value given").WithProperty("WMIPORT", "30000").WithProperty("REMOVE", "Firewall")).Stopped);
    }

    [TestMethod]
    public void Maintenance_WhenAValueChangesOnUninstallOrTheOldVersionsRemoval_IsNotRefused()
    {
        Assert.IsFalse(InstallSimulator.Run(Sources, Installed("uninstall").WithPolicy("WMIPORT", "31000").WithProperty("REMOVE", "ALL")).Stopped);
        Assert.IsFalse(InstallSimulator.Run(Sources, Installed("old removal").WithPolicy("WMIPORT", "31000").WithProperty("REMOVE", "ALL")
            .WithProperty("UPGRADINGPRODUCTCODE", NewProductCode)).Stopped);
    }

    // ---- Review D6: no rule without the engine -----------------------------------------------------------------------

    [TestMethod]
    public void RemoveEngine_WhenTheRulesAreItsChildren_RemovesBothRulesWithTheEngine()
    {
        Assert.IsTrue(Sources.Features.Where(f => f.Id != "Engine").All(f => f.Parent == "Engine"), "the firewall features are children of Engine");

        var result = InstallSimulator.Run(Sources, Installed("remove engine").WithProperty("REMOVE", "Engine"));

        Assert.IsFalse(result.Stopped, result.Refusal);
        CollectionAssert.AreEquivalent(Sources.FirewallRules.Select(r => r.Name).ToList(), result.RulesRemoved.Select(r => r.Name).ToList());
        Assert.IsEmpty(InstalledRuleComponents(result), "no rule stays");
        Assert.IsTrue(result.Script.Any(s => s.Action == "Restore"));
    }

    [TestMethod]
    public void AddLocalFirewall_WhenTheEngineIsNotInstalled_InstallsTheEngineAndValidatesTheValues()
    {
        var result = InstallSimulator.Run(Sources, Installed("add rule only").WithInstalledFeatures().WithProperty("ADDLOCAL", "Firewall"));

        Assert.AreEqual("3", result.Properties["$WmiFixedPortEngineExe"]);
        Assert.IsTrue(result.Script.Any(s => s.Action == "Validate"), "validate runs before the rule is written");
    }

    [TestMethod]
    public void RuleWithoutEngine_InAConsumersLayoutThatAllowsIt_IsRefusedBeforeAnyChange()
    {
        var condition = Sources.ExecuteActions.Single(a => a.Action == "RefuseRuleWithoutEngine").Condition!;
        Dictionary<string, string> States(string engineInstalled, string engineAction, string ruleInstalled, string ruleAction) => new(StringComparer.Ordinal)
        {
            ["?WmiFixedPortEngineExe"] = engineInstalled, ["$WmiFixedPortEngineExe"] = engineAction,
            ["?WmiFixedPortFirewallWmiRule_X64"] = ruleInstalled, ["$WmiFixedPortFirewallWmiRule_X64"] = ruleAction,
            ["?WmiFixedPortFirewallRpcEpmapRule_X64"] = "2", ["$WmiFixedPortFirewallRpcEpmapRule_X64"] = "-1",
        };

        Assert.IsTrue(Conditions.MsiCondition.Evaluate(condition, States("3", "2", "3", "-1")), "engine removed, rule stays");
        Assert.IsTrue(Conditions.MsiCondition.Evaluate(condition, States("2", "-1", "2", "3")), "rule added, engine absent");
        Assert.IsFalse(Conditions.MsiCondition.Evaluate(condition, States("3", "2", "3", "2")), "both removed");
        Assert.IsFalse(Conditions.MsiCondition.Evaluate(condition, States("3", "-1", "3", "-1")), "both stay");
        Assert.IsFalse(Conditions.MsiCondition.Evaluate(condition, States("2", "3", "2", "3")), "both installed");
        foreach (var (name, run) in MaintenanceRuns())
        {
            Assert.AreNotEqual("!(loc.WmiFixedPortRuleWithoutEngine)", InstallSimulator.Run(Sources, run).Refusal, name);
        }
    }

    // ---- Point 4: a refused restore, with and without the way out ---------------------------------------------------

    [TestMethod]
    public void Uninstall_WhenTheEngineRefusesRestore_RollsBackAndKeepsTheProduct()
    {
        var run = Installed("uninstall").WithProperty("REMOVE", "ALL");
        var before = new EndState("old version", EndState.Enabled("30000", "6"));

        var end = TransactionModel.Run(Sources, run, null, before, null, new TransactionModel.Machine(RestoreRefused: true));

        Assert.AreEqual(before, end);
    }

    [TestMethod]
    public void Uninstall_WithKeepWmi_RemovesTheProductLeavesWmiAndNeverRunsRestore()
    {
        var run = Installed("uninstall").WithProperty("REMOVE", "ALL").WithProperty("WMIFIXEDPORT_UNINSTALL_KEEP_WMI", "1");
        var before = new EndState("old version", EndState.Enabled("30000", "6"));

        var end = TransactionModel.Run(Sources, run, null, before, null, new TransactionModel.Machine(RestoreRefused: true));

        Assert.AreEqual(new EndState(EndState.NoProduct, EndState.Enabled("30000", "6")), end);
        var script = InstallSimulator.Run(Sources, run).ScriptLines;
        CollectionAssert.AreEqual(new[] { $"SkipRestore (deferred): \"{InstallSimulator.ExePath}\" skip-restore" }, script.ToList());
    }

    /// <summary>
    /// Review D4: with WMIFIXEDPORT_UNINSTALL_KEEP_WMI=1 the uninstall must not depend on the exe (quarantined, deleted,
    /// .NET broken): skip-restore's failure is ignored, and the MSI itself leaves the warning in its log (a property set
    /// in the immediate phase: PROPERTY CHANGE in a verbose log, the property dump of /l*).
    /// </summary>
    [TestMethod]
    public void Uninstall_WithKeepWmiAndAnExeThatCannotRun_StillRemovesTheProductAndLogsTheWarning()
    {
        var run = Installed("uninstall").WithProperty("REMOVE", "ALL").WithProperty("WMIFIXEDPORT_UNINSTALL_KEEP_WMI", "1");
        var before = new EndState("old version", EndState.Enabled("30000", "6"));

        var end = TransactionModel.Run(Sources, run, null, before, null, new TransactionModel.Machine(ExeUnusable: true));

        Assert.AreEqual(new EndState(EndState.NoProduct, EndState.Enabled("30000", "6")), end);
        Assert.AreEqual("!(loc.WmiFixedPortKeepWmiWarning)", InstallSimulator.Run(Sources, run).Properties["WmiFixedPortKeepWmiWarning"]);
        var plain = Installed("uninstall").WithProperty("REMOVE", "ALL");
        Assert.AreEqual(before, TransactionModel.Run(Sources, plain, null, before, null, new TransactionModel.Machine(ExeUnusable: true)), "without the property a failing restore still rolls back");
    }

    [TestMethod]
    public void Uninstall_WithoutKeepWmi_Restores()
    {
        var script = InstallSimulator.Run(Sources, Installed("uninstall").WithProperty("REMOVE", "ALL").WithProperty("WMIFIXEDPORT_UNINSTALL_KEEP_WMI", "0")).ScriptLines;

        CollectionAssert.Contains(script.ToList(), $"Restore (deferred): \"{InstallSimulator.ExePath}\" restore --owner \"{OurUpgradeCode}\"");
        Assert.IsTrue(Sources.Properties.Single(p => p.Id == "WMIFIXEDPORT_UNINSTALL_KEEP_WMI").Secure, "it must reach the server side");
    }

    // ---- Point 5: a second owner ------------------------------------------------------------------------------------

    [TestMethod]
    public void Install_WhenTheSettingsKeyNamesAnotherProduct_IsRefusedBeforeAnyChange()
    {
        var runs = new[]
        {
            Scenario.OnSupportedMachine("second product install").WithRemembered("WMIPORT", "30000").WithRemembered("WMIAUTHLEVEL", "6")
                .WithRemembered("UpgradeCode", OtherUpgradeCode),
            Installed("repair").WithRemembered("UpgradeCode", OtherUpgradeCode).WithProperty("REINSTALL", "ALL"),
            Installed("uninstall").WithRemembered("UpgradeCode", OtherUpgradeCode).WithProperty("REMOVE", "ALL"),
        };
        foreach (var run in runs)
        {
            var result = InstallSimulator.Run(Sources, run);
            Assert.AreEqual("!(loc.WmiFixedPortSecondOwner)", result.Refusal, run.Name);
            Assert.AreEqual(0, result.Script.Count, run.Name);
        }

        var keep = InstallSimulator.Run(Sources, runs[2].WithProperty("WMIFIXEDPORT_UNINSTALL_KEEP_WMI", "1"));
        Assert.IsNull(keep.Refusal, "the way out changes nothing of WMI, so it is let through");
    }

    [TestMethod]
    public void Install_WhenTheSettingsKeyNamesThisProductInAnyCaseOrNone_IsNotRefused()
    {
        Assert.IsNull(InstallSimulator.Run(Sources, Installed("repair").WithProperty("REINSTALL", "ALL")).Refusal);
        Assert.IsNull(InstallSimulator.Run(Sources, Installed("repair").WithRemembered("UpgradeCode", OurUpgradeCode.ToLowerInvariant()).WithProperty("REINSTALL", "ALL")).Refusal);
        Assert.IsNull(InstallSimulator.Run(Sources, Scenario.OnSupportedMachine("fresh")).Refusal);
    }

    [TestMethod]
    public void Settings_WhenWritten_NameTheOwningUpgradeCode()
    {
        var result = InstallSimulator.Run(Sources, Scenario.OnSupportedMachine("fresh"));

        Assert.AreEqual(OurUpgradeCode, result.RememberedWritten!["UpgradeCode"]);
        Assert.AreEqual(@"HKLM\SOFTWARE\WmiFixedPort\Settings\UpgradeCode", Sources.Properties.Single(p => p.Id == "WMIFIXEDPORT_OWNER_UPGRADECODE").Search!.ToString());
    }

    // ---- Point 6: Windows 10 on ARM64 -------------------------------------------------------------------------------

    [TestMethod]
    [DataRow("ARM64", "19045", true)]
    [DataRow("ARM64", "21390", true)]
    [DataRow("ARM64", "22000", false)]
    [DataRow("ARM64", "26100", false)]
    [DataRow("AMD64", "19045", false)]
    public void FirstInstall_OnWindows10OnArm64_IsRefusedByALaunchCondition(string architecture, string build, bool refused)
    {
        var run = Scenario.OnSupportedMachine("arm64")
            .WithRegistry(@"HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment\PROCESSOR_ARCHITECTURE", architecture)
            .WithRegistry(@"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\CurrentBuildNumber", build);

        var result = InstallSimulator.Run(Sources, run);

        Assert.AreEqual(refused, result.FailedLaunchConditions.Contains("!(loc.WmiFixedPortWindows10Arm64)"), string.Join(", ", result.FailedLaunchConditions));
        Assert.AreEqual(refused, result.Script.Count == 0);
    }

    [TestMethod]
    public void Uninstall_OnWindows10OnArm64_IsNotBlocked()
    {
        var run = Installed("uninstall on arm64").WithProperty("REMOVE", "ALL")
            .WithRegistry(@"HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment\PROCESSOR_ARCHITECTURE", "ARM64");

        Assert.IsFalse(InstallSimulator.Run(Sources, run).Stopped);
    }

    [TestMethod]
    public void LaunchConditionMessage_ForWindows10OnArm64_UsesTheReadmesWords()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md"));
        var wxl = File.ReadAllText(Path.Combine(RepoRoot.Wixlib, "WmiFixedPort.wxl"));

        StringAssert.Contains(readme, "the engine would run as a 32-bit process and see\nthe WOW64 registry");
        StringAssert.Contains(wxl, "the engine would run as a 32-bit process and see the WOW64 registry");
    }

    [TestMethod]
    public void EveryCommandLine_OfEveryPath_IsAcceptedByTheExesParser()
    {
        var runs = MaintenanceRuns().Select(r => r.Run)
            .Append(Scenario.OnSupportedMachine("fresh"))
            .Append(Installed("uninstall").WithProperty("REMOVE", "ALL"))
            .Append(Installed("uninstall, keep").WithProperty("REMOVE", "ALL").WithProperty("WMIFIXEDPORT_UNINSTALL_KEEP_WMI", "1"))
            .Append(Scenario.OnSupportedMachine("uninstall, no Settings").WithProperty("Installed", "1").WithProperty("REMOVE", "ALL"));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            foreach (var entry in InstallSimulator.Run(Sources, run).Script.Where(s => !s.CustomActionData.Contains(" validate ", StringComparison.Ordinal)))
            {
                var arguments = WindowsCommandLine.Split(entry.CustomActionData).Skip(1).ToList();
                using var output = new StringWriter();
                // Parsed and checked: the command asks for the machine, which this test refuses (exit 1, not 2).
                var exitCode = new CliApplication(() => throw new InvalidOperationException("parsed"), output).Run(arguments);
                Assert.AreEqual(1, exitCode, $"{run.Name}: {entry}: {output}");
                StringAssert.Contains(output.ToString(), "parsed", $"{run.Name}: {entry}");
                seen.Add(arguments[0]);
            }
        }

        CollectionAssert.AreEquivalent(new[] { "enable", "restore", "skip-restore" }, seen.ToList());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static List<string> InstalledRuleComponents(RunResult result) => Sources.FirewallRules
        .Where(r => result.Properties.GetValueOrDefault("$" + r.ComponentId) == "3"
            || (result.Properties.GetValueOrDefault("?" + r.ComponentId) == "3" && result.Properties.GetValueOrDefault("$" + r.ComponentId) != "2"))
        .Select(r => r.Name)
        .ToList();

    private static void Assume(bool condition, string what)
    {
        if (!condition)
        {
            Assert.Fail($"{what}: expected the run to get past the immediate phase");
        }
    }

    private static (int ExitCode, string Output) RunValidate(RunResult run)
    {
        var commandLine = run.Script.Single(s => s.Action == "Validate").CustomActionData;
        var arguments = WindowsCommandLine.Split(commandLine);
        using var output = new StringWriter();
        var exitCode = new CliApplication(() => throw new AssertFailedException("validate must not touch the machine"), output).Run(arguments.Skip(1).ToList());
        return (exitCode, output.ToString());
    }

    private static IEnumerable<IReadOnlyList<string>> Permutations(IReadOnlyList<string> items)
    {
        if (items.Count <= 1)
        {
            yield return items;
            yield break;
        }

        foreach (var item in items)
        {
            foreach (var rest in Permutations(items.Where(i => i != item).ToList()))
            {
                yield return new[] { item }.Concat(rest).ToList();
            }
        }
    }
}
