using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Installer.Tests.TestInfrastructure;

namespace WmiFixedPort.Installer.Tests;

/// <summary>
/// Which of our deferred actions each kind of msiexec run writes to the script, and with which command lines, from the
/// authored conditions and the property values Windows Installer sets in that run (msi-conditions.md section 2).
/// The whole script is compared, so an extra, missing or reordered action fails the test.
/// </summary>
[TestClass]
public sealed class ScenarioTests
{
    private const string Exe = "\"" + InstallSimulator.ExePath + "\"";
    private const string Owner = " --owner \"{E9D2D046-CD70-4BD6-9E50-3B01388ADADA}\"";
    private const string NewProductCode = "{6F1A5E2C-0000-4000-8000-000000000002}";

    private static Scenario Remembering(Scenario scenario) => scenario
        .WithRemembered("WMIPORT", "30000")
        .WithRemembered("WMIAUTHLEVEL", "6")
        .WithRemembered("FIREWALL", "1")
        .WithRemembered("FIREWALL_REMOTE_ADDRESSES", "10.0.0.0/8")
        .WithRemembered("FIREWALL_PROFILE", "domain")
        .WithRemembered("OPEN_RPC_EPMAP", "1");

    private static readonly string[] InstallOrMaintainRemembered =
    [
        $"Validate (deferred): {Exe} validate --port \"30000\" --auth-level \"6\" --remote-addresses \"10.0.0.0/8\" --firewall-profile \"domain\"",
        $"EnableRollback (rollback): {Exe} enable --port \"30000\" --auth-level \"6\"{Owner}",
        $"Enable (deferred): {Exe} enable --port \"30000\" --auth-level \"6\"{Owner}",
    ];

    /// <summary>The scenario names, for [DynamicData] (the Scenario type itself is internal).</summary>
    public static IEnumerable<object[]> ScenarioNames() => Rows().Select(r => new[] { r[0] });

    private static (Scenario Scenario, string[] Expected) Lookup(string name)
    {
        var row = Rows().Single(r => (string)r[0] == name);
        return ((Scenario)row[1], (string[])row[2]);
    }

    private static IEnumerable<object[]> Rows()
    {
        yield return
        [
            "fresh install (msiexec /i)",
            Scenario.OnSupportedMachine("fresh"),
            new[]
            {
                $"Validate (deferred): {Exe} validate --port \"24158\" --auth-level \"5\" --remote-addresses \"*\" --firewall-profile \"domain,private\"",
                $"EnableRollback (rollback): {Exe} restore{Owner}",
                $"Enable (deferred): {Exe} enable --port \"24158\" --auth-level \"5\"{Owner}",
            },
        ];
        yield return
        [
            "repair (msiexec /fa: no command-line properties)",
            Remembering(Scenario.OnSupportedMachine("repair /fa")).WithProperty("Installed", "1").WithProperty("REINSTALL", "ALL")
                .WithProperty("ProductState", "5").WithProperty("Preselected", "1"),
            InstallOrMaintainRemembered,
        ];
        yield return
        [
            "repair (msiexec /i REINSTALL=ALL)",
            Remembering(Scenario.OnSupportedMachine("repair REINSTALL=ALL")).WithProperty("Installed", "1").WithProperty("REINSTALL", "ALL")
                .WithProperty("ProductState", "5").WithProperty("Preselected", "1"),
            InstallOrMaintainRemembered,
        ];
        yield return
        [
            "modify (msiexec /i REMOVE=FirewallRpcEpmap)",
            Remembering(Scenario.OnSupportedMachine("modify")).WithProperty("Installed", "1").WithProperty("REMOVE", "FirewallRpcEpmap")
                .WithProperty("ProductState", "5").WithProperty("Preselected", "1"),
            InstallOrMaintainRemembered,
        ];
        yield return
        [
            "uninstall (msiexec /x)",
            Remembering(Scenario.OnSupportedMachine("uninstall")).WithProperty("Installed", "1").WithProperty("REMOVE", "ALL")
                .WithProperty("ProductState", "5").WithProperty("Preselected", "1"),
            new[]
            {
                $"RestoreRollback (rollback): {Exe} enable --port \"30000\" --auth-level \"6\"{Owner}",
                $"Restore (deferred): {Exe} restore{Owner}",
            },
        ];
        yield return
        [
            "major upgrade: removal of the old version",
            Remembering(Scenario.OnSupportedMachine("upgrade old")).WithProperty("Installed", "1").WithProperty("REMOVE", "ALL")
                .WithProperty("UPGRADINGPRODUCTCODE", NewProductCode).WithProperty("ProductState", "5").WithProperty("Preselected", "1"),
            System.Array.Empty<string>(),
        ];
        yield return
        [
            "major upgrade: install of the new version",
            Remembering(Scenario.OnSupportedMachine("upgrade new")).WithProperty("WIX_UPGRADE_DETECTED", "{6F1A5E2C-0000-4000-8000-000000000001}")
                .WithProperty("ProductState", "-1"),
            new[]
            {
                $"Validate (deferred): {Exe} validate --port \"30000\" --auth-level \"6\" --remote-addresses \"10.0.0.0/8\" --firewall-profile \"domain\"",
                $"EnableRollback (rollback): {Exe} enable --port \"30000\" --auth-level \"6\"{Owner}",
                $"Enable (deferred): {Exe} enable --port \"30000\" --auth-level \"6\"{Owner}",
            },
        ];
        yield return
        [
            "install with a bad WMIPORT (launch condition blocks, nothing runs)",
            Scenario.OnSupportedMachine("bad port").WithProperty("WMIPORT", "80"),
            System.Array.Empty<string>(),
        ];
    }

    [TestMethod]
    [DynamicData(nameof(ScenarioNames))]
    public void Script_WhenRunningScenario_ContainsExactlyTheExpectedActions(string name)
    {
        var (scenario, expected) = Lookup(name);
        var result = InstallSimulator.Run(InstallerSources.Shipping, scenario);

        CollectionAssert.AreEqual(expected, result.ScriptLines.ToList(), name + ":\n" + string.Join("\n", result.ScriptLines));
    }

    [TestMethod]
    [DynamicData(nameof(ScenarioNames))]
    public void Script_WhenRunningScenario_HasEveryMachineChangePrecededByItsRollback(string name)
    {
        var (scenario, expected) = Lookup(name);
        var script = InstallSimulator.Run(InstallerSources.WithTestHook, scenario).Script;

        Assert.IsGreaterThanOrEqualTo(expected.Length, script.Count, name);
        for (var i = 0; i < script.Count; i++)
        {
            if (script[i].Action is "Enable" or "Restore")
            {
                Assert.IsGreaterThan(0, i, name);
                Assert.AreEqual(script[i].Action + "Rollback", script[i - 1].Action, name);
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(ScenarioNames))]
    public void Script_WhenRunningScenario_NeverFormatsABlankExePath(string name)
    {
        var (scenario, _) = Lookup(name);
        foreach (var package in new[] { InstallerSources.Shipping, InstallerSources.WithTestHook })
        {
            foreach (var entry in InstallSimulator.Run(package, scenario).Script)
            {
                Assert.StartsWith("\"C:\\", entry.CustomActionData, $"{name}: {entry}");
                Assert.Contains(".exe\" ", entry.CustomActionData, $"{name}: {entry}");
            }
        }
    }

    /// <summary>
    /// The simulator's model of [#file] (the Windows Installer "Formatted" rule: blank while the file's component is being
    /// removed; Wine ignores the state, so only Windows shows it): the uninstall command line of a [#file] authoring would
    /// be "" restore, which WixQuietExec cannot run.
    /// </summary>
    [TestMethod]
    public void Format_WhenTheFilesComponentIsBeingRemoved_GivesABlankPathForHashFileKey()
    {
        var package = InstallerSources.Shipping;
        var uninstall = new FormatContext(package, Scenario.OnSupportedMachine("x").WithProperty("Installed", "1").WithProperty("REMOVE", "ALL"));
        var install = new FormatContext(package, Scenario.OnSupportedMachine("i"));
        var props = new Dictionary<string, string>();

        Assert.AreEqual("\"\" restore", InstallSimulator.Format("\"[#WmiFixedPortExe]\" restore", props, uninstall));
        Assert.AreEqual($"{Exe} restore", InstallSimulator.Format("\"[#WmiFixedPortExe]\" restore", props, install));
        Assert.AreEqual($"{Exe} restore", InstallSimulator.Format("\"[WmiFixedPortFolder]WmiFixedPort.exe\" restore", props, uninstall));
    }

    [TestMethod]
    public void Script_WhenWmiPortIsInvalid_ReportsTheLaunchConditionAndSchedulesNothing()
    {
        var result = InstallSimulator.Run(InstallerSources.Shipping, Scenario.OnSupportedMachine("bad").WithProperty("WMIPORT", "abc"));

        CollectionAssert.AreEqual(new[] { "!(loc.WmiFixedPortWmiPortInvalid)" }, result.FailedLaunchConditions.ToList());
        Assert.IsEmpty(result.Script);
    }

    [TestMethod]
    public void Script_WhenBuiltWithTestHook_FailsRightAfterEnable()
    {
        var result = InstallSimulator.Run(InstallerSources.WithTestHook, Scenario.OnSupportedMachine("fresh"));

        CollectionAssert.AreEqual(
            new[] { "Validate", "EnableRollback", "Enable", "TestFailAfterEnable" },
            result.Script.Select(s => s.Action).ToList());
        Assert.AreEqual("\"C:\\Windows\\system32\\cmd.exe\" /c exit 1", result.Script[3].CustomActionData);
    }

    [TestMethod]
    public void Script_WhenUninstallingWithTestHook_HasNoTestAction()
    {
        var scenario = Remembering(Scenario.OnSupportedMachine("uninstall")).WithProperty("Installed", "1").WithProperty("REMOVE", "ALL");

        var result = InstallSimulator.Run(InstallerSources.WithTestHook, scenario);

        CollectionAssert.AreEqual(new[] { "RestoreRollback", "Restore" }, result.Script.Select(s => s.Action).ToList());
    }
}
