using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Commands;

/// <summary>A fault at each step of enable and restore; each must end in the exact state before the command.</summary>
[TestClass]
public sealed class FaultInjectionTests
{
    [TestMethod]
    public void Enable_WhenWinmgmtExeFails_EndsInThePriorState()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeWinmgmt.NextExitCode = unchecked((int)0x80041001);

        AssertEnableFailsAndRestores(machine, "ERROR: Run winmgmt.exe /standalonehost 5 failed: exit code -2147217407 (0x80041001) (it said: Error: the operation failed.)", expectedRestarts: 0);
    }

    [TestMethod]
    public void Enable_WhenWinmgmtExeFailsAfterChangingThings_EndsInThePriorState()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeWinmgmt.NextExitCode = 1;
        machine.FakeWinmgmt.ApplyBeforeFailing = true;

        AssertEnableFailsAndRestores(machine, "ERROR: Run winmgmt.exe /standalonehost 5 failed: exit code 1 (0x00000001)", expectedRestarts: 0);
    }

    [TestMethod]
    public void Enable_WhenWinmgmtExeHangs_StopsWaitingAndEndsInThePriorState()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeWinmgmt.HangNextRun = true;

        AssertEnableFailsAndRestores(machine, "ERROR: Run winmgmt.exe /standalonehost 5 failed: it did not finish in time and was stopped", expectedRestarts: 0);
        Assert.IsTrue(machine.Clock.Elapsed <= TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1), machine.Clock.Elapsed.ToString());
    }

    [TestMethod]
    public void Enable_WhenRecordingThePriorStateIsDenied_EndsInThePriorState()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeRegistry.DenyWrites((key, _) => key.StartsWith(RegistryLocations.StateKey, StringComparison.OrdinalIgnoreCase));

        AssertEnableFailsAndRestores(machine, @"ERROR: Record the prior state under HKLM\SOFTWARE\WmiFixedPort\State failed: could not write HKLM\SOFTWARE\WmiFixedPort\State\Values\ServiceImagePath\Existed: Access to the registry key is denied. (0x80070005)", expectedRestarts: 0);
        Assert.AreEqual(0, machine.FakeWinmgmt.Runs.Count, "nothing is changed before the record is complete");
    }

    [TestMethod]
    public void Enable_WhenWritingTheEndpointIsDenied_EndsInThePriorState()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeWinmgmt.NextExitCode = 0;
        machine.FakeRegistry.DenyWrites((key, value) => value == RegistryLocations.EndpointsValue && machine.FakeWinmgmt.Runs.Count == 1 && machine.FakeRegistry.GetValue(key, value) is not null);

        AssertEnableFailsAndRestores(machine, @"ERROR: Set HKLM\SOFTWARE\Classes\AppID\{8BC3F05E-D86B-11D0-A075-00C04FB68820}\Endpoints = REG_MULTI_SZ ncacn_ip_tcp,0,24200 failed", expectedRestarts: 0, port: "24200");
    }

    [TestMethod]
    public void Enable_WhenADependentStallsWhileStopping_StartsTheOthersAgainAndEndsInThePriorState()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["iphlpsvc"].ReportsProgress = false;
        machine.FakeServices["iphlpsvc"].StopDuration = TimeSpan.FromSeconds(40);

        AssertEnableFailsAndRestores(machine, "ERROR: Stop dependent service iphlpsvc failed: still StopPending after 30.", expectedRestarts: 0);
    }

    [TestMethod]
    public void Enable_WhenWinmgmtStallsWhileStopping_StartsItAgainWithTheOldConfiguration()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["winmgmt"].ReportsProgress = false;
        machine.FakeServices["winmgmt"].StopDuration = TimeSpan.FromSeconds(40);

        AssertEnableFailsAndRestores(machine, "ERROR: Stop winmgmt failed: still StopPending after 30.", expectedRestarts: 1);
    }

    [TestMethod]
    public void Enable_WhenWinmgmtWillNotStartWithTheNewConfiguration_StartsItWithTheOldOne()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["winmgmt"].FailingStarts = 1;

        AssertEnableFailsAndRestores(machine, "ERROR: Start winmgmt failed: could not start service winmgmt: The service did not respond to the start or control request in a timely fashion. (Windows error 1053)", expectedRestarts: 1);
    }

    [TestMethod]
    public void Enable_WhenWinmgmtNeverStops_GivesUpAndKeepsTheRecord()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["winmgmt"].StopDuration = TimeSpan.MaxValue;

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(1, run.ExitCode);
        ExpectedState.Configuration(machine, HostMode.Shared, null, null);
        Assert.IsTrue(machine.FakeRegistry.KeyExists(RegistryLocations.StateKey), "the record outlives the incomplete undo");
        StringAssert.Contains(run.Output, "ERROR: Undo incomplete: the record is kept; 'WmiFixedPort.exe restore' finishes the job.");
    }

    [TestMethod]
    public void Enable_WhenEveryServiceTakesThreeSecondsEachWay_SucceedsWithinTheTimeLimit()
    {
        FakeMachine machine = FakeMachine.Create();
        foreach (string name in new[] { "VendorAgent", "NcaSvc", "iphlpsvc", "winmgmt" })
        {
            machine.FakeServices[name].StopDuration = TimeSpan.FromSeconds(3);
            machine.FakeServices[name].StartDuration = TimeSpan.FromSeconds(3);
        }

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.IsFalse(run.Output.Contains("WARNING", StringComparison.Ordinal), run.Output);
        Assert.IsTrue(machine.Clock.Elapsed < TimeSpan.FromSeconds(30), machine.Clock.Elapsed.ToString());
    }

    [TestMethod]
    public void Enable_WhenNoDependentEverStartsAgain_ReportsEachAsAnErrorAndEndsWithinTheTimeLimit()
    {
        FakeMachine machine = FakeMachine.Create();
        foreach (string name in new[] { "VendorAgent", "NcaSvc", "iphlpsvc" })
        {
            machine.FakeServices[name].StartDuration = TimeSpan.MaxValue;
        }

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(3, run.Lines.Count(line => line.StartsWith("ERROR: Dependent service ", StringComparison.Ordinal)), run.Output);
        // Each start stalls: given up after 30 s without progress, tried three times (10 s pause), for three dependents.
        Assert.IsTrue(machine.Clock.Elapsed < TimeSpan.FromMinutes(6), machine.Clock.Elapsed.ToString());
    }

    [TestMethod]
    public void Restore_WorstCase_HungDependentsThenAFailedLastStep_Ends()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        foreach (string name in new[] { "VendorAgent", "NcaSvc", "iphlpsvc" })
        {
            machine.FakeServices[name].StartDuration = TimeSpan.MaxValue;
        }

        machine.FakeRegistry.DenyWrites((key, _) => key.Equals(RegistryLocations.StateKey, StringComparison.OrdinalIgnoreCase));
        TimeSpan start = machine.Clock.Elapsed;

        CliRun run = CliRun.Of(machine, "restore");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        Assert.IsTrue(machine.Clock.Elapsed - start < TimeSpan.FromMinutes(10), (machine.Clock.Elapsed - start).ToString());
    }

    [TestMethod]
    public void Restore_WhenSharedHostFails_LeavesTheEnabledStateAndTheRecord()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        machine.FakeWinmgmt.NextExitCode = 5;
        machine.FakeWinmgmt.ApplyBeforeFailing = true;

        AssertRestoreFailsAndKeepsEnabledState(machine, "ERROR: Run winmgmt.exe /sharedhost failed: exit code 5", expectedRestarts: 1);
    }

    [TestMethod]
    public void Restore_WhenWinmgmtWillNotStart_LeavesTheEnabledStateAndTheRecord()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        machine.FakeServices["winmgmt"].FailingStarts = 1;

        AssertRestoreFailsAndKeepsEnabledState(machine, "ERROR: Start winmgmt failed", expectedRestarts: 2);
    }

    [TestMethod]
    public void Restore_WhenRestoringAValueIsDenied_LeavesTheEnabledStateAndTheRecord()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        machine.FakeRegistry.DenyWrites((key, value) => value == RegistryLocations.EndpointsValue);

        AssertRestoreFailsAndKeepsEnabledState(machine, @"ERROR: Delete value HKLM\SOFTWARE\Classes\AppID\{8BC3F05E-D86B-11D0-A075-00C04FB68820}\Endpoints (it did not exist before) failed", expectedRestarts: 1);
    }

    [TestMethod]
    public void Restore_WhenDeletingTheRecordIsDenied_RestartsIntoTheEnabledStateAgain()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        machine.FakeRegistry.DenyWrites((key, _) => key.Equals(RegistryLocations.StateKey, StringComparison.OrdinalIgnoreCase));

        AssertRestoreFailsAndKeepsEnabledState(machine, @"ERROR: Delete the record HKLM\SOFTWARE\WmiFixedPort\State failed", expectedRestarts: 3);
    }

    private static void AssertEnableFailsAndRestores(FakeMachine machine, string expectedError, int expectedRestarts, string port = "24158")
    {
        IReadOnlyList<string> before = machine.Snapshot();

        CliRun run = CliRun.Of(machine, "enable", "--port", port, "--auth-level", "5");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        Assert.AreEqual(1, run.Lines.Count(line => line.StartsWith(expectedError, StringComparison.Ordinal)), run.Output);
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
        Assert.AreEqual(expectedRestarts, machine.WinmgmtRestarts, "winmgmt restarts");
        Assert.IsFalse(run.Output.Contains("Undo incomplete", StringComparison.Ordinal), run.Output);
        Assert.AreEqual(EventKind.Error, machine.FakeEventLog.Events[machine.FakeEventLog.Events.Count - 1].Key);
    }

    private static void AssertRestoreFailsAndKeepsEnabledState(FakeMachine machine, string expectedError, int expectedRestarts)
    {
        IReadOnlyList<string> enabled = machine.Snapshot();

        CliRun run = CliRun.Of(machine, "restore");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        Assert.AreEqual(1, run.Lines.Count(line => line.StartsWith(expectedError, StringComparison.Ordinal)), run.Output);
        ExpectedState.SnapshotsEqual(enabled, machine.Snapshot());
        Assert.AreEqual(expectedRestarts, machine.WinmgmtRestarts, "winmgmt restarts, the enable's included");
        Assert.IsFalse(run.Output.Contains("Undo incomplete", StringComparison.Ordinal), run.Output);
    }
}
