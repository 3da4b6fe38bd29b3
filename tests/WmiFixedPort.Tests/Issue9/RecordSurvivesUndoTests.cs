using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Issue9;

/// <summary>Issue 9, point 1: the record outlives an incomplete undo, and a later restore finishes the job.</summary>
[TestClass]
public sealed class RecordSurvivesUndoTests
{
    [TestMethod]
    public void Enable_WhenTheUndoCannotWriteTheConfigurationBack_KeepsTheRecordAndRestoreFinishes()
    {
        FakeMachine machine = FakeMachine.Create();
        IReadOnlyList<string> before = machine.Snapshot();
        machine.FakeWinmgmt.NextExitCode = 1;
        machine.FakeWinmgmt.ApplyBeforeFailing = true;
        // Deny only the undo's write of the stock ImagePath over the standalone one (winmgmt.exe's own write passes).
        machine.FakeRegistry.DenyWrites((key, value) =>
            value == RegistryLocations.ImagePathValue
            && machine.FakeRegistry.GetValue(key, value)?.Text == FakeWinmgmtExe.StandaloneImagePath);

        CliRun enable = CliRun.Of(machine, "enable");

        Assert.AreEqual(1, enable.ExitCode, enable.Output);
        CollectionAssert.Contains(enable.Lines.ToList(), "ERROR: Undo incomplete: the record is kept; 'WmiFixedPort.exe restore' finishes the job.");
        Assert.IsTrue(machine.FakeRegistry.KeyExists(RegistryLocations.StateKey), "the record is kept");
        AssertRestoreBringsBack(machine, before);
    }

    [TestMethod]
    public void Enable_WhenTheUndoCannotStartWinmgmtAgain_KeepsTheRecordAndRestoreStartsTheServices()
    {
        FakeMachine machine = FakeMachine.Create();
        IReadOnlyList<string> before = machine.Snapshot();
        machine.FakeServices["winmgmt"].FailingStarts = 2; // the forward start and the undo's start

        CliRun enable = CliRun.Of(machine, "enable");

        Assert.AreEqual(1, enable.ExitCode, enable.Output);
        CollectionAssert.Contains(enable.Lines.ToList(), "Undo: left stopped (noted in the record): winmgmt, iphlpsvc, NcaSvc, VendorAgent.");
        CollectionAssert.DoesNotContain(machine.FakeServices.RunningServices().ToList(), "winmgmt");
        AssertRestoreBringsBack(machine, before);
    }

    [TestMethod]
    public void Enable_WhenTheUndoCannotDeleteTheRecord_KeepsItAndRestoreDeletesIt()
    {
        FakeMachine machine = FakeMachine.Create();
        IReadOnlyList<string> before = machine.Snapshot();
        machine.FakeWinmgmt.NextExitCode = 1;
        machine.FakeRegistry.DenyWrites((key, _) => key.Equals(RegistryLocations.StateKey, StringComparison.OrdinalIgnoreCase) && machine.FakeWinmgmt.Runs.Count == 1);

        CliRun enable = CliRun.Of(machine, "enable");

        Assert.AreEqual(1, enable.ExitCode, enable.Output);
        CollectionAssert.Contains(enable.Lines.ToList(), "ERROR: Undo incomplete: the record is kept; 'WmiFixedPort.exe restore' finishes the job.");
        AssertRestoreBringsBack(machine, before);
    }

    [TestMethod]
    public void Restore_WhenItFailsAndItsUndoFailsToo_KeepsTheRecordAndASecondRestoreFinishes()
    {
        FakeMachine machine = FakeMachine.Create();
        IReadOnlyList<string> before = machine.Snapshot();
        CliRun.Of(machine, "enable");
        machine.FakeServices["winmgmt"].FailingStarts = 2; // restore's start fails, and so does its undo's

        CliRun failed = CliRun.Of(machine, "restore");

        Assert.AreEqual(1, failed.ExitCode, failed.Output);
        StringAssert.Contains(failed.Output, "ERROR: Undo incomplete");
        AssertRestoreBringsBack(machine, before);
    }

    private static void AssertRestoreBringsBack(FakeMachine machine, IReadOnlyList<string> before)
    {
        CliRun restore = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, restore.ExitCode, restore.Output);
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
    }
}
