using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Issue16;

/// <summary>
/// Issue 16, point 4: one deadline for the whole enable or restore (default 600 s, <c>--deadline</c> overrides it):
/// every wait ends at it, a step that meets it fails and the command undoes; bringing services back may take the
/// recovery allowance (300 s) more, so the command ends by the deadline plus 300 s, and WMI's downtime is reported.
/// </summary>
[TestClass]
public sealed class DeadlineTests
{
    [TestMethod]
    public void Enable_WhenStopsRunPastTheGivenDeadline_UndoesAndFailsNamingTheDeadline()
    {
        FakeMachine machine = FakeMachine.Create();
        IReadOnlyList<string> before = machine.Snapshot();
        foreach (string name in new[] { "VendorAgent", "NcaSvc", "iphlpsvc" })
        {
            machine.FakeServices[name].StopDuration = TimeSpan.FromSeconds(50); // slow, but reporting progress
        }

        CliRun run = CliRun.Of(machine, "enable", "--deadline", "120");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "when the command's deadline came (deadline 120.0 s, --deadline to change it)");
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
        Assert.IsTrue(machine.Clock.Elapsed <= TimeSpan.FromSeconds(120 + 300), machine.Clock.Elapsed.ToString());
    }

    [TestMethod]
    public void Enable_WithTheDefaultDeadline_StopsThatTakeTwelveMinutesFailAfterTenAndUndo()
    {
        FakeMachine machine = FakeMachine.Create();
        IReadOnlyList<string> before = machine.Snapshot();
        foreach (string name in new[] { "VendorAgent", "NcaSvc", "iphlpsvc" })
        {
            machine.FakeServices[name].StopDuration = TimeSpan.FromMinutes(4);
        }

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "(deadline 600.0 s, --deadline to change it)");
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
        Assert.IsTrue(machine.Clock.Elapsed <= TimeSpan.FromSeconds(600 + 300), machine.Clock.Elapsed.ToString());
    }

    [TestMethod]
    public void Enable_WhenWinmgmtExeHangs_IsStoppedAtTheDeadlineNotAfterItsOwnTwoMinutes()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeWinmgmt.HangNextRun = true;

        CliRun run = CliRun.Of(machine, "enable", "--deadline", "60");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        Assert.IsTrue(machine.Clock.Elapsed <= TimeSpan.FromSeconds(60), machine.Clock.Elapsed.ToString());
        ExpectedState.Configuration(machine, HostMode.Shared, null, null);
    }

    [TestMethod]
    public void Enable_WhenWinmgmtNeverFinishesStarting_FailsAtTheDeadlineAndEndsByItPlusTheRecoveryAllowance()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["winmgmt"].StartDuration = TimeSpan.FromHours(2); // reports progress for ever

        CliRun run = CliRun.Of(machine, "enable", "--deadline", "60");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "ERROR: Start winmgmt failed: still StartPending after ");
        Assert.IsTrue(machine.Clock.Elapsed <= TimeSpan.FromSeconds(60 + 300 + 1), machine.Clock.Elapsed.ToString());
    }

    [TestMethod]
    public void Enable_WhenItRestarts_ReportsHowLongWmiWasUnavailable()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["winmgmt"].StopDuration = TimeSpan.FromSeconds(3);
        machine.FakeServices["winmgmt"].StartDuration = TimeSpan.FromSeconds(4);

        CliRun run = CliRun.Of(machine, "enable");

        CollectionAssert.Contains(run.Lines.ToList(), "WMI was unavailable for 7.0 s (winmgmt stopped to running again).", run.Output);
        Assert.AreEqual(TimeSpan.FromSeconds(7), machine.FakeServices.WinmgmtUnavailable);
    }

    [TestMethod]
    [DataRow("59")]
    [DataRow("86401")]
    [DataRow("0600")]
    [DataRow("ten")]
    [DataRow("-1")]
    public void Run_WithADeadlineOutOfRange_ExitsTwoBeforeAnyChange(string value)
    {
        FakeMachine machine = FakeMachine.Create();

        CliRun run = CliRun.Of(machine, "enable", "--deadline=" + value);

        Assert.AreEqual(2, run.ExitCode, run.Output);
        Assert.IsFalse(run.MachineUsed);
        StringAssert.StartsWith(run.Lines[0], $"ERROR: Invalid --deadline value '{value}': expected a whole number of seconds from 60 to 86400");
    }

    [TestMethod]
    public void Restore_AcceptsADeadline()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");

        CliRun run = CliRun.Of(machine, "restore", "--deadline", "900");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        ExpectedState.Configuration(machine, HostMode.Shared, null, null);
    }
}
