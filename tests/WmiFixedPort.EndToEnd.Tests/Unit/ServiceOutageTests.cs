using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Unit;

[TestClass]
public sealed class ServiceOutageTests
{
    [TestMethod]
    public void Summarize_WhenWinmgmtStopsAndStartsOnce_CountsTheNotRunningTimeOneRestartAndOneStop()
    {
        var samples = new[]
        {
            Sample(0, ServiceState.Running, 100),
            Sample(100, ServiceState.StopPending, 100),
            Sample(200, ServiceState.Stopped, 0),
            Sample(300, ServiceState.StartPending, 200),
            Sample(400, ServiceState.Running, 200),
            Sample(500, ServiceState.Running, 200),
        };

        Assert.AreEqual(
            new ServiceOutage(6, Ms(300), Ms(300), new RestartCount(1, 1)),
            ServiceOutage.Summarize(samples, 0, Ticks(500)));
    }

    [TestMethod]
    public void Summarize_WhenTwoOutages_AddsThemAndKeepsTheLongest()
    {
        var samples = new[]
        {
            Sample(0, ServiceState.Running, 100), Sample(100, ServiceState.Stopped, 0), Sample(200, ServiceState.Running, 200),
            Sample(300, ServiceState.Stopped, 0), Sample(400, ServiceState.Stopped, 0), Sample(700, ServiceState.Running, 300),
        };

        ServiceOutage outage = ServiceOutage.Summarize(samples, 0, Ticks(800));

        Assert.AreEqual(Ms(100 + 400), outage.NotRunning);
        Assert.AreEqual(Ms(400), outage.LongestNotRunning);
        Assert.AreEqual(new RestartCount(2, 2), outage.Restarts);
    }

    [TestMethod]
    public void Summarize_WhenStillStoppedAtTheEnd_ClosesTheOutageAtTheEndOfTheWindow()
    {
        var samples = new[] { Sample(0, ServiceState.Running, 100), Sample(100, ServiceState.Stopped, 0) };

        Assert.AreEqual(Ms(900), ServiceOutage.Summarize(samples, 0, Ticks(1000)).NotRunning);
    }

    [TestMethod]
    public void Summarize_WhenANewPidAppearsWithoutAStoppedSample_CountsARestartAndNoOutage()
    {
        var samples = new[] { Sample(0, ServiceState.Running, 100), Sample(100, ServiceState.Running, 200) };

        Assert.AreEqual(new ServiceOutage(2, TimeSpan.Zero, TimeSpan.Zero, new RestartCount(1, 0)), ServiceOutage.Summarize(samples, 0, Ticks(100)));
    }

    private static ServiceSample Sample(int ms, ServiceState state, int pid) => new(Ticks(ms), state, pid);

    private static long Ticks(int ms) => TimeSpan.FromMilliseconds(ms).Ticks;

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);
}
