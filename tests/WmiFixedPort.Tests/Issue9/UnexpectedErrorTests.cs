using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Issue9;

/// <summary>Issue 9, point 6: an unexpected exception is undone like a failed step, in one clear line, with a non-zero exit.</summary>
[TestClass]
public sealed class UnexpectedErrorTests
{
    [TestMethod]
    public void Enable_WhenAnUnexpectedExceptionHappensWhileStoppingWinmgmt_UndoesAndStartsTheDependentsAgain()
    {
        FakeMachine machine = FakeMachine.Create();
        IReadOnlyList<string> before = machine.Snapshot();
        machine.FakeServices.UnexpectedExceptionOnStop = "winmgmt";

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        Assert.AreEqual(
            "ERROR: Unexpected error: InvalidOperationException: the fake's stand-in for a bug",
            run.Lines.Single(line => line.StartsWith("ERROR:", System.StringComparison.Ordinal)));
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
        CollectionAssert.Contains(run.Lines.ToList(), "Started dependent service VendorAgent.");
    }

    [TestMethod]
    public void Restore_WhenAnUnexpectedExceptionHappens_KeepsTheEnabledStateAndTheRecord()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        IReadOnlyList<string> enabled = machine.Snapshot();
        machine.FakeServices.UnexpectedExceptionOnStop = "iphlpsvc";

        CliRun run = CliRun.Of(machine, "restore");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        ExpectedState.SnapshotsEqual(enabled, machine.Snapshot());
    }

    [TestMethod]
    public void Status_WhenAnUnexpectedExceptionHappens_PrintsOneLineAndExitsWith1()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        machine.FakeTcp.ThrowsUnexpectedly = true;

        CliRun run = CliRun.Of(machine, "status", "--json");

        Assert.AreEqual(1, run.ExitCode);
        CollectionAssert.AreEqual(new[] { "ERROR: Unexpected error, stopped: InvalidOperationException: the fake's stand-in for a bug" }, run.Lines.ToList());
    }
}
