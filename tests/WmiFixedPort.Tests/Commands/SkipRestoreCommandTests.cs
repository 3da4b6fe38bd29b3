using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Commands;

/// <summary>
/// skip-restore (issue 15 point 4): the uninstall's way out when restore is refused. It must change nothing, keep the
/// record (so a later install and plain uninstall restore the true original) and warn in stdout and the event log.
/// </summary>
[TestClass]
public sealed class SkipRestoreCommandTests
{
    [TestMethod]
    public void SkipRestore_AfterEnable_ChangesNothingAndKeepsTheRecord()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable", "--port", "24200", "--auth-level", "6");
        var enabled = machine.Snapshot();
        int restarts = machine.WinmgmtRestarts;

        CliRun run = CliRun.Of(machine, "skip-restore");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        CollectionAssert.AreEqual(enabled.ToList(), machine.Snapshot().ToList(), "nothing changed, the record included");
        Assert.AreEqual(restarts, machine.WinmgmtRestarts, "no restart");
        Assert.IsTrue(machine.FakeRegistry.KeyExists(RegistryLocations.StateKey), "the record is kept");
    }

    [TestMethod]
    public void SkipRestore_AfterEnable_WarnsInTheLogAndAsAWarningEvent()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable", "--port", "24200", "--auth-level", "6");
        int events = machine.FakeEventLog.Events.Count;

        CliRun run = CliRun.Of(machine, "skip-restore");

        Assert.IsTrue(run.Lines.Any(l => l.StartsWith("WARNING: Not restored: mode standalone, port 24200", System.StringComparison.Ordinal)), run.Output);
        var last = machine.FakeEventLog.Events.Skip(events).Single();
        Assert.AreEqual(EventKind.Warning, last.Key);
        StringAssert.Contains(last.Value, "Not restored: mode standalone, port 24200");
    }

    [TestMethod]
    public void Restore_AfterSkipRestoreAndANewEnable_StillReturnsToTheOriginal()
    {
        FakeMachine machine = FakeMachine.Create();
        var original = machine.Snapshot();
        CliRun.Of(machine, "enable", "--port", "24200", "--auth-level", "6");
        CliRun.Of(machine, "skip-restore");
        CliRun.Of(machine, "enable", "--port", "24300", "--auth-level", "5");

        CliRun run = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        ExpectedState.SnapshotsEqual(original, machine.Snapshot());
    }

    [TestMethod]
    public void SkipRestore_WithAnOption_IsRefusedAsInvalid()
    {
        FakeMachine machine = FakeMachine.Create();

        CliRun run = CliRun.Of(machine, "skip-restore", "--what-if");

        Assert.AreEqual(2, run.ExitCode, run.Output);
        Assert.IsFalse(run.MachineUsed);
    }
}
