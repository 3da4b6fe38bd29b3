using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Issue9;

/// <summary>
/// Issue 9, point 5: a running dependent that this account may not stop (Security Center, protected) never fails the
/// install: the preflight decides before any change to stage it (registry written, record kept, nothing stopped,
/// restart signalled), and status reports it until the computer restarts.
/// </summary>
[TestClass]
public sealed class ProtectedDependentTests
{
    [TestMethod]
    public void Enable_WhenAProtectedDependentRuns_StagesTheChangeWithoutStoppingAnything()
    {
        FakeMachine machine = FakeMachine.Create().WithProtectedSecurityCenter();
        int pid = machine.FakeServices["winmgmt"].ProcessId;

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(0, machine.FakeServices.Log.Count, "no service stopped or started: " + string.Join(", ", machine.FakeServices.Log));
        ExpectedState.Configuration(machine, HostMode.Standalone, 24158, 5);
        Assert.AreEqual(1, machine.FakeRestartSignal.Raised);
        CollectionAssert.AreEqual(
            new[]
            {
                "No restart of winmgmt: cannot stop wscsvc (protected: stop denied).",
                "RESTART REQUIRED: the change takes effect when the computer restarts (signalled to the installer).",
                "Done (staged): winmgmt will run standalone on port 24158 with auth level 5 (PKT_INTEGRITY) after the restart.",
            },
            run.Lines.Skip(run.Lines.Count - 3).ToList());
        Assert.AreEqual("REG_DWORD " + pid, machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "StagedForPid")?.ToString());
    }

    [TestMethod]
    public void Enable_WhenTheProtectedDependentIsStopped_SwitchesAndRestartsNormally()
    {
        FakeMachine machine = FakeMachine.Create().WithProtectedSecurityCenter();
        machine.FakeServices["wscsvc"].State = ServiceState.Stopped;
        machine.FakeServices["wscsvc"].ProcessId = 0;

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(1, machine.WinmgmtRestarts);
        Assert.AreEqual(0, machine.FakeRestartSignal.Raised);
        Assert.IsFalse(run.Output.Contains("RESTART REQUIRED", System.StringComparison.Ordinal), run.Output);
    }

    [TestMethod]
    public void Status_AfterAStagedEnable_ReportsStagedUntilTheComputerRestarts()
    {
        FakeMachine machine = FakeMachine.Create().WithProtectedSecurityCenter();
        CliRun.Of(machine, "enable");

        string staged = CliRun.Of(machine, "status", "--json").Lines.Single();
        machine.Reboot();
        string restarted = CliRun.Of(machine, "status", "--json").Lines.Single();

        StringAssert.Contains(staged, "\"staged\":true");
        StringAssert.Contains(staged, "\"listening\":{\"port\":24158,\"state\":\"notListening\",\"note\":\"Restart pending: TCP 24158 applies after the restart.\"}");
        StringAssert.Contains(restarted, "\"staged\":false");
    }

    [TestMethod]
    public void Status_AfterAStagedEnableAndARestartThatReusedWinmgmtsPid_ReportsNotStaged()
    {
        FakeMachine machine = FakeMachine.Create().WithProtectedSecurityCenter();
        int pid = machine.FakeServices["winmgmt"].ProcessId;
        CliRun.Of(machine, "enable");

        machine.Reboot(samePids: true);
        string json = CliRun.Of(machine, "status", "--json").Lines.Single();

        Assert.AreEqual(pid, machine.FakeServices["winmgmt"].ProcessId, "the same id, a new process");
        StringAssert.Contains(json, "\"staged\":false");
    }

    [TestMethod]
    public void Enable_AfterAStagedEnableAndARestart_ChangesNothingAndDropsTheStagedMark()
    {
        FakeMachine machine = FakeMachine.Create().WithProtectedSecurityCenter();
        CliRun.Of(machine, "enable");
        machine.Reboot();

        CliRun repair = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, repair.ExitCode, repair.Output);
        StringAssert.Contains(repair.Output, "nothing to change, no restart");
        Assert.IsNull(machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "StagedForPid"));
        Assert.AreEqual(1, machine.FakeRestartSignal.Raised, "only the first run signalled");
    }

    [TestMethod]
    public void EnableThenRestore_WithAProtectedDependent_StagesBothAndEndsWithThePriorRegistry()
    {
        FakeMachine machine = FakeMachine.Create().WithProtectedSecurityCenter();
        IReadOnlyList<string> before = machine.Snapshot();
        CliRun.Of(machine, "enable");
        machine.Reboot();

        CliRun restore = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, restore.ExitCode, restore.Output);
        CollectionAssert.Contains(restore.Lines.ToList(), "RESTART REQUIRED: the change takes effect when the computer restarts (signalled to the installer).");
        Assert.AreEqual(2, machine.FakeRestartSignal.Raised);
        Assert.AreEqual(0, machine.FakeServices.Log.Count, "nothing stopped by either command");
        // The registry and the SCM's copy of winmgmt's configuration (what the next start runs) are as before.
        ExpectedState.SnapshotsEqual(
            before.Where(line => !line.StartsWith("running", System.StringComparison.Ordinal)).ToList(),
            machine.Snapshot().Where(line => !line.StartsWith("running", System.StringComparison.Ordinal)).ToList());
    }

    [TestMethod]
    public void Enable_WhatIf_WithAProtectedDependent_SaysItWouldStage()
    {
        FakeMachine machine = FakeMachine.Create().WithProtectedSecurityCenter();

        CliRun run = CliRun.Of(machine, "enable", "--what-if");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        CollectionAssert.Contains(run.Lines.ToList(), "What if: stage the change (cannot stop: wscsvc (protected: stop denied)).");
        Assert.AreEqual(0, machine.FakeRestartSignal.Raised);
    }

    [TestMethod]
    public void Enable_WhenADependentDoesNotAcceptStop_StagesTheChange()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["VendorAgent"].AcceptsStop = false;

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        CollectionAssert.Contains(run.Lines.ToList(), "No restart of winmgmt: cannot stop VendorAgent (does not accept stop).");
        Assert.AreEqual(0, machine.FakeServices.Log.Count);
    }
}
