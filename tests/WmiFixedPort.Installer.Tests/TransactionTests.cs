using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Installer.Tests.TestInfrastructure;

namespace WmiFixedPort.Installer.Tests;

/// <summary>
/// End states of a failed run, with a failure injected before every step of the script (issue 8, point 4). A failed
/// major upgrade must end in exactly one of: the old version installed with WMI as it configured it, or no version with
/// WMI as before the first install; never a product-less machine with WMI still switched.
/// </summary>
[TestClass]
public sealed class TransactionTests
{
    private const string OldProductCode = "{6F1A5E2C-0000-4000-8000-000000000001}";
    private const string NewProductCode = "{6F1A5E2C-0000-4000-8000-000000000002}";
    private static readonly EndState OldVersionInstalled = new("old version", EndState.Enabled("30000", "6"));
    private static readonly EndState NothingInstalled = new(EndState.NoProduct, EndState.OriginalWmi);

    /// <summary>The old version remembered 30000/6; the new one is installed with WMIPORT=31000 on the command line.</summary>
    private static Scenario UpgradeRun => Remembered(Scenario.OnSupportedMachine("upgrade new"))
        .WithProperty("WIX_UPGRADE_DETECTED", OldProductCode).WithProperty("ProductState", "-1").WithProperty("WMIPORT", "31000");

    private static Scenario OldRemoval => Remembered(Scenario.OnSupportedMachine("upgrade old")).WithProperty("Installed", "1")
        .WithProperty("REMOVE", "ALL").WithProperty("UPGRADINGPRODUCTCODE", NewProductCode).WithProperty("ProductState", "5");

    private static Scenario Remembered(Scenario scenario) => scenario
        .WithRemembered("WMIPORT", "30000").WithRemembered("WMIAUTHLEVEL", "6").WithRemembered("FIREWALL", "1")
        .WithRemembered("FIREWALL_REMOTE_ADDRESSES", "*").WithRemembered("FIREWALL_PROFILE", "domain").WithRemembered("OPEN_RPC_EPMAP", "1");

    public static IEnumerable<object[]> Packages() => [["shipping"], ["test hook"]];

    private static InstallerSources Package(string name) => name == "shipping" ? InstallerSources.Shipping : InstallerSources.WithTestHook;

    [TestMethod]
    [DynamicData(nameof(Packages))]
    public void MajorUpgrade_WhenAnyStepFails_EndsWithTheOldVersionAndItsWmiOrWithNothingAndTheOriginalWmi(string name)
    {
        var package = Package(name);
        var points = TransactionModel.FailurePoints(package, UpgradeRun, OldRemoval);

        Assert.IsGreaterThanOrEqualTo(4, points, "removal of the old version, validate, enable's rollback, enable, registration");
        for (var step = 0; step < points; step++)
        {
            var end = TransactionModel.Run(package, UpgradeRun, OldRemoval, OldVersionInstalled, step);
            Assert.IsTrue(end == OldVersionInstalled || end == NothingInstalled, $"failure before step {step}: {end}");
        }
    }

    [TestMethod]
    public void MajorUpgrade_WhenAnyStepFails_KeepsTheOldVersionInstalledBecauseItsRemovalRollsBackToo()
    {
        var points = TransactionModel.FailurePoints(InstallerSources.Shipping, UpgradeRun, OldRemoval);

        var ends = Enumerable.Range(0, points)
            .Select(step => TransactionModel.Run(InstallerSources.Shipping, UpgradeRun, OldRemoval, OldVersionInstalled, step))
            .Distinct().ToList();

        CollectionAssert.AreEqual(new[] { OldVersionInstalled }, ends);
    }

    [TestMethod]
    public void MajorUpgrade_WhenTheTestHookFailsRightAfterEnable_ReappliesTheOldVersionsValues()
    {
        var end = TransactionModel.Run(InstallerSources.WithTestHook, UpgradeRun, OldRemoval, OldVersionInstalled, failBeforeStep: null);

        Assert.AreEqual(OldVersionInstalled, end);
    }

    [TestMethod]
    public void MajorUpgrade_WhenNothingFails_EndsWithTheNewVersionAndItsValues()
    {
        var end = TransactionModel.Run(InstallerSources.Shipping, UpgradeRun, OldRemoval, OldVersionInstalled, failBeforeStep: null);

        Assert.AreEqual(new EndState("new version", EndState.Enabled("31000", "6")), end);
    }

    [TestMethod]
    public void FirstInstall_WhenAnyStepFails_LeavesNothingAndTheOriginalWmi()
    {
        var run = Scenario.OnSupportedMachine("fresh");
        var points = TransactionModel.FailurePoints(InstallerSources.Shipping, run, null);

        for (var step = 0; step < points; step++)
        {
            Assert.AreEqual(NothingInstalled, TransactionModel.Run(InstallerSources.Shipping, run, null, NothingInstalled, step), $"step {step}");
        }

        Assert.AreEqual(NothingInstalled, TransactionModel.Run(InstallerSources.WithTestHook, run, null, NothingInstalled, null));
    }

    [TestMethod]
    public void Repair_WhenAnyStepFails_KeepsTheProductAndItsWmi()
    {
        var run = Remembered(Scenario.OnSupportedMachine("repair")).WithProperty("Installed", "1").WithProperty("REINSTALL", "ALL")
            .WithProperty("WMIPORT", "31000");
        var points = TransactionModel.FailurePoints(InstallerSources.Shipping, run, null);

        for (var step = 0; step < points; step++)
        {
            Assert.AreEqual(OldVersionInstalled, TransactionModel.Run(InstallerSources.Shipping, run, null, OldVersionInstalled, step), $"step {step}");
        }
    }
}
