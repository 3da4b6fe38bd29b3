using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Unit;

[TestClass]
public sealed class RemoteWmiTests
{
    [TestMethod]
    public void Parse_WhenTheClientAnswered_ReadsTheMachineName()
    {
        Assert.AreEqual(new RemoteQueryResult(true, "RUNNERVM", string.Empty), RemoteQueryResult.Parse("noise\r\n{\"ok\":true,\"csName\":\"RUNNERVM\"}\r\n"));
    }

    [TestMethod]
    public void Parse_WhenTheClientFailed_ReadsTheError()
    {
        Assert.AreEqual(
            new RemoteQueryResult(false, string.Empty, "The RPC server is unavailable."),
            RemoteQueryResult.Parse("{\"ok\":false,\"error\":\"The RPC server is unavailable.\"}"));
    }

    [TestMethod]
    [DataRow("", "The client printed no result line: ")]
    [DataRow("docker: Error response from daemon", "The client printed no result line: docker: Error response from daemon")]
    public void Parse_WhenNoResultLine_IsAFailureThatQuotesTheOutput(string output, string error)
    {
        Assert.AreEqual(new RemoteQueryResult(false, string.Empty, error), RemoteQueryResult.Parse(output));
    }

    [TestMethod]
    public void Generate_WhenCalledTwice_GivesTwoDifferentPasswordsThatMeetTheComplexityRule()
    {
        string first = TestPassword.Generate();
        string second = TestPassword.Generate();

        Assert.AreEqual(24, first.Length);
        Assert.IsTrue(TestPassword.MeetsComplexity(first), first.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.IsTrue(TestPassword.MeetsComplexity(second));
        Assert.AreNotEqual(first, second);
    }

    [TestMethod]
    [DataRow("abcdefghijklmnop", false)]
    [DataRow("Abcdefgh2jk#mnop", true)]
    [DataRow("Abcdefgh2jk#mno'", false)]
    public void MeetsComplexity_WhenPasswordGiven_RequiresEveryClassAndNoQuote(string password, bool expected)
    {
        Assert.AreEqual(expected, TestPassword.MeetsComplexity(password));
    }

    [TestMethod]
    [DataRow("TCP", new[] { "135" }, true)]
    [DataRow("TCP", new[] { "24158" }, true)]
    [DataRow("TCP", new[] { "24000-25000" }, true)]
    [DataRow("TCP", new[] { "RPC" }, true)]
    [DataRow("TCP", new[] { "RPCEPMap" }, true)]
    [DataRow("Any", new[] { "Any" }, true)]
    [DataRow("TCP", new[] { "445", "3389" }, false)]
    [DataRow("UDP", new[] { "135" }, false)]
    [DataRow("ICMPv4", new[] { "Any" }, false)]
    [DataRow("TCP", new[] { "49152-65535" }, false)]
    public void CouldAdmit_WhenAPortFilterIsGiven_IsTrueOnlyWhenItCoversTcp135OrTheWmiPort(string protocol, string[] ports, bool expected)
    {
        Assert.AreEqual(expected, CompetingRules.CouldAdmit(protocol, ports, 24158));
    }
}
