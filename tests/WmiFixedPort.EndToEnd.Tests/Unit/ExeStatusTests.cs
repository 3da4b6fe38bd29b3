using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Unit;

[TestClass]
public sealed class ExeStatusTests
{
    [TestMethod]
    public void Parse_WhenContractExample_ReadsEveryField()
    {
        string json = """{"mode":"standalone","port":24158,"authLevel":5,"recordExists":true,"winmgmt":{"state":"Running","pid":1234}}""";

        Assert.AreEqual(new ExeStatus("standalone", 24158, 5, true, "Running", 1234), ExeStatus.Parse(json));
    }

    [TestMethod]
    public void Parse_WhenPortAndLevelAreNull_ReadsNulls()
    {
        string json = """{"mode":"shared","port":null,"authLevel":null,"recordExists":false,"winmgmt":{"state":"Stopped","pid":0}}""";

        Assert.AreEqual(new ExeStatus("shared", null, null, false, "Stopped", 0), ExeStatus.Parse(json));
    }
}
