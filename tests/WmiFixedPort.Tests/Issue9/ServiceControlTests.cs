using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Issue9;

/// <summary>
/// Issue 9, point 4: waits follow dwCheckPoint/dwWaitHint progress, PAUSED services are handled, and the service
/// control errors 1061, 1052 and 1083 end in a clear message with the machine restored (5 and 1051 at a stop stage the
/// change since issue 16: see Issue16.RunTimeStopRefusalTests).
/// </summary>
[TestClass]
public sealed class ServiceControlTests
{
    [TestMethod]
    public void Enable_WhenADependentStopsSlowlyButReportsProgress_WaitsItOutAndSwitches()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["iphlpsvc"].StopDuration = TimeSpan.FromSeconds(90); // e.g. CcmExec or vmms on a busy server

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        CollectionAssert.Contains(run.Lines.ToList(), "Stopped dependent service iphlpsvc (90.0 s).");
        Assert.AreEqual(1, machine.WinmgmtRestarts);
    }

    [TestMethod]
    public void Enable_WhenWinmgmtStartsSlowlyButReportsProgress_Succeeds()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["winmgmt"].StartDuration = TimeSpan.FromSeconds(60);

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        ExpectedState.Configuration(machine, HostMode.Standalone, 24158, 5);
    }

    [TestMethod]
    public void Enable_WhenADependentIsPaused_StopsItAndStartsItAgainWithAWarning()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["VendorAgent"].State = ServiceState.Paused;

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        CollectionAssert.Contains(run.Lines.ToList(), "WARNING: VendorAgent was paused and now runs (sc.exe pause VendorAgent pauses it again).");
        Assert.AreEqual(ServiceState.Running, machine.FakeServices["VendorAgent"].State);
        Assert.AreEqual(1, machine.WinmgmtRestarts);
    }

    [TestMethod]
    public void Enable_WhenWinmgmtIsPaused_RestartsIt()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["winmgmt"].State = ServiceState.Paused;

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(1, machine.WinmgmtRestarts, "a paused winmgmt still runs the old configuration");
    }

    [TestMethod]
    [DataRow("winmgmt", 1061, "ERROR: Stop winmgmt failed: could not stop service winmgmt: The service cannot accept control messages at this time. (Windows error 1061): the service is busy (starting, stopping or hung); run again later", 0)]
    [DataRow("iphlpsvc", 1061, "ERROR: Stop dependent service iphlpsvc failed: could not stop service iphlpsvc: The service cannot accept control messages at this time. (Windows error 1061): the service is busy (starting, stopping or hung); run again later", 0)]
    public void Enable_WhenAStopFailsWithAWindowsError_ExplainsItAndRestoresTheMachine(string service, int error, string expected, int restarts)
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices[service].NextStopError = error;

        AssertEnableFailsAndRestores(machine, expected, restarts);
    }

    [TestMethod]
    public void Enable_WhenWinmgmtWillNotStartWith1083_ExplainsItAndStartsItWithTheOldConfiguration()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices["winmgmt"].NextStartError = 1083;

        AssertEnableFailsAndRestores(
            machine,
            "ERROR: Start winmgmt failed: could not start service winmgmt: The executable program that this service is configured to run in does not implement the service. (Windows error 1083): "
            + "its svchost group does not host it (a '-p' ImagePath where svchost is not split?)",
            expectedRestarts: 1);
    }

    private static void AssertEnableFailsAndRestores(FakeMachine machine, string expectedError, int expectedRestarts)
    {
        IReadOnlyList<string> before = machine.Snapshot();

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        CollectionAssert.Contains(run.Lines.ToList(), expectedError, run.Output);
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
        Assert.AreEqual(expectedRestarts, machine.WinmgmtRestarts);
    }
}
