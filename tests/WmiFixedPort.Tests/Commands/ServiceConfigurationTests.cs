using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Commands;

/// <summary>
/// winmgmt's ImagePath and Type are put back through the service control manager (ChangeServiceConfig), because the
/// SCM keeps its own copy of the service database and a direct registry write is not seen before a reboot (sources in
/// HostConfigurationWriter and FakeServiceControlManager): after an undo or a restore, the next start of winmgmt must
/// run the restored path, and the registry must still be byte for byte as recorded.
/// </summary>
[TestClass]
public sealed class ServiceConfigurationTests
{
    private const string StandaloneImagePath = FakeWinmgmtExe.StandaloneImagePath;
    private const string SetStockImagePath =
        @"Set HKLM\SYSTEM\CurrentControlSet\Services\Winmgmt\ImagePath = REG_EXPAND_SZ %systemroot%\system32\svchost.exe -k netsvcs -p (ChangeServiceConfig).";

    [TestMethod]
    public void Enable_WhenStandaloneHostHalfSucceeds_UndoPutsTheStockPathInTheScmAndWinmgmtStartsWithIt()
    {
        FakeMachine machine = FakeMachine.Create();
        IReadOnlyList<string> before = machine.Snapshot();
        machine.FakeWinmgmt.NextExitCode = 1;
        machine.FakeWinmgmt.ApplyBeforeFailing = true;

        CliRun enable = CliRun.Of(machine, "enable");

        Assert.AreEqual(1, enable.ExitCode, enable.Output);
        CollectionAssert.Contains(enable.Lines.ToList(), SetStockImagePath);
        CollectionAssert.AreEqual(
            new[] { "winmgmt binpath= " + StandaloneImagePath, "winmgmt binpath= " + FakeMachine.StockImagePath },
            machine.FakeServices.ConfigurationChanges.ToList());
        Assert.AreEqual(FakeMachine.StockImagePath, machine.FakeServices["winmgmt"].ImagePath, "what the SCM starts next");
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());

        // The next restart of winmgmt (a WMI repair script, a dependent's restart) runs the restored path. Had the
        // undo written the registry only, the SCM would still start '-k winmgmt', whose SvcHost group the undo deleted.
        RestartWinmgmtByHand(machine);
        Assert.AreEqual(ServiceState.Running, machine.FakeServices.Query("winmgmt").State);
        Assert.AreEqual(FakeMachine.StockImagePath, machine.FakeServices["winmgmt"].RunningImagePath);
    }

    [TestMethod]
    public void Enable_WhenWinmgmtFailsToStartStandalone_UndoStartsItWithTheStockPath()
    {
        FakeMachine machine = FakeMachine.Create();
        IReadOnlyList<string> before = machine.Snapshot();
        machine.FakeServices["winmgmt"].FailingStarts = 1;

        CliRun enable = CliRun.Of(machine, "enable");

        Assert.AreEqual(1, enable.ExitCode, enable.Output);
        CollectionAssert.Contains(enable.Lines.ToList(), SetStockImagePath);
        Assert.IsFalse(enable.Output.Contains("Undo incomplete", StringComparison.Ordinal), enable.Output);
        Assert.AreEqual(FakeMachine.StockImagePath, machine.FakeServices["winmgmt"].RunningImagePath, "winmgmt runs the restored path");
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
    }

    [TestMethod]
    public void Restore_AfterSharedHost_PutsTheRecordedPathInTheScmAndRestartsWinmgmtWithIt()
    {
        FakeMachine machine = FakeMachine.Create();
        IReadOnlyList<string> before = machine.Snapshot();
        CliRun.Of(machine, "enable");
        Assert.AreEqual(StandaloneImagePath, machine.FakeServices["winmgmt"].RunningImagePath, "enable restarted winmgmt standalone");

        CliRun restore = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, restore.ExitCode, restore.Output);
        CollectionAssert.Contains(restore.Lines.ToList(), SetStockImagePath);
        CollectionAssert.AreEqual(
            new[]
            {
                "winmgmt binpath= " + StandaloneImagePath,
                "winmgmt binpath= " + FakeWinmgmtExe.SharedImagePath,
                "winmgmt binpath= " + FakeMachine.StockImagePath,
            },
            machine.FakeServices.ConfigurationChanges.ToList());
        Assert.AreEqual(FakeMachine.StockImagePath, machine.FakeServices["winmgmt"].RunningImagePath, "not /sharedhost's '-k netsvcs'");
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
    }

    [TestMethod]
    public void Restore_WhenTheRecordedImagePathIsRegSz_SetsItThroughTheScmThenWritesTheRecordedType()
    {
        FakeMachine machine = FakeMachine.Create()
            .WithValue(RegistryLocations.ServiceKey, RegistryLocations.ImagePathValue, RegValue.String(FakeMachine.StockImagePath));
        IReadOnlyList<string> before = machine.Snapshot();
        CliRun.Of(machine, "enable");

        CliRun restore = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, restore.ExitCode, restore.Output);
        string[] imagePathSteps = restore.Lines.Where(line => line.StartsWith(@"Set HKLM\SYSTEM\CurrentControlSet\Services\Winmgmt\ImagePath", StringComparison.Ordinal)).ToArray();
        CollectionAssert.AreEqual(
            new[]
            {
                @"Set HKLM\SYSTEM\CurrentControlSet\Services\Winmgmt\ImagePath = REG_SZ %systemroot%\system32\svchost.exe -k netsvcs -p (ChangeServiceConfig).",
                @"Set HKLM\SYSTEM\CurrentControlSet\Services\Winmgmt\ImagePath = REG_SZ %systemroot%\system32\svchost.exe -k netsvcs -p.",
            },
            imagePathSteps);
        Assert.AreEqual("REG_SZ " + FakeMachine.StockImagePath, machine.FakeRegistry.GetValue(RegistryLocations.ServiceKey, RegistryLocations.ImagePathValue)?.ToString());
        Assert.AreEqual(FakeMachine.StockImagePath, machine.FakeServices["winmgmt"].RunningImagePath);
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
    }

    [TestMethod]
    public void Restore_WhenTheServiceTypeWasChanged_PutsTheRecordedTypeBackThroughTheScm()
    {
        FakeMachine machine = FakeMachine.Create();
        IReadOnlyList<string> before = machine.Snapshot();
        CliRun.Of(machine, "enable");
        // Someone ran 'sc config winmgmt type= own' while the product was installed.
        machine.FakeServices.ChangeConfiguration("winmgmt", binaryPath: null, serviceType: 0x10);

        CliRun restore = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, restore.ExitCode, restore.Output);
        CollectionAssert.Contains(restore.Lines.ToList(), @"Set HKLM\SYSTEM\CurrentControlSet\Services\Winmgmt\Type = REG_DWORD 32 (ChangeServiceConfig).");
        Assert.AreEqual("winmgmt type= 32", machine.FakeServices.ConfigurationChanges.Last(line => line.Contains("type=", StringComparison.Ordinal)));
        Assert.AreEqual(0x20, machine.FakeServices["winmgmt"].ServiceType);
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
    }

    [TestMethod]
    public void Restore_WhenTheScmRefusesTheChange_FailsWithTheStepAndKeepsTheRecord()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        // The SCM writes the value under the service key; a denied write fails ChangeServiceConfig.
        machine.FakeRegistry.DenyWrites((key, value) =>
            value == RegistryLocations.ImagePathValue
            && machine.FakeRegistry.GetValue(key, value)?.Text == FakeWinmgmtExe.SharedImagePath);

        CliRun restore = CliRun.Of(machine, "restore");

        Assert.AreEqual(1, restore.ExitCode, restore.Output);
        Assert.AreEqual(
            1,
            restore.Lines.Count(line => line.StartsWith(
                @"ERROR: Set HKLM\SYSTEM\CurrentControlSet\Services\Winmgmt\ImagePath = REG_EXPAND_SZ %systemroot%\system32\svchost.exe -k netsvcs -p (ChangeServiceConfig) failed: could not write HKLM\SYSTEM\CurrentControlSet\Services\winmgmt\ImagePath: Access to the registry key is denied.",
                StringComparison.Ordinal)),
            restore.Output);
        Assert.IsTrue(machine.FakeRegistry.KeyExists(RegistryLocations.StateKey), "the record is kept");
        Assert.AreEqual(StandaloneImagePath, machine.FakeServices["winmgmt"].RunningImagePath, "the undo restarted winmgmt in the enabled state");
    }

    /// <summary>Stops winmgmt's running dependents and winmgmt, then starts winmgmt, as an administrator would.</summary>
    private static void RestartWinmgmtByHand(FakeMachine machine)
    {
        foreach (string name in new[] { "NcaSvc", "VendorAgent", "iphlpsvc", "winmgmt" })
        {
            machine.FakeServices.Stop(name, WmiFixedPort.Restart.StopReason.PlannedReconfiguration);
            machine.Clock.Advance(TimeSpan.FromSeconds(2));
        }

        machine.FakeServices.Start("winmgmt");
        machine.Clock.Advance(TimeSpan.FromSeconds(2));
    }
}
