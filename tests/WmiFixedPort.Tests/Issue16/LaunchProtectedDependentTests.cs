using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Restart;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Issue16;

/// <summary>
/// Issue 16, point 1: a launch-protected dependent (an antimalware or EDR agent whose DACL lets SYSTEM open it for
/// stop, but which refuses ControlService(Ex) to unprotected callers) stages the change instead of failing the install:
/// seen by the preflight through QueryServiceConfig2(SERVICE_CONFIG_LAUNCH_PROTECTED), or, when the preflight could
/// not see it, met at run time as a refused stop (5, or 1051 at winmgmt's stop), after which the dependents already
/// stopped run again, the change stays written and the restart is signalled.
/// </summary>
[TestClass]
public sealed class LaunchProtectedDependentTests
{
    [TestMethod]
    public void Enable_WhenALaunchProtectedDependentRuns_PreflightStagesWithoutStoppingAnything()
    {
        FakeMachine machine = WithEdrAgent(hidden: false);
        int pid = machine.FakeServices["winmgmt"].ProcessId;

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(0, machine.FakeServices.Log.Count, "nothing stopped: " + string.Join(", ", machine.FakeServices.Log));
        ExpectedState.Configuration(machine, HostMode.Standalone, 24158, 5);
        Assert.AreEqual(1, machine.FakeRestartSignal.Raised);
        CollectionAssert.Contains(run.Lines.ToList(), "No restart of winmgmt: cannot stop EdrAgent (launch-protected, level 3: stop refused to unprotected processes).", run.Output);
        Assert.AreEqual("REG_DWORD " + pid, machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "StagedForPid")?.ToString());
    }

    [TestMethod]
    public void Enable_WhenADependentRefusesTheStopWith5AtRunTime_StartsWhatItStoppedAndStages()
    {
        FakeMachine machine = WithEdrAgent(hidden: true);
        IReadOnlyList<string> runningBefore = machine.FakeServices.RunningServices();
        int pid = machine.FakeServices["winmgmt"].ProcessId;

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        CollectionAssert.AreEqual(runningBefore.ToList(), machine.FakeServices.RunningServices().ToList(), "every service that ran runs again");
        Assert.AreEqual(pid, machine.FakeServices["winmgmt"].ProcessId, "winmgmt was not stopped");
        Assert.AreEqual(0, machine.WinmgmtRestarts);
        ExpectedState.Configuration(machine, HostMode.Standalone, 24158, 5);
        Assert.AreEqual(1, machine.FakeRestartSignal.Raised);
        Assert.AreEqual("REG_DWORD " + pid, machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "StagedForPid")?.ToString());
        StringAssert.Contains(run.Output, "EdrAgent refused the stop: could not stop service EdrAgent: Access is denied. (Windows error 5)");
        StringAssert.Contains(run.Output, "RESTART REQUIRED: the change takes effect when the computer restarts");
        StringAssert.Contains(CliRun.Of(machine, "status", "--json").Lines.Single(), "\"staged\":true");
    }

    [TestMethod]
    public void Enable_WhenAProtectedDependentStartsDuringTheRestart_Winmgmts1051StagesTheChange()
    {
        FakeMachine machine = FakeMachine.Create();
        int pid = machine.FakeServices["winmgmt"].ProcessId;
        machine.FakeServices.BeforeNextStop = () => machine.FakeServices.Add("EdrAgent", running: true, "winmgmt").LaunchProtected = 3;

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "winmgmt refused the stop: could not stop service winmgmt: A stop control has been sent to a service that other running services are dependent on. (Windows error 1051)");
        Assert.AreEqual(pid, machine.FakeServices["winmgmt"].ProcessId);
        CollectionAssert.IsSubsetOf(new[] { "iphlpsvc", "NcaSvc", "VendorAgent", "EdrAgent" }, machine.FakeServices.RunningServices().ToList());
        ExpectedState.Configuration(machine, HostMode.Standalone, 24158, 5);
        Assert.AreEqual(1, machine.FakeRestartSignal.Raised);
    }

    [TestMethod]
    public void Restore_WhenADependentRefusesTheStopAtRunTime_StagesAndDeletesTheRecord()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        machine.FakeServices.Add("EdrAgent", running: true, "winmgmt");
        machine.FakeServices["EdrAgent"].LaunchProtected = 3;
        machine.FakeServices["EdrAgent"].HidesLaunchProtection = true;

        CliRun run = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        ExpectedState.Configuration(machine, HostMode.Shared, null, null);
        Assert.IsFalse(machine.FakeRegistry.KeyExists(RegistryLocations.StateKey));
        Assert.AreEqual(1, machine.FakeRestartSignal.Raised);
        CollectionAssert.IsSubsetOf(new[] { "iphlpsvc", "NcaSvc", "VendorAgent", "EdrAgent", "winmgmt" }, machine.FakeServices.RunningServices().ToList());
    }

    [TestMethod]
    public void Enable_WhenTheLaunchProtectedDependentIsStopped_RestartsNormally()
    {
        FakeMachine machine = WithEdrAgent(hidden: false);
        machine.FakeServices["EdrAgent"].State = ServiceState.Stopped;
        machine.FakeServices["EdrAgent"].ProcessId = 0;

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(1, machine.WinmgmtRestarts);
        Assert.AreEqual(0, machine.FakeRestartSignal.Raised);
    }

    [TestMethod]
    public void Enable_EveryStop_CarriesThePlannedReconfigurationReason()
    {
        FakeMachine machine = FakeMachine.Create();

        CliRun.Of(machine, "enable");

        List<int> reasons = machine.FakeServices.All.SelectMany(service => service.StopReasons).ToList();
        Assert.AreEqual(4, reasons.Count, "iphlpsvc, NcaSvc, VendorAgent, winmgmt");
        Assert.IsTrue(reasons.All(reason => reason == 0x40040005), string.Join(", ", reasons.Select(r => r.ToString("X8", System.Globalization.CultureInfo.InvariantCulture))));
    }

    [TestMethod]
    public void FakeScm_LaunchProtectedService_OpensForStopButRefusesTheControlAndAnInvalidReasonIs87()
    {
        // The fake's model (SERVICE_LAUNCH_PROTECTED_INFO remarks; ControlServiceExW / SERVICE_CONTROL_STATUS_REASON_PARAMSW).
        FakeMachine machine = WithEdrAgent(hidden: false);

        Assert.IsTrue(machine.FakeServices.CanStop("EdrAgent"));
        Assert.AreEqual(3, machine.FakeServices.LaunchProtection("EdrAgent"));
        Assert.AreEqual(5, Assert.ThrowsExactly<WindowsOperationException>(() => machine.FakeServices.Stop("EdrAgent", StopReason.PlannedReconfiguration)).ErrorCode);
        Assert.AreEqual(87, Assert.ThrowsExactly<WindowsOperationException>(() => machine.FakeServices.Stop("VendorAgent", StopReason.MinorReconfig)).ErrorCode);
        Assert.AreEqual(0x40040005, StopReason.PlannedReconfiguration);
    }

    private static FakeMachine WithEdrAgent(bool hidden)
    {
        FakeMachine machine = FakeMachine.Create();
        FakeService edr = machine.FakeServices.Add("EdrAgent", running: true, "winmgmt");
        edr.LaunchProtected = 3; // SERVICE_LAUNCH_PROTECTED_ANTIMALWARE_LIGHT
        edr.HidesLaunchProtection = hidden;
        return machine;
    }
}
