using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Unit;

[TestClass]
public sealed class RestartCountTests
{
    [TestMethod]
    [DataRow(new[] { 100, 100, 100 }, 0, 0)]
    [DataRow(new[] { 100, 100, 0, 0, 200, 200 }, 1, 1)]
    [DataRow(new[] { 100, 200 }, 1, 0)]
    [DataRow(new[] { 100, 0, 200, 0, 0, 300 }, 2, 2)]
    [DataRow(new[] { 0, 0, 100 }, 0, 0)]
    [DataRow(new[] { 100, 0 }, 0, 1)]
    [DataRow(new[] { 100, 200, 200, 300, 300 }, 2, 0)]
    [DataRow(new int[0], 0, 0)]
    public void FromPids_WhenSequenceGiven_CountsPidChangesAndStops(int[] pids, int restarts, int stops)
    {
        Assert.AreEqual(new RestartCount(restarts, stops), RestartCount.FromPids(pids));
    }

    [TestMethod]
    public void Timeline_WhenPidsRepeat_FoldsRepeats()
    {
        Assert.AreEqual("100 -> 0 -> 200", RestartCount.Timeline(new[] { 100, 100, 0, 0, 0, 200, 200 }));
    }
}
