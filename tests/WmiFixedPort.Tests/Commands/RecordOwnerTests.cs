using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Commands;

/// <summary>
/// --owner (issue 15 point 5): one product owns the record. enable names the owner; enable and restore of another
/// product are refused with exit code 3, a message naming both UpgradeCodes, and nothing changed.
/// </summary>
[TestClass]
public sealed class RecordOwnerTests
{
    private const string First = "{E9D2D046-CD70-4BD6-9E50-3B01388ADADA}";
    private const string Second = "{6A1E5C0B-3F27-4D8E-9B51-0C7D2E4F8A19}";

    [TestMethod]
    public void Enable_WithAnOwner_NamesItInTheRecord()
    {
        FakeMachine machine = FakeMachine.Create();

        CliRun run = CliRun.Of(machine, "enable", "--port", "24200", "--owner", First);

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(First, machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "OwnerUpgradeCode")?.Text);
    }

    [TestMethod]
    public void Enable_WhenAnotherProductOwnsTheRecord_IsRefusedWithExit3AndChangesNothing()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable", "--port", "24200", "--owner", First);
        var before = machine.Snapshot();
        int events = machine.FakeEventLog.Events.Count;

        CliRun run = CliRun.Of(machine, "enable", "--port", "24300", "--owner", Second);

        Assert.AreEqual(3, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "ERROR: Refused: WMI's record (HKLM\\SOFTWARE\\WmiFixedPort\\State) belongs to the product with UpgradeCode " + First
            + ", and this run is for UpgradeCode " + Second + ": two products carrying WmiFixedPort would fight over one record."
            + " Uninstall the other product first (or give its uninstall WMIFIXEDPORT_UNINSTALL_KEEP_WMI=1). Nothing was changed.");
        CollectionAssert.AreEqual(before.ToList(), machine.Snapshot().ToList());
        Assert.AreEqual(EventKind.Error, machine.FakeEventLog.Events.Skip(events).Single().Key);
    }

    [TestMethod]
    public void Restore_WhenAnotherProductOwnsTheRecord_IsRefusedWithExit3AndKeepsTheRecord()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable", "--port", "24200", "--owner", First);
        var before = machine.Snapshot();

        CliRun run = CliRun.Of(machine, "restore", "--owner", Second);

        Assert.AreEqual(3, run.ExitCode, run.Output);
        CollectionAssert.AreEqual(before.ToList(), machine.Snapshot().ToList());
    }

    [TestMethod]
    public void EnableAndRestore_ForTheOwnerInAnyCase_Run()
    {
        FakeMachine machine = FakeMachine.Create();
        var original = machine.Snapshot();
        CliRun.Of(machine, "enable", "--port", "24200", "--owner", First);

        Assert.AreEqual(0, CliRun.Of(machine, "enable", "--port", "24300", "--owner", First.ToLowerInvariant()).ExitCode);
        CliRun restore = CliRun.Of(machine, "restore", "--owner", First);

        Assert.AreEqual(0, restore.ExitCode, restore.Output);
        ExpectedState.SnapshotsEqual(original, machine.Snapshot());
    }

    [TestMethod]
    public void Enable_WhenTheRecordHasNoOwnerOrTheOwnerIsEmpty_RunsAndAnOwnerClaimsIt()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable", "--port", "24200");

        Assert.AreEqual(0, CliRun.Of(machine, "enable", "--port", "24200", "--owner", "").ExitCode, "an empty --owner: no check");
        Assert.IsNull(machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "OwnerUpgradeCode"));
        Assert.AreEqual(0, CliRun.Of(machine, "enable", "--port", "24200", "--owner", Second).ExitCode);
        Assert.AreEqual(Second, machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "OwnerUpgradeCode")?.Text);
    }

    [TestMethod]
    [DataRow("E9D2D046-CD70-4BD6-9E50-3B01388ADADA")]
    [DataRow("{not-a-guid}")]
    [DataRow("{E9D2D046-CD70-4BD6-9E50-3B01388ADADA}\" --port \"80")]
    public void Owner_WhenNotAGuidInBraces_IsInvalidBeforeTheMachineIsTouched(string owner)
    {
        FakeMachine machine = FakeMachine.Create();

        CliRun run = CliRun.Of(machine, "enable", "--owner", owner);

        Assert.AreEqual(2, run.ExitCode, run.Output);
        Assert.IsFalse(run.MachineUsed);
        StringAssert.Contains(run.Output, "--owner");
    }
}
