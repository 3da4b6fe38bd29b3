using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;
using WmiFixedPort.EndToEnd.Tests.TestInfrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Unit;

[TestClass]
public sealed class WinmgmtRestarterTests
{
    private readonly FakeClock _clock = new();

    [TestMethod]
    public void Restart_WhenNestedDependentsRun_StopsDeepestFirstAndStartsEveryOneAgainInStartOrder()
    {
        FakeServiceControl scm = Machine();

        WinmgmtRestartReport report = Restarter(scm).Restart();

        CollectionAssert.AreEqual(
            new[] { "stop SharedAccessAgent", "stop iphlpsvc", "stop winmgmt", "start winmgmt", "start iphlpsvc", "start SharedAccessAgent" },
            scm.Log);
        CollectionAssert.AreEqual(new[] { "SharedAccessAgent", "iphlpsvc" }, report.DependentsRestarted.ToArray());
        Assert.AreEqual(ServiceState.Running, scm.Query("SharedAccessAgent").State, "The transitive dependent must run again.");
        Assert.AreEqual(ServiceState.Stopped, scm.Query("wscsvc").State, "A dependent that was stopped must stay stopped.");
        Assert.AreNotEqual(report.PidBefore, report.PidAfter);
        Assert.IsFalse(report.ClientRestartedWinmgmt);
    }

    [TestMethod]
    public void Restart_WhenAWmiClientStartsWinmgmtDuringTheStop_TakesTheNewPidAsStoppedAndDoesNotFail()
    {
        FakeServiceControl scm = Machine();
        scm.ClientRestartsWinmgmt = true;

        WinmgmtRestartReport report = Restarter(scm).Restart();

        CollectionAssert.AreEqual(
            new[] { "stop SharedAccessAgent", "stop iphlpsvc", "stop winmgmt", "client starts winmgmt", "start iphlpsvc", "start SharedAccessAgent" },
            scm.Log);
        Assert.IsTrue(report.ClientRestartedWinmgmt);
        Assert.AreEqual(ServiceState.Running, scm.Query("winmgmt").State);
    }

    [TestMethod]
    public void Restart_WhenADependentStartsAgainBeforeWinmgmtStops_StopsItAgainAndRetries()
    {
        FakeServiceControl scm = Machine();
        scm.RestartsOnItsOwnOnce("iphlpsvc");

        Restarter(scm).Restart();

        CollectionAssert.AreEqual(
            new[]
            {
                "stop SharedAccessAgent", "stop iphlpsvc", "iphlpsvc starts on its own", "stop winmgmt",
                "stop iphlpsvc", "stop winmgmt", "start winmgmt", "start iphlpsvc", "start SharedAccessAgent",
            },
            scm.Log);
    }

    [TestMethod]
    public void Restart_WhenWinmgmtNeverStops_FailsNamingItsStateAndStartsNothing()
    {
        FakeServiceControl scm = Machine();
        scm.NeverStops("winmgmt");

        var error = Assert.ThrowsExactly<TimeoutException>(() => Restarter(scm).Restart());

        Assert.AreEqual("winmgmt did not stop within 60 s: state StopPending, PID 1000 (PID before the stop 1000).", error.Message);
        CollectionAssert.AreEqual(new[] { "stop SharedAccessAgent", "stop iphlpsvc", "stop winmgmt" }, scm.Log);
    }

    [TestMethod]
    public void Restart_WhenADependentDoesNotStartAgain_StartsTheOthersThenFailsNamingIt()
    {
        FakeServiceControl scm = Machine();
        scm.NeverStartsAgain("iphlpsvc");

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Restarter(scm).Restart());

        Assert.AreEqual(
            "winmgmt restarted, but dependents that were running did not start again:" + Environment.NewLine
            + "iphlpsvc did not reach Running within 60 s: state Stopped.",
            error.Message);
        Assert.AreEqual("start SharedAccessAgent", scm.Log[^1]);
    }

    [TestMethod]
    public void Restart_WhenWinmgmtIsStopped_OnlyStartsIt()
    {
        var scm = new FakeServiceControl(_clock).Add("winmgmt", running: false);

        WinmgmtRestartReport report = Restarter(scm).Restart();

        CollectionAssert.AreEqual(new[] { "start winmgmt" }, scm.Log);
        Assert.AreEqual(0, report.PidBefore);
        Assert.AreNotEqual(0, report.PidAfter);
    }

    [TestMethod]
    public void FakeServiceControl_WhenStoppingAServiceWithAnActiveDependent_RefusesWith1051AsControlServiceDoes()
    {
        FakeServiceControl scm = Machine();

        var error = Assert.ThrowsExactly<ServiceControlException>(() => scm.RequestStop("winmgmt"));

        Assert.AreEqual(ServiceErrors.DependentServicesRunning, error.ErrorCode);
    }

    /// <summary>winmgmt (PID 1000) &lt;- iphlpsvc (running) &lt;- SharedAccessAgent (running); winmgmt &lt;- wscsvc (stopped).</summary>
    private FakeServiceControl Machine() => new FakeServiceControl(_clock)
        .Add("winmgmt", running: true)
        .Add("iphlpsvc", running: true, "winmgmt")
        .Add("SharedAccessAgent", running: true, "iphlpsvc")
        .Add("wscsvc", running: false, "winmgmt");

    private WinmgmtRestarter Restarter(FakeServiceControl scm) => new(scm, _clock, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(250));
}
