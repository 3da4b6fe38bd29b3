using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Machine;
using WmiFixedPort.Restart;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Issue16;

/// <summary>
/// Issue 16, point 3: a start that falls back to STOPPED fails at once with the service's own reason
/// (SERVICE_STATUS dwWin32ExitCode, dwServiceSpecificExitCode when that is 1066) instead of waiting out the
/// no-progress limit; the advice for error 5 does not promise that a restart applies a change.
/// </summary>
[TestClass]
public sealed class StartFailureTests
{
    [TestMethod]
    public void Enable_WhenWinmgmtStopsAgainWhileStarting_FailsAtOnceWithItsExitCodeAndRestores()
    {
        FakeMachine machine = FakeMachine.Create();
        IReadOnlyList<string> before = machine.Snapshot();
        machine.FakeServices["winmgmt"].StartsThatStopAgain = 1;

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        CollectionAssert.Contains(run.Lines.ToList(), "ERROR: Start winmgmt failed: it stopped again while starting: Windows error 1067 (the process terminated unexpectedly)", run.Output);
        Assert.IsTrue(machine.Clock.Elapsed < TimeSpan.FromSeconds(30), "no wait for the no-progress limit: " + machine.Clock.Elapsed);
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
    }

    [TestMethod]
    public void Enable_WhenADependentStopsAgainWithAServiceSpecificCode_NamesThatCode()
    {
        FakeMachine machine = FakeMachine.Create();
        FakeService agent = machine.FakeServices["VendorAgent"];
        agent.StartsThatStopAgain = 3;
        agent.ExitCode = ServiceExitCode.ServiceSpecificError;
        agent.ServiceSpecificExitCode = 42;

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "ERROR: Dependent service VendorAgent was running before and does not run again (tried 3 times): it stopped again while starting: service-specific error 42 (0x0000002A; Windows error 1066)");
        Assert.IsTrue(machine.Clock.Elapsed < TimeSpan.FromSeconds(60), machine.Clock.Elapsed.ToString());
    }

    [TestMethod]
    public void Explain_AccessDenied_DoesNotSayARestartAppliesTheChange()
    {
        string text = ServiceErrors.Explain(new WindowsOperationException("could not start service x: Access is denied. (Windows error 5)", 5), "x");

        Assert.IsFalse(text.Contains("restart", StringComparison.OrdinalIgnoreCase), text);
        StringAssert.Contains(text, "access denied");
    }

    [TestMethod]
    public void FakeScm_StartThatStopsAgain_ReportsTheExitCodesInTheStatus()
    {
        FakeMachine machine = FakeMachine.Create();
        FakeService agent = machine.FakeServices["CcmExec"];
        agent.StartsThatStopAgain = 1;
        agent.ExitCode = 1066;
        agent.ServiceSpecificExitCode = 7;

        machine.FakeServices.Start("CcmExec");
        Assert.AreEqual(ServiceState.StartPending, machine.FakeServices.Query("CcmExec").State);
        machine.Clock.Advance(TimeSpan.FromSeconds(2));
        ServiceStatus status = machine.FakeServices.Query("CcmExec");

        Assert.AreEqual(ServiceState.Stopped, status.State);
        Assert.AreEqual(1066, status.Win32ExitCode);
        Assert.AreEqual(7, status.ServiceSpecificExitCode);
    }
}
