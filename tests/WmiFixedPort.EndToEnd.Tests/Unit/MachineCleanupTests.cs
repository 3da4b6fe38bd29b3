using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;
using WmiFixedPort.EndToEnd.Tests.TestInfrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Unit;

[TestClass]
public sealed class MachineCleanupTests
{
    private static readonly InstalledProduct V1 = new("{11111111-1111-1111-1111-111111111111}", "1.0.0", "WmiFixedPort");
    private static readonly string[] Packages = { "upgrade.msi", "shipping.msi", "failing.msi" };

    [TestMethod]
    public void Run_WhenTheInstalledPackageUninstalls_ReportsACleanMachineAndNoProblem()
    {
        FakeMachine machine = CleanMachine();
        machine.Install("shipping.msi", V1);

        CleanupReport report = Cleanup(machine).Run(Baseline(), step => "07-test-" + step);

        Assert.IsEmpty(report.Problems);
        Assert.IsTrue(report.MachineClean);
        CollectionAssert.AreEqual(
            new[]
            {
                "msiexec /x upgrade.msi (log 07-test-cleanup-1)",
                "msiexec /x shipping.msi (log 07-test-cleanup-2)",
                "msiexec /x failing.msi (log 07-test-cleanup-3)",
                "capture",
            },
            machine.Calls);
    }

    [TestMethod]
    public void Run_WhenTheUninstallFails_TriesTheProductCodeRestoresByHandAndReportsTheRegistrationThatStays()
    {
        FakeMachine machine = CleanMachine();
        machine.Install("shipping.msi", V1);
        machine.FailUninstallOf("shipping.msi");
        machine.FailUninstallOf(V1.ProductCode);

        CleanupReport report = Cleanup(machine).Run(Baseline(), step => step);

        string registered = $"Windows Installer: WmiFixedPort (UpgradeCode {ProductFacts.UpgradeCode}): registered {V1.ProductCode} 1.0.0 \"WmiFixedPort\"";
        string nothing = $"Windows Installer: WmiFixedPort (UpgradeCode {ProductFacts.UpgradeCode}): nothing registered";
        Assert.IsFalse(report.MachineClean, "A product that stays registered must keep the machine unclean even after the registry is restored.");
        CollectionAssert.AreEqual(new[] { "- " + nothing, "+ " + registered }, report.RemainingDifferences.ToArray(), string.Join(Environment.NewLine, report.RemainingDifferences));
        Assert.AreEqual("Uninstalling shipping.msi exited with 1603; log: cleanup-2.log", report.Problems[0]);
        Assert.AreEqual($"{V1.ProductCode} 1.0.0 \"WmiFixedPort\" was still registered after uninstalling every package file; uninstalling it by product code.", report.Problems[1]);
        Assert.AreEqual($"Uninstalling {V1.ProductCode} exited with 1603; log: cleanup-4.log", report.Problems[2]);
        StringAssert.StartsWith(report.Problems[3], "After uninstalling, the machine differed from the pre-install snapshot; restoring it by hand:");
        StringAssert.StartsWith(report.Problems[4], "Restoring by hand did not reach the snapshot either:" + Environment.NewLine + "- " + nothing);
        Assert.HasCount(5, report.Problems);
        CollectionAssert.AreEqual(new[] { "capture", "restore", "capture" }, machine.Calls.Skip(4).ToArray());
    }

    [TestMethod]
    public void Run_WhenRestoringByHandThrows_ReportsItWithoutThrowing()
    {
        FakeMachine machine = CleanMachine();
        machine.Registry = Snapshots.StandaloneHost();
        machine.RestoreThrows = true;

        CleanupReport report = Cleanup(machine).Run(Baseline(), step => step);

        Assert.IsFalse(report.MachineClean);
        Assert.AreEqual(
            @"Restoring the pre-install snapshot by hand failed: UnauthorizedAccessException: Access to the registry key 'HKEY_LOCAL_MACHINE\SOFTWARE\Classes\AppID' is denied.",
            report.Problems[1]);
    }

    [TestMethod]
    public void Execute_WhenTheScenarioAndTheCleanupBothFail_FailsNamingBoth()
    {
        var cleanup = new CleanupReport(new[] { "Uninstalling shipping.msi exited with 1603; log: x.log" }, Array.Empty<string>());

        var error = Assert.ThrowsExactly<AssertFailedException>(() => ScenarioRun.Execute(
            () => throw new AssertFailedException("msiexec exit code; log: y.log Expected:<0>. Actual:<1603>."),
            () => cleanup,
            message => new AssertFailedException(message)));

        Assert.AreEqual(
            "The scenario failed, and so did the cleanup after it." + Environment.NewLine
            + "Scenario: AssertFailedException: msiexec exit code; log: y.log Expected:<0>. Actual:<1603>." + Environment.NewLine
            + "Cleanup:" + Environment.NewLine
            + "- Uninstalling shipping.msi exited with 1603; log: x.log",
            error.Message);
    }

    [TestMethod]
    public void Execute_WhenOnlyTheScenarioFails_RethrowsItsOwnExceptionAfterTheCleanupRan()
    {
        bool cleaned = false;
        var original = new AssertInconclusiveException("Remote WMI: not run on this image.");

        var error = Assert.ThrowsExactly<AssertInconclusiveException>(() => ScenarioRun.Execute(
            () => throw original,
            () => { cleaned = true; return new CleanupReport(Array.Empty<string>(), Array.Empty<string>()); },
            message => new AssertFailedException(message)));

        Assert.AreSame(original, error);
        Assert.IsTrue(cleaned);
    }

    [TestMethod]
    public void Execute_WhenOnlyTheCleanupFails_FailsNamingTheCleanup()
    {
        var error = Assert.ThrowsExactly<AssertFailedException>(() => ScenarioRun.Execute(
            () => { },
            () => new CleanupReport(new[] { "a problem" }, new[] { "+ a line" }),
            message => new AssertFailedException(message)));

        Assert.AreEqual("The scenario passed, but the cleanup after it failed." + Environment.NewLine + "Cleanup:" + Environment.NewLine + "- a problem", error.Message);
    }

    [TestMethod]
    public void Execute_WhenTheCleanupItselfThrows_StillReportsTheScenarioFailure()
    {
        var error = Assert.ThrowsExactly<AssertFailedException>(() => ScenarioRun.Execute(
            () => throw new InvalidOperationException("scenario broke"),
            () => throw new TimeoutException("msiexec hung"),
            message => new AssertFailedException(message)));

        StringAssert.Contains(error.Message, "Scenario: InvalidOperationException: scenario broke");
        StringAssert.Contains(error.Message, "- The cleanup itself threw TimeoutException: msiexec hung");
    }

    [TestMethod]
    public void Guard_WhenStoppedTwice_KeepsTheFirstReasonInItsRefusal()
    {
        var guard = new CleanMachineGuard();
        Assert.IsNull(guard.RefusalMessage);

        guard.Stop("After Uninstall_X: product registered.");
        guard.Stop("later");

        Assert.AreEqual(
            "Not run: the machine is not at the pre-install snapshot any more, so this scenario could not tell the truth. After Uninstall_X: product registered.",
            guard.RefusalMessage);
    }

    [TestMethod]
    public void ProductTraces_WhenKeysRulesAndRegistrationsExist_ListsEachOne()
    {
        MachineSnapshot installed = Snapshots.StandaloneHost();
        var snapshot = new MachineSnapshot(installed.Values, installed.Keys, installed.FirewallRules,
            new[] { new InstallerRegistration("WmiFixedPort", ProductFacts.UpgradeCode, new[] { V1 }) });

        CollectionAssert.AreEqual(
            new[]
            {
                @"HKLM\SOFTWARE\WmiFixedPort exists.",
                @"HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\WmiFixedPort exists.",
                "Firewall rule of the product: WmiFixedPort - WMI (TCP-In)",
                $"Windows Installer: WmiFixedPort (UpgradeCode {ProductFacts.UpgradeCode}): registered {V1.ProductCode} 1.0.0 \"WmiFixedPort\"",
            },
            CleanMachineGuard.ProductTraces(snapshot).ToArray());
        Assert.IsEmpty(CleanMachineGuard.ProductTraces(Snapshots.SharedHost()));
    }

    private static FakeMachine CleanMachine() => new(Snapshots.SharedHost());

    private static MachineSnapshot Baseline()
    {
        MachineSnapshot clean = Snapshots.SharedHost();
        return new MachineSnapshot(clean.Values, clean.Keys, clean.FirewallRules,
            new List<InstallerRegistration> { new("WmiFixedPort", ProductFacts.UpgradeCode, Array.Empty<InstalledProduct>()) });
    }

    private static MachineCleanup Cleanup(FakeMachine machine) => new(machine, machine, machine, Packages, new[] { ProductFacts.UpgradeCode });
}
