using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Issue16;

/// <summary>
/// The independent review of issue 16 (coord/review-16.md): A1 a later enable that restarts erases the earlier
/// "dependents down" list; A2 an undo that cannot bring winmgmt or a dependent back counted as complete; A3 a paused
/// dependent the run never stopped reported as not running again; B1 a dependent whose DACL denies
/// SERVICE_QUERY_CONFIG failed the preflight; B2 a dependent pending (or no longer accepting stop) at its stop failed
/// the command; B3 a start sent while the service was still stopping was lost (the adapter swallows its 1056) and
/// reported as "stopped again while starting".
/// </summary>
[TestClass]
public sealed class ReviewFindingsTests
{
    [TestMethod]
    public void Enable_WhenAPortChangeFollowsADependentLeftDown_StartsItAndClearsItFromTheRecord()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["NcaSvc"].FailingStarts = 3;
        CliRun.Of(machine, "enable");

        CliRun change = CliRun.Of(machine, "enable", "--port", "24200");

        Assert.AreEqual(0, change.ExitCode, change.Output);
        CollectionAssert.Contains(machine.FakeServices.RunningServices().ToList(), "NcaSvc", change.Output);
        CollectionAssert.Contains(change.Lines.ToList(), "Started dependent service NcaSvc (not running again after an earlier run).", change.Output);
        Assert.IsNull(machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "DependentsDown"));
    }

    [TestMethod]
    public void Enable_WhenADependentLeftDownStillDoesNotStartDuringAPortChange_KeepsItInTheRecordAndStatus()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["NcaSvc"].FailingStarts = 5; // three for the first enable, two for the next one's attempts
        CliRun.Of(machine, "enable");

        CliRun change = CliRun.Of(machine, "enable", "--port", "24200");

        Assert.AreEqual(0, change.ExitCode, change.Output);
        StringAssert.Contains(change.Output, "ERROR: Dependent service NcaSvc (not running again after an earlier run) still does not start");
        Assert.AreEqual("REG_MULTI_SZ NcaSvc", machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "DependentsDown")?.ToString());
        StringAssert.Contains(CliRun.Of(machine, "status", "--json").Lines.Single(), "\"dependentsDown\":[\"NcaSvc\"]");
    }

    [TestMethod]
    public void Enable_WhenAStopIsRefusedAtRunTimeAfterADependentWasLeftDown_StillStartsIt()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["NcaSvc"].FailingStarts = 3;
        CliRun.Of(machine, "enable");
        FakeService edr = machine.FakeServices.Add("EdrAgent", running: true, "winmgmt");
        edr.LaunchProtected = 3;
        edr.HidesLaunchProtection = true;

        CliRun change = CliRun.Of(machine, "enable", "--port", "24200");

        Assert.AreEqual(0, change.ExitCode, change.Output);
        StringAssert.Contains(change.Output, "RESTART REQUIRED");
        CollectionAssert.Contains(machine.FakeServices.RunningServices().ToList(), "NcaSvc", change.Output);
        Assert.IsNull(machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "DependentsDown"));
    }

    [TestMethod]
    public void Enable_WhenWinmgmtNeverFinishesStarting_KeepsTheRecordNamingWhatToStart()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["winmgmt"].StartDuration = TimeSpan.FromHours(2); // reports progress for ever

        CliRun run = CliRun.Of(machine, "enable", "--deadline", "60");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        Assert.IsTrue(machine.FakeRegistry.KeyExists(RegistryLocations.StateKey), "the record must outlive the failed undo\n" + run.Output);
        CollectionAssert.AreEqual(
            new[] { "winmgmt", "iphlpsvc", "NcaSvc", "VendorAgent" },
            machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "ServicesToStart")?.Lines?.ToArray(),
            run.Output);
        CollectionAssert.Contains(run.Lines.ToList(), "ERROR: Undo: winmgmt does not run again (it is StartPending).", run.Output);
        CollectionAssert.Contains(run.Lines.ToList(), "Undo: left stopped (noted in the record): winmgmt, iphlpsvc, NcaSvc, VendorAgent.", run.Output);
        CollectionAssert.Contains(run.Lines.ToList(), "ERROR: Undo incomplete: the record is kept; 'WmiFixedPort.exe restore' finishes the job.", run.Output);
        ExpectedState.Configuration(machine, HostMode.Shared, null, null);
        StringAssert.Contains(CliRun.Of(machine, "status", "--json").Lines.Single(), "\"dependentsDown\":[\"iphlpsvc\",\"NcaSvc\",\"VendorAgent\"]");
    }

    [TestMethod]
    public void Enable_WhenTheUndoCannotStartADependent_NotesItInTheRecordAndStatus()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        machine.FakeServices["iphlpsvc"].ReportsProgress = false;
        machine.FakeServices["iphlpsvc"].StopDuration = TimeSpan.FromSeconds(40); // hangs: the change fails and is undone
        machine.FakeServices["VendorAgent"].FailingStarts = 3;

        CliRun run = CliRun.Of(machine, "enable", "--port", "24200");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        ExpectedState.Configuration(machine, HostMode.Standalone, 24158, 5);
        CollectionAssert.Contains(machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "ServicesToStart")?.Lines?.ToList() ?? new List<string>(), "VendorAgent", run.Output);
        StringAssert.Contains(CliRun.Of(machine, "status", "--json").Lines.Single(), "\"dependentsDown\":[\"VendorAgent\"]");
        CollectionAssert.Contains(run.Lines.ToList(), "ERROR: Undo incomplete: the record is kept; 'WmiFixedPort.exe restore' finishes the job.", run.Output);
    }

    [TestMethod]
    public void Enable_WhenAPausedDependentWasNotStoppedBeforeARefusedStop_LeavesItPausedWithoutAnError()
    {
        FakeMachine machine = FakeMachine.Create();
        FakeService paused = machine.FakeServices.Add("AaaPausedAgent", running: true, "winmgmt"); // first in start order: stopped last
        paused.State = ServiceState.Paused;
        FakeService edr = machine.FakeServices.Add("EdrAgent", running: true, "winmgmt");
        edr.LaunchProtected = 3;
        edr.HidesLaunchProtection = true;

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.IsFalse(run.Lines.Any(line => line.StartsWith("ERROR:", StringComparison.Ordinal)), run.Output);
        Assert.AreEqual(ServiceState.Paused, machine.FakeServices.Query("AaaPausedAgent").State);
        Assert.AreEqual(0, paused.Stops);
        Assert.IsNull(machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "DependentsDown"));
        Assert.IsTrue(machine.Clock.Elapsed < TimeSpan.FromSeconds(30), machine.Clock.Elapsed.ToString());
    }

    [TestMethod]
    public void Enable_WhenADependentDeniesQueryConfig_TreatsItAsALeafAndRestarts()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices.Add("AgentHidden", running: true, "VendorAgent").DeniesQueryConfig = true; // sorts before VendorAgent
        IReadOnlyList<string> runningBefore = machine.FakeServices.RunningServices();

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(1, machine.WinmgmtRestarts, run.Output);
        Assert.AreEqual(0, machine.FakeRestartSignal.Raised, "not staged: the unreadable dependent is stopped before the service it depends on\n" + run.Output);
        CollectionAssert.AreEqual(runningBefore.ToList(), machine.FakeServices.RunningServices().ToList(), run.Output);
    }

    [TestMethod]
    public void FakeScm_QueryConfigDenied_GetDependenciesIsAccessDeniedAndNoLaunchProtection()
    {
        FakeMachine machine = FakeMachine.Create();
        FakeService hidden = machine.FakeServices.Add("AgentHidden", running: true, "winmgmt");
        hidden.DeniesQueryConfig = true;
        hidden.LaunchProtected = 3;

        Assert.AreEqual(5, Assert.ThrowsExactly<WindowsOperationException>(() => machine.FakeServices.GetDependencies("AgentHidden")).ErrorCode);
        Assert.AreEqual(0, machine.FakeServices.LaunchProtection("AgentHidden"));
    }

    [TestMethod]
    public void Enable_WhenADependentIsStartPendingAtItsStop_WaitsForItThenStopsIt()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices.BeforeNextStop = () => machine.FakeServices.RestartByRecoveryAction("NcaSvc", TimeSpan.FromSeconds(5));

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(1, machine.WinmgmtRestarts);
        ExpectedState.Configuration(machine, HostMode.Standalone, 24158, 5);
        CollectionAssert.IsSubsetOf(new[] { "iphlpsvc", "NcaSvc", "VendorAgent", "winmgmt" }, machine.FakeServices.RunningServices().ToList(), run.Output);
    }

    [TestMethod]
    public void FakeScm_ServiceRestartedByRecoveryAction_RefusesStopWith1061UntilItRuns()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices.RestartByRecoveryAction("VendorAgent", TimeSpan.FromSeconds(5));

        Assert.AreEqual(ServiceState.StartPending, machine.FakeServices.Query("VendorAgent").State);
        Assert.AreEqual(1061, Assert.ThrowsExactly<WindowsOperationException>(() => machine.FakeServices.Stop("VendorAgent", WmiFixedPort.Restart.StopReason.PlannedReconfiguration)).ErrorCode);
        machine.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.AreEqual(ServiceState.Running, machine.FakeServices.Query("VendorAgent").State);
    }

    [TestMethod]
    public void Enable_WhenADependentNoLongerAcceptsStopAtRunTime_StagesTheChange()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["NcaSvc"].NextStopError = 1052; // ControlServiceExW: ERROR_INVALID_SERVICE_CONTROL

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "NcaSvc refused the stop");
        Assert.AreEqual(0, machine.WinmgmtRestarts);
        Assert.AreEqual(1, machine.FakeRestartSignal.Raised);
        ExpectedState.Configuration(machine, HostMode.Standalone, 24158, 5);
        CollectionAssert.IsSubsetOf(new[] { "iphlpsvc", "NcaSvc", "VendorAgent", "winmgmt" }, machine.FakeServices.RunningServices().ToList(), run.Output);
    }

    [TestMethod]
    public void Enable_WhenAStoppedDependentIsStillStoppingAtItsStart_SaysSoInsteadOfAFailedStart()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["iphlpsvc"].ReportsProgress = false;
        machine.FakeServices["iphlpsvc"].StopDuration = TimeSpan.FromSeconds(150); // hangs: the change fails, and the undo's starts meet it still stopping

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        Assert.IsFalse(run.Output.Contains("stopped again while starting", StringComparison.Ordinal), run.Output);
        StringAssert.Contains(run.Output, "Dependent service iphlpsvc did not start (tried twice): it is still stopping (still StopPending after ");
        CollectionAssert.Contains(machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "ServicesToStart")?.Lines?.ToList() ?? new List<string>(), "iphlpsvc", run.Output);
    }

    [TestMethod]
    public void FakeScm_StartWhileStopPendingOrPaused_ChangesNothingLikeTheAdapterSwallowing1056()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["VendorAgent"].StopDuration = TimeSpan.FromSeconds(10);
        machine.FakeServices.Stop("VendorAgent", WmiFixedPort.Restart.StopReason.PlannedReconfiguration);
        machine.FakeServices["NcaSvc"].State = ServiceState.Paused;

        machine.FakeServices.Start("VendorAgent");
        machine.FakeServices.Start("NcaSvc");

        Assert.AreEqual(ServiceState.StopPending, machine.FakeServices.Query("VendorAgent").State);
        Assert.AreEqual(ServiceState.Paused, machine.FakeServices.Query("NcaSvc").State);
        machine.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.AreEqual(ServiceState.Stopped, machine.FakeServices.Query("VendorAgent").State);
    }
}
