using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Validation;

namespace WmiFixedPort.Tests.Validation;

[TestClass]
public sealed class ValidValuesTests
{
    [TestMethod]
    [DataRow("1024", 1024)]
    [DataRow("24158", 24158)]
    [DataRow("65535", 65535)]
    public void PortNumber_Parse_WhenInRange_ReturnsThePort(string value, int expected) =>
        Assert.AreEqual(expected, PortNumber.Parse(value));

    [TestMethod]
    [DataRow("2", 2)]
    [DataRow("6", 6)]
    public void AuthenticationLevel_Parse_WhenInRange_ReturnsTheLevel(string value, int expected) =>
        Assert.AreEqual(expected, AuthenticationLevel.Parse(value));

    [TestMethod]
    [DataRow("domain", 1)]
    [DataRow("private", 2)]
    [DataRow("public", 4)]
    [DataRow("domain,private", 3)]
    [DataRow("public,domain", 5)]
    [DataRow("Domain,PRIVATE,public", 7)]
    [DataRow("domain,domain", 1)]
    [DataRow("all", 2147483647)]
    [DataRow("ALL", 2147483647)]
    public void FirewallProfiles_Parse_GivesTheFirewallBitmask(string value, int expected) =>
        Assert.AreEqual(expected, FirewallProfiles.Parse(value));

    [TestMethod]
    [DataRow("*", 1)]
    [DataRow("LocalSubnet", 1)]
    [DataRow("localsubnet,DNS,DHCP,WINS,DefaultGateway", 5)]
    [DataRow("10.0.0.5", 1)]
    [DataRow("10.0.0.0/8,192.168.1.0/24,0.0.0.0/0", 3)]
    [DataRow("10.0.0.0/255.0.0.0", 1)]
    [DataRow("10.0.0.1-10.0.0.9", 1)]
    [DataRow("fd00::/8,2001:db8::1,::1,2001:db8::1-2001:db8::ff", 4)]
    [DataRow("::ffff:10.0.0.1", 1)]
    public void RemoteAddresses_Parse_AcceptsTheFirewallForms(string value, int items) =>
        Assert.AreEqual(items, RemoteAddresses.Parse(value).Count);

    [TestMethod]
    [DataRow("10.0.0.9-10.0.0.1", "starts after it ends")]
    [DataRow("10.0.0.1-fd00::1", "mixes IPv4 and IPv6")]
    [DataRow("10.0.0.0/255.0.255.0", "subnet mask that is not contiguous")]
    [DataRow("fd00::/129", "prefix length above 128")]
    [DataRow("fe80::1%3", "is not an IP address")]
    [DataRow("10.0.0.256", "is not an IP address")]
    [DataRow("010.0.0.1", "is not an IP address")]
    [DataRow("10.0.0.0/08", "needs a prefix length 0-32 or a subnet mask")]
    [DataRow("host.example.com", "is not an IP address")]
    public void RemoteAddresses_Parse_RejectsWhatTheFirewallWouldNot(string value, string problem)
    {
        InvalidArgumentException ex = Assert.ThrowsExactly<InvalidArgumentException>(() => RemoteAddresses.Parse(value));
        StringAssert.Contains(ex.Message, problem);
    }

    [TestMethod]
    public void InvalidArgumentException_Printable_ReplacesControlCharacters() =>
        Assert.AreEqual("a?b?", InvalidArgumentException.Printable("a\nb\u0007"));

    [TestMethod]
    public void RemoteAddresses_Parse_ReturnsTheItemsInOrder() =>
        CollectionAssert.AreEqual(new[] { "10.0.0.1", "LocalSubnet" }, RemoteAddresses.Parse("10.0.0.1,LocalSubnet").ToList());
}
