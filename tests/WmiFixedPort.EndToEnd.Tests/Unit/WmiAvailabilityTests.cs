using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Unit;

[TestClass]
public sealed class WmiAvailabilityTests
{
    [TestMethod]
    public void Summarize_WhenEveryQueryAnswers_ReportsNoOutageAndTheSlowestAnswer()
    {
        var samples = new[] { Sample(0, 20, true), Sample(100, 150, true), Sample(200, 210, true) };

        Assert.AreEqual(new WmiAvailability(3, 0, TimeSpan.Zero, TimeSpan.Zero, Ms(50)), WmiAvailability.Summarize(samples, 0, Ticks(1000)));
    }

    [TestMethod]
    public void Summarize_WhenQueriesFailThenAnswer_OutageRunsFromFirstFailureToTheEndOfTheAnswer()
    {
        var samples = new[]
        {
            Sample(0, 10, true),
            Sample(100, 110, false), Sample(200, 230, false),
            Sample(300, 1300, true),
            Sample(1400, 1410, false),
            Sample(1500, 1520, true),
        };

        WmiAvailability summary = WmiAvailability.Summarize(samples, 0, Ticks(2000));

        Assert.AreEqual(new WmiAvailability(6, 3, Ms(1200 + 120), Ms(1200), Ms(1000)), summary);
    }

    [TestMethod]
    public void Summarize_WhenStillFailingAtTheEnd_ClosesTheOutageAtTheLastFailure()
    {
        var samples = new[] { Sample(0, 10, true), Sample(100, 110, false), Sample(200, 260, false) };

        Assert.AreEqual(Ms(160), WmiAvailability.Summarize(samples, 0, Ticks(1000)).Unavailable);
    }

    [TestMethod]
    public void Summarize_WhenSamplesStartOutsideTheWindow_IgnoresThem()
    {
        var samples = new[] { Sample(0, 10, false), Sample(100, 110, true), Sample(5000, 5010, false) };

        Assert.AreEqual(new WmiAvailability(1, 0, TimeSpan.Zero, TimeSpan.Zero, Ms(10)), WmiAvailability.Summarize(samples, Ticks(50), Ticks(1000)));
    }

    private static WmiSample Sample(int startMs, int endMs, bool ok) => new(Ticks(startMs), Ticks(endMs), ok);

    private static long Ticks(int ms) => TimeSpan.FromMilliseconds(ms).Ticks;

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);
}
