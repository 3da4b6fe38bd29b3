using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Unit;

[TestClass]
public sealed class ExeStatusTests
{
    private const string Contract =
        """{"mode":"standalone","port":24158,"authLevel":5,"recordExists":true,"staged":false,"winmgmt":{"state":"Running","pid":1234}"""
        + ""","listening":{"port":24158,"state":"notListening","note":"COM opens the endpoint on the first remote DCOM call."}"""
        + ""","settings":[{"name":"WMIPORT","inForce":"24158","remembered":"24158","policy":null,"drift":false},"""
        + """{"name":"FIREWALL","inForce":null,"remembered":"1","policy":"0","drift":true}],"drift":true}""";

    [TestMethod]
    public void Parse_WhenContractExample_ReadsEveryField()
    {
        ExeStatusReport report = ExeStatusReport.Parse(Contract);

        Assert.AreEqual(new ExeStatus("standalone", 24158, 5, true, false, "Running", 1234, true), report.Status);
        Assert.AreEqual(new ListeningStatus(24158, "notListening", "COM opens the endpoint on the first remote DCOM call."), report.Listening);
        Assert.AreEqual(new SettingStatus("WMIPORT", "24158", "24158", null, false), report.Settings[0]);
        Assert.AreEqual(new SettingStatus("FIREWALL", null, "1", "0", true), report.Setting("FIREWALL"));
    }

    [TestMethod]
    public void Parse_WhenPortAndLevelAreNull_ReadsNulls()
    {
        string json = """{"mode":"shared","port":null,"authLevel":null,"recordExists":false,"staged":false,"winmgmt":{"state":"Stopped","pid":0},"listening":{"port":null,"state":"notApplicable","note":""},"settings":[],"drift":false}""";

        Assert.AreEqual(new ExeStatus("shared", null, null, false, false, "Stopped", 0, false), ExeStatusReport.Parse(json).Status);
    }

    [TestMethod]
    public void Parse_WhenAFieldOfTheContractIsMissing_FailsNamingItAndTheLine()
    {
        string json = """{"mode":"standalone","port":24158,"authLevel":5,"recordExists":true,"winmgmt":{"state":"Running","pid":1}}""";

        var error = Assert.ThrowsExactly<InvalidDataException>(() => ExeStatusReport.Parse(json));

        Assert.AreEqual("WmiFixedPort.exe status --json does not follow the contract (no \"listening\"): " + json, error.Message);
    }

    [TestMethod]
    public void Parse_WhenTheListeningStateIsNotOneOfTheContract_FailsNamingTheAllowedOnes()
    {
        string json = Contract.Replace("\"notListening\"", "\"open\"", System.StringComparison.Ordinal);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => ExeStatusReport.Parse(json));

        StringAssert.Contains(error.Message, "\"listening.state\" is \"open\"; the contract allows listening, notListening, notApplicable, unknown.");
    }
}
