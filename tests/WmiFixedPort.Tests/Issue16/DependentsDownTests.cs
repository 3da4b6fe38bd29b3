using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Issue16;

/// <summary>
/// Issue 16, point 2: a dependent that was running and does not come back is retried (three attempts, the last after
/// the others), named in an error line and an Error event, kept in the record (<c>DependentsDown</c>) and shown by
/// <c>status</c> (contract interface 1) until it runs again or a later run starts it. Exit code 0: the change itself
/// is in force.
/// </summary>
[TestClass]
public sealed class DependentsDownTests
{
    [TestMethod]
    public void Enable_WhenADependentDoesNotComeBack_ReportsAnErrorNamingItAndKeepsItInTheRecord()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["NcaSvc"].FailingStarts = 3;

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(1, run.Lines.Count(line => line.StartsWith("ERROR: Dependent service NcaSvc was running before and does not run again (tried 3 times)", System.StringComparison.Ordinal)), run.Output);
        Assert.AreEqual(EventKind.Error, machine.FakeEventLog.Events.Single().Key);
        StringAssert.Contains(machine.FakeEventLog.Events.Single().Value, "NcaSvc");
        Assert.AreEqual(@"REG_MULTI_SZ NcaSvc", machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "DependentsDown")?.ToString());
    }

    [TestMethod]
    public void Status_AfterADependentDidNotComeBack_ShowsItInJsonAndText()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["NcaSvc"].FailingStarts = 3;
        CliRun.Of(machine, "enable");

        string json = CliRun.Of(machine, "status", "--json").Lines.Single();
        CliRun text = CliRun.Of(machine, "status");

        StringAssert.Contains(json, "\"dependentsDown\":[\"NcaSvc\"]");
        CollectionAssert.Contains(text.Lines.ToList(), "Dependents:  not running again: NcaSvc");
    }

    [TestMethod]
    public void Status_WhenTheDependentRunsAgain_ShowsAllRunning()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["NcaSvc"].FailingStarts = 3;
        CliRun.Of(machine, "enable");

        machine.FakeServices.Start("NcaSvc"); // by hand: sc.exe start NcaSvc
        machine.Clock.Advance(System.TimeSpan.FromSeconds(5));

        StringAssert.Contains(CliRun.Of(machine, "status", "--json").Lines.Single(), "\"dependentsDown\":[]");
        CollectionAssert.Contains(CliRun.Of(machine, "status").Lines.ToList(), "Dependents:  all running");
    }

    [TestMethod]
    public void Enable_Later_StartsTheDependentLeftDownAndClearsItFromTheRecord()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["NcaSvc"].FailingStarts = 3;
        CliRun.Of(machine, "enable");

        CliRun repair = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, repair.ExitCode, repair.Output);
        CollectionAssert.Contains(repair.Lines.ToList(), "Started dependent service NcaSvc (not running again after an earlier run).", repair.Output);
        Assert.IsNull(machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "DependentsDown"));
        Assert.AreEqual(1, machine.WinmgmtRestarts, "the repair changed nothing else: no second restart");
        StringAssert.Contains(CliRun.Of(machine, "status", "--json").Lines.Single(), "\"dependentsDown\":[]");
    }

    [TestMethod]
    public void Restore_WhenADependentDoesNotComeBack_ExitsZeroWithAnErrorEventNamingIt()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        machine.FakeServices["VendorAgent"].FailingStarts = 3;

        CliRun run = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        ExpectedState.Configuration(machine, HostMode.Shared, null, null);
        Assert.AreEqual(EventKind.Error, machine.FakeEventLog.Events[machine.FakeEventLog.Events.Count - 1].Key);
        StringAssert.Contains(machine.FakeEventLog.Events[machine.FakeEventLog.Events.Count - 1].Value, "ERROR: Dependent service VendorAgent was running before and does not run again");
    }
}
