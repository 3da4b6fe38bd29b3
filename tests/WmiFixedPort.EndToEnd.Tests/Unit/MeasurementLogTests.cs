using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Unit;

[TestClass]
public sealed class MeasurementLogTests
{
    [TestMethod]
    public void Render_WhenSizesAndOperationsRecorded_WritesTablesInRecordingOrder()
    {
        var log = new MeasurementLog();
        log.AddSize("WmiFixedPort.msi (shipping)", 1_234_567);
        log.Add(new OperationMeasurement("Uninstall", "install", 0, TimeSpan.FromSeconds(12.34), new RestartCount(1, 1),
            new WmiAvailability(80, 12, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(2.0), TimeSpan.FromSeconds(0.75))));
        log.Add(new OperationMeasurement("Uninstall", "uninstall", 0, TimeSpan.FromSeconds(8), new RestartCount(1, 0),
            new WmiAvailability(50, 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(0.04))));
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
                "| Scenario | Operation | Exit code | Wall time | winmgmt restarts | winmgmt stops | WMI unavailable | Longest outage | Slowest answer | Queries (failed) |",
                "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
                "| Uninstall | install | 0 | 12.3 s | 1 | 1 | 2.5 s | 2.0 s | 0.8 s | 80 (12) |",
                "| Uninstall | uninstall | 0 | 8.0 s | 1 | 0 | 0.0 s | 0.0 s | 0.0 s | 50 (0) |",
                string.Empty,
                "| Scenario | winmgmt restarts (all operations) |",
                "|---|---:|",
                "| Uninstall | 2 |",
                string.Empty,
                "WMI availability: a local `Win32_OperatingSystem` query every 100 ms during each operation. "
                    + "An outage lasts from the first failed query to the end of the next answered one; "
                    + "a query that blocked and then answered counts as a slow answer, not an outage. "
                    + "Restarts: changes of winmgmt's PID, sampled every 100 ms.",
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
