using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Commands;

[TestClass]
public sealed class RestoreCommandTests
{
    [TestMethod]
    public void Restore_AfterEnableOnStockHost_PutsBackEveryValueExactly()
    {
        FakeMachine machine = FakeMachine.Create();
        var before = machine.Snapshot();
        CliRun.Of(machine, "enable", "--port", "24200", "--auth-level", "6");

        CliRun run = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        // The whole registry, including ImagePath's "-p", winmgmt's place in netsvcs, the absent winmgmt group,
        // SvcHost\winmgmt key and Endpoints value, and no WmiFixedPort key left behind.
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
        CollectionAssert.AreEqual(new[] { "/standalonehost 6", "/sharedhost" }, machine.FakeWinmgmt.Runs.ToList());
        Assert.AreEqual(2, machine.WinmgmtRestarts, "one restart for enable, one for restore");
    }

    [TestMethod]
    public void Restore_AfterSeveralEnables_ReturnsToTheStateBeforeTheFirst()
    {
        FakeMachine machine = FakeMachine.Create();
        var before = machine.Snapshot();
        CliRun.Of(machine, "enable", "--port", "24158", "--auth-level", "5");
        CliRun.Of(machine, "enable", "--port", "24200", "--auth-level", "4");

        CliRun run = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
    }

    [TestMethod]
    public void Restore_WhenHostWasStandaloneBeforeTheFirstEnable_LeavesItStandaloneAsItWas()
    {
        FakeMachine machine = FakeMachine.Create().WithStandaloneHost(4);
        var before = machine.Snapshot();
        CliRun.Of(machine, "enable", "--port", "24200", "--auth-level", "5");

        CliRun run = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
        ExpectedState.Configuration(machine, HostMode.Standalone, 24158, 4);
        CollectionAssert.AreEqual(new[] { "/standalonehost 4", "/standalonehost 5" }, machine.FakeWinmgmt.Runs.ToList(), "no /sharedhost");
        Assert.AreEqual(2, machine.WinmgmtRestarts);
    }

    [TestMethod]
    public void Restore_WhenSharedHostHadLeftoversOfAnEarlierStandaloneHost_KeepsThem()
    {
        // A machine that was standalone once and then /sharedhost'ed by hand: the SvcHost\winmgmt key,
        // an empty winmgmt group and the Endpoints value stay behind, and must still be there after restore.
        FakeMachine machine = FakeMachine.Create()
            .WithValue(RegistryLocations.SvcHostWinmgmtKey, RegistryLocations.AuthenticationLevelValue, RegValue.DWord(4))
            .WithValue(RegistryLocations.SvcHostWinmgmtKey, "CoInitializeSecurityParam", RegValue.DWord(1))
            .WithValue(RegistryLocations.SvcHostKey, RegistryLocations.WinmgmtGroupValue, RegValue.MultiString(System.Array.Empty<string>()))
            .WithValue(RegistryLocations.DcomAppIdKey, RegistryLocations.EndpointsValue, RegValue.MultiString(new[] { "ncacn_ip_tcp,0,24158" }));
        var before = machine.Snapshot();
        CliRun.Of(machine, "enable", "--port", "24300", "--auth-level", "6");

        CliRun run = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
    }

    [TestMethod]
    public void Restore_WhenAnotherServiceJoinedNetsvcsMeanwhile_KeepsItAndPutsWinmgmtBackInPlace()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        var group = machine.FakeRegistry.GetValue(RegistryLocations.SvcHostKey, RegistryLocations.NetsvcsGroupValue)!.Lines!;
        machine.FakeRegistry.SetValue(RegistryLocations.SvcHostKey, RegistryLocations.NetsvcsGroupValue, RegValue.MultiString(group.Concat(new[] { "NewSvc" })));

        CliRun run = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        CollectionAssert.AreEqual(
            FakeMachine.StockNetsvcs.Concat(new[] { "NewSvc" }).ToList(),
            machine.FakeRegistry.GetValue(RegistryLocations.SvcHostKey, RegistryLocations.NetsvcsGroupValue)!.Lines!.ToList());
    }

    [TestMethod]
    public void Restore_WithoutRecord_ChangesNothingAndSucceeds()
    {
        FakeMachine machine = FakeMachine.Create();
        var before = machine.Snapshot();

        CliRun run = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, run.ExitCode);
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
        Assert.AreEqual(0, machine.FakeWinmgmt.Runs.Count);
        Assert.AreEqual(0, machine.FakeServices.Log.Count);
        StringAssert.Contains(run.Output, "nothing to restore, nothing changed");
    }

    [TestMethod]
    public void Restore_WhenNothingChangedSinceTheRecord_DeletesTheRecordWithoutRestart()
    {
        FakeMachine machine = FakeMachine.Create().WithStandaloneHost(5);
        var before = machine.Snapshot();
        CliRun.Of(machine, "enable");

        CliRun run = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(0, machine.WinmgmtRestarts);
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
    }

    [TestMethod]
    public void Restore_WhatIf_PrintsThePlanAndChangesNothing()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        var enabled = machine.Snapshot();

        CliRun run = CliRun.Of(machine, "restore", "--what-if");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        ExpectedState.SnapshotsEqual(enabled, machine.Snapshot());
        Assert.AreEqual(1, machine.WinmgmtRestarts);
        CollectionAssert.Contains(run.Lines.ToList(), "What if: run winmgmt.exe /sharedhost.");
        CollectionAssert.Contains(run.Lines.ToList(), @"What if: restore HKLM\SYSTEM\CurrentControlSet\Services\Winmgmt\ImagePath.");
    }

    [TestMethod]
    public void Restore_WithAnIncompleteRecord_DeletesItAndChangesNothingElse()
    {
        FakeMachine machine = FakeMachine.Create();
        var before = machine.Snapshot();
        machine.FakeRegistry.SetValue(RegistryLocations.StateKey, "NetsvcsIndex", RegValue.DWord(6));

        CliRun run = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
        StringAssert.Contains(run.Output, "The record was incomplete");
    }

    [TestMethod]
    public void Restore_WhatIf_WithAnIncompleteRecord_KeepsIt()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeRegistry.SetValue(RegistryLocations.StateKey, "NetsvcsIndex", RegValue.DWord(6));
        var before = machine.Snapshot();

        CliRun run = CliRun.Of(machine, "restore", "--what-if");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
        StringAssert.Contains(run.Output, "What if: delete the incomplete record");
    }
}
