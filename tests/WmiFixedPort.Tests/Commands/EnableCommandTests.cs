using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Commands;

[TestClass]
public sealed class EnableCommandTests
{
    [TestMethod]
    public void Enable_OnStockSharedHost_SwitchesToStandaloneWithOneRestart()
    {
        FakeMachine machine = FakeMachine.Create();
        var runningBefore = machine.FakeServices.RunningServices();

        CliRun run = CliRun.Of(machine, "enable", "--port", "24158", "--auth-level", "5");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        ExpectedState.Configuration(machine, HostMode.Standalone, 24158, 5);
        CollectionAssert.AreEqual(new[] { "/standalonehost 5" }, machine.FakeWinmgmt.Runs.ToList());
        Assert.AreEqual(1, machine.WinmgmtRestarts);
        CollectionAssert.AreEqual(runningBefore.ToList(), machine.FakeServices.RunningServices().ToList());
        CollectionAssert.AreEqual(
            new[]
            {
                "stop VendorAgent", "stopped VendorAgent", "stop NcaSvc", "stopped NcaSvc", "stop iphlpsvc", "stopped iphlpsvc",
                "stop winmgmt", "stopped winmgmt", "start winmgmt", "running winmgmt",
                "start iphlpsvc", "running iphlpsvc", "start NcaSvc", "running NcaSvc", "start VendorAgent", "running VendorAgent",
            },
            ExpectedState.ServiceLog(machine).ToList());
        Assert.AreEqual(0, machine.FakeServices.StartsOf("CcmExec"), "a dependent that was stopped stays stopped");
    }

    [TestMethod]
    public void Enable_OnStockSharedHost_RecordsThePriorStateBeforeAnyChange()
    {
        FakeMachine machine = FakeMachine.Create();

        CliRun.Of(machine, "enable");

        var writes = machine.FakeRegistry.Writes.ToList();
        int lastRecordWrite = writes.FindLastIndex(w => w.Contains(RegistryLocations.StateKey, System.StringComparison.Ordinal));
        int firstHostWrite = writes.FindIndex(w => !w.Contains(RegistryLocations.ProductKey, System.StringComparison.Ordinal));
        Assert.IsTrue(lastRecordWrite >= 0 && firstHostWrite > lastRecordWrite, string.Join("\n", writes));
        Assert.AreEqual(@"set HKLM\SOFTWARE\WmiFixedPort\State\FormatVersion = REG_DWORD 2", writes[lastRecordWrite], "FormatVersion marks the record complete, so it comes last");
    }

    [TestMethod]
    public void Enable_Twice_SecondRunChangesNothingAndDoesNotRestart()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable", "--port", "24158", "--auth-level", "5");
        var afterFirst = machine.Snapshot();
        int writesAfterFirst = machine.FakeRegistry.Writes.Count;

        CliRun second = CliRun.Of(machine, "enable", "--port", "24158", "--auth-level", "5");

        Assert.AreEqual(0, second.ExitCode, second.Output);
        Assert.AreEqual(1, machine.WinmgmtRestarts);
        Assert.AreEqual(writesAfterFirst, machine.FakeRegistry.Writes.Count, "no registry write");
        Assert.AreEqual(1, machine.FakeWinmgmt.Runs.Count, "winmgmt.exe not run again");
        ExpectedState.SnapshotsEqual(afterFirst, machine.Snapshot());
        StringAssert.Contains(second.Output, "nothing to change, no restart");
    }

    [TestMethod]
    public void Enable_WithAnotherPort_WritesTheEndpointAndRestartsOnce()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable", "--port", "24158", "--auth-level", "5");

        CliRun run = CliRun.Of(machine, "enable", "--port", "24200", "--auth-level", "5");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(2, machine.WinmgmtRestarts, "one restart for the port change");
        Assert.AreEqual(1, machine.FakeWinmgmt.Runs.Count, "the host is already standalone with level 5");
        Assert.AreEqual(
            "REG_MULTI_SZ ncacn_ip_tcp,0,24200",
            ExpectedState.Value(machine, RegistryLocations.DcomAppIdKey, RegistryLocations.EndpointsValue)?.ToString());
        ExpectedState.Configuration(machine, HostMode.Standalone, 24200, 5);
    }

    [TestMethod]
    public void Enable_FirstRunWithNonDefaultPort_RestartsOnlyOnce()
    {
        FakeMachine machine = FakeMachine.Create();

        CliRun run = CliRun.Of(machine, "enable", "--port", "24200", "--auth-level", "6");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(1, machine.WinmgmtRestarts);
        ExpectedState.Configuration(machine, HostMode.Standalone, 24200, 6);
    }

    [TestMethod]
    public void Enable_WithAnotherAuthLevel_RunsStandaloneHostAgainAndRestartsOnce()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable", "--auth-level", "5");

        CliRun run = CliRun.Of(machine, "enable", "--auth-level", "6");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        CollectionAssert.AreEqual(new[] { "/standalonehost 5", "/standalonehost 6" }, machine.FakeWinmgmt.Runs.ToList());
        Assert.AreEqual(2, machine.WinmgmtRestarts);
        ExpectedState.Configuration(machine, HostMode.Standalone, 24158, 6);
    }

    [TestMethod]
    public void Enable_WhenHostWasStandaloneWithTheSameValues_RecordsItWithoutRestart()
    {
        FakeMachine machine = FakeMachine.Create().WithStandaloneHost(5);
        var before = machine.Snapshot();

        CliRun run = CliRun.Of(machine, "enable", "--port", "24158", "--auth-level", "5");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(0, machine.WinmgmtRestarts);
        Assert.IsTrue(machine.FakeRegistry.KeyExists(RegistryLocations.StateKey), "the prior state is recorded");
        ExpectedState.SnapshotsEqual(before, machine.Snapshot().Where(line => !line.Contains(RegistryLocations.ProductKey, System.StringComparison.Ordinal)).ToList());
    }

    [TestMethod]
    public void Enable_WhatIf_PrintsThePlanAndChangesNothing()
    {
        FakeMachine machine = FakeMachine.Create();
        var before = machine.Snapshot();

        CliRun run = CliRun.Of(machine, "enable", "--port", "24200", "--what-if");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
        Assert.AreEqual(0, machine.FakeWinmgmt.Runs.Count);
        Assert.AreEqual(0, machine.FakeServices.Log.Count);
        CollectionAssert.AreEqual(
            new[]
            {
                @"What if: record the prior state under HKLM\SOFTWARE\WmiFixedPort\State.",
                "What if: run winmgmt.exe /standalonehost 5.",
                @"What if: set HKLM\SOFTWARE\Classes\AppID\{8BC3F05E-D86B-11D0-A075-00C04FB68820}\Endpoints = REG_MULTI_SZ ncacn_ip_tcp,0,24200.",
                "What if: restart winmgmt and the running services that depend on it.",
            },
            run.Lines.Where(line => line.StartsWith("What if:", System.StringComparison.Ordinal)).ToList());
    }

    [TestMethod]
    public void Enable_WhenImagePathIsUnrecognised_RefusesWithExitCode3AndChangesNothing()
    {
        FakeMachine machine = FakeMachine.Create()
            .WithValue(RegistryLocations.ServiceKey, RegistryLocations.ImagePathValue, RegValue.ExpandString(@"%systemroot%\system32\svchost.exe -k LocalSystemNetworkRestricted"));
        var before = machine.Snapshot();

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(3, run.ExitCode);
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
        StringAssert.Contains(run.Output, "names neither '-k netsvcs' nor '-k winmgmt'");
    }

    [TestMethod]
    public void Enable_WhenADependentRestartsOnlyOnRetry_SucceedsWithoutWarning()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["NcaSvc"].FailingStarts = 1;

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.IsFalse(run.Output.Contains("WARNING", System.StringComparison.Ordinal), run.Output);
        CollectionAssert.Contains(machine.FakeServices.RunningServices().ToList(), "NcaSvc");
    }

    [TestMethod]
    public void Enable_WhenADependentStartsOnlyOnTheThirdAttempt_RunsAndSucceedsWithoutError()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["NcaSvc"].FailingStarts = 2;

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        CollectionAssert.Contains(run.Lines.ToList(), "Started dependent service NcaSvc (third attempt).", run.Output);
        CollectionAssert.Contains(machine.FakeServices.RunningServices().ToList(), "NcaSvc");
        Assert.AreEqual(EventKind.Information, machine.FakeEventLog.Events.Single().Key);
    }

    [TestMethod]
    public void Enable_WhenNoDependentIsRunning_RestartsOnlyWinmgmt()
    {
        FakeMachine machine = FakeMachine.Create();
        foreach (string name in new[] { "VendorAgent", "NcaSvc", "iphlpsvc" })
        {
            machine.FakeServices[name].State = ServiceState.Stopped;
            machine.FakeServices[name].ProcessId = 0;
        }

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        CollectionAssert.AreEqual(
            new[] { "stop winmgmt", "stopped winmgmt", "start winmgmt", "running winmgmt" },
            ExpectedState.ServiceLog(machine).ToList());
    }

    [TestMethod]
    public void Enable_WhenAWmiClientStartsWinmgmtDuringTheStop_CountsThatAsTheRestart()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["winmgmt"].RestartedOnDemand = true;

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(1, machine.WinmgmtRestarts);
        StringAssert.Contains(run.Output, "a WMI client started it again at once");
        CollectionAssert.AreEqual(FakeMachineRunning(), machine.FakeServices.RunningServices().ToList());
    }

    [TestMethod]
    public void Enable_WhenWinmgmtIsNotRunning_ChangesTheConfigurationWithoutStartingIt()
    {
        FakeMachine machine = FakeMachine.Create();
        foreach (string name in new[] { "VendorAgent", "NcaSvc", "iphlpsvc", "winmgmt" })
        {
            machine.FakeServices[name].State = ServiceState.Stopped;
            machine.FakeServices[name].ProcessId = 0;
        }

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(0, machine.WinmgmtRestarts);
        ExpectedState.Configuration(machine, HostMode.Standalone, 24158, 5);
        StringAssert.Contains(run.Output, "winmgmt is not running");
    }

    [TestMethod]
    public void Enable_EveryStep_PrintsOneLineAndWritesOneEvent()
    {
        FakeMachine machine = FakeMachine.Create();

        CliRun run = CliRun.Of(machine, "enable");

        CollectionAssert.AreEqual(
            new[]
            {
                "WmiFixedPort enable: target standalone on port 24158 with auth level 5 (PKT_INTEGRITY).",
                "Current: mode shared, port dynamic, auth level none.",
                @"Recorded the prior state (mode shared, port dynamic, auth level none) under HKLM\SOFTWARE\WmiFixedPort\State.",
                "Run winmgmt.exe /standalonehost 5: exit code 0 (it said: Service successfully moved.).",
                "Running services that depend on winmgmt: iphlpsvc, NcaSvc, VendorAgent.",
                "Stopped dependent service VendorAgent (1.0 s).",
                "Stopped dependent service NcaSvc (1.0 s).",
                "Stopped dependent service iphlpsvc (1.0 s).",
                "Stopped winmgmt (1.0 s).",
            },
            run.Lines.Take(9).ToList());
        StringAssert.StartsWith(run.Lines[9], "Started winmgmt, PID ");
        CollectionAssert.AreEqual(
            new[]
            {
                "WMI was unavailable for 2.0 s (winmgmt stopped to running again).",
                "Started dependent service iphlpsvc.",
                "Started dependent service NcaSvc.",
                "Started dependent service VendorAgent.",
                "Done: winmgmt runs standalone on port 24158 with auth level 5 (PKT_INTEGRITY).",
            },
            run.Lines.Skip(10).ToList());
        Assert.AreEqual(1, machine.FakeEventLog.Events.Count);
        Assert.AreEqual(EventKind.Information, machine.FakeEventLog.Events[0].Key);
        Assert.AreEqual(string.Join("\r\n", run.Lines), machine.FakeEventLog.Events[0].Value);
    }

    [TestMethod]
    public void Enable_WhenTheEventLogIsUnavailable_SaysSoAndStillSucceeds()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeEventLog.Available = false;

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode);
        StringAssert.StartsWith(run.Lines[run.Lines.Count - 1], "Note: could not write to the Application event log");
    }

    private static string[] FakeMachineRunning() => new[] { "iphlpsvc", "NcaSvc", "RpcSs", "VendorAgent", "winmgmt" };
}
