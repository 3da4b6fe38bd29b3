using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Unit;

[TestClass]
public sealed class PowerShellJsonTests
{
    private const string WmiRuleJson =
        """{"DisplayName":"WmiFixedPort - WMI (TCP-In)","Group":"WmiFixedPort","Enabled":"True","Direction":"Inbound","Action":"Allow","Profile":"Domain, Private","Protocol":"TCP","LocalPort":["24158"],"RemoteAddress":["Any"],"Service":"winmgmt","Program":"%SystemRoot%\\system32\\svchost.exe"}""";

    [TestMethod]
    public void ParseFirewallRules_WhenArrayOfRules_ReadsEveryField()
    {
        var rules = PowerShellJson.ParseFirewallRules("[" + WmiRuleJson + "]");

        Assert.HasCount(1, rules);
        Assert.AreEqual(Snapshots.WmiRule().Render(), rules[0].Render());
    }

    [TestMethod]
    public void ParseFirewallRules_WhenSingleObjectInsteadOfArray_ReadsTheRule()
    {
        var rules = PowerShellJson.ParseFirewallRules(WmiRuleJson);

        Assert.AreEqual(Snapshots.WmiRule().Render(), rules[0].Render());
    }

    [TestMethod]
    public void ParseFirewallRules_WhenListsComeAsBareStringsOrValueWrappers_ReadsThemAsLists()
    {
        string json = """{"DisplayName":"r","LocalPort":"135","RemoteAddress":{"value":["10.0.0.0/8","LocalSubnet"],"Count":2}}""";

        var rule = PowerShellJson.ParseFirewallRules(json)[0];

        CollectionAssert.AreEqual(new[] { "135" }, rule.LocalPorts.ToArray());
        CollectionAssert.AreEqual(new[] { "10.0.0.0/8", "LocalSubnet" }, rule.RemoteAddresses.ToArray());
        Assert.AreEqual(string.Empty, rule.Service);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("[]")]
    [DataRow("null")]
    [DataRow("{\"value\":[],\"Count\":0}")]
    public void ParseFirewallRules_WhenNothingMatched_ReturnsNoRule(string json)
    {
        Assert.IsEmpty(PowerShellJson.ParseFirewallRules(json));
    }

    [TestMethod]
    [DataRow("[1234,1234]", new[] { 1234, 1234 })]
    [DataRow("1234", new[] { 1234 })]
    [DataRow("[\"88\"]", new[] { 88 })]
    [DataRow("[]", new int[0])]
    public void ParseIntegers_WhenPowerShellShapesVary_ReadsAllNumbers(string json, int[] expected)
    {
        CollectionAssert.AreEqual(expected, PowerShellJson.ParseIntegers(json).ToArray());
    }
}
