using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Unit;

[TestClass]
public sealed class MeasurementLogTests
{
    [TestMethod]
    public void Render_WhenSizesFiguresAndBothSamplingsRecorded_WritesTablesInRecordingOrderWithTheSamplingLabelled()
    {
        var log = new MeasurementLog();
        log.AddSize("WmiFixedPort.msi (shipping)", 1_234_567);
        log.Add(new OperationMeasurement("Uninstall", "install", 0, TimeSpan.FromSeconds(12.34), Sampling.ScmOnly,
            new ServiceOutage(120, TimeSpan.FromSeconds(3.25), TimeSpan.FromSeconds(3.25), new RestartCount(1, 1)), null));
        log.Add(new OperationMeasurement("Uninstall", "uninstall", 0, TimeSpan.FromSeconds(8), Sampling.ScmAndWmiClient,
            new ServiceOutage(80, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.5), new RestartCount(1, 0)),
            new WmiAvailability(50, 12, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(2.0), TimeSpan.FromSeconds(0.75))));
        log.AddFigure("Remote WMI: first answer after install", "4.2 s");
        log.AddNote("A note.");

        string[] lines = log.Render("Title").Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');

        CollectionAssert.AreEqual(
            new[]
            {
                "## Title",
                string.Empty,
                "| File | Size |",
                "|---|---:|",
                "| WmiFixedPort.msi (shipping) | 1,234,567 bytes (1205.6 KiB) |",
                string.Empty,
                "| Figure | Value |",
                "|---|---|",
                "| Remote WMI: first answer after install | 4.2 s |",
                string.Empty,
                "| Scenario | Operation | Sampling | Exit code | Wall time | winmgmt restarts | winmgmt stops | winmgmt not running (SCM) | Longest (SCM) | WMI client: unavailable | WMI client: longest outage | WMI client: slowest answer | WMI client: queries (failed) |",
                "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
                "| Uninstall | install | SCM only | 0 | 12.3 s | 1 | 1 | 3.3 s | 3.3 s | — | — | — | — |",
                "| Uninstall | uninstall | SCM + WMI client | 0 | 8.0 s | 1 | 0 | 0.5 s | 0.5 s | 2.5 s | 2.0 s | 0.8 s | 50 (12) |",
                string.Empty,
                "| Scenario | winmgmt restarts (all operations) |",
                "|---|---:|",
                "| Uninstall | 2 |",
                string.Empty,
                "Sampling. \"SCM only\": winmgmt's state and PID from the service control manager (QueryServiceStatusEx) every 100 ms, "
                    + "which never starts winmgmt: \"not running\" is the time winmgmt was not RUNNING on a machine where no WMI client insisted. "
                    + "\"SCM + WMI client\": the same, plus a local `Win32_OperatingSystem` query every 100 ms; a WMI query starts winmgmt on demand, "
                    + "so these rows describe a machine with an aggressive client (its SCM figures are shortened by the client's restarts). "
                    + "A client outage lasts from the first failed query to the end of the next answered one; a query that blocked and then answered "
                    + "counts as a slow answer, not an outage. Restarts: changes of winmgmt's PID; stops: samples going from a PID to none.",
                string.Empty,
                "- A note.",
                string.Empty,
            },
            lines);
    }

    [TestMethod]
    public void Render_WhenNothingRecorded_WritesOnlyTheTitle()
    {
        Assert.AreEqual("## Empty" + Environment.NewLine + Environment.NewLine, new MeasurementLog().Render("Empty"));
    }
}
