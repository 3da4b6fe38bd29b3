using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Validation;

namespace WmiFixedPort.Wixext.Tests;

/// <summary>
/// How the compiler extension turns a literal attribute value into the property's value (FixedPortSetting, compiled in
/// from packaging/WmiFixedPort.Wixext with the engine's validation sources). Runs everywhere: no WiX needed.
/// </summary>
[TestClass]
public sealed class FixedPortSettingTests
{
    [TestMethod]
    public void All_WhenListed_CoverEveryPublicPropertyInContractOrder()
    {
        CollectionAssert.AreEqual(
            new[]
            {
                "Port=WMIPORT", "AuthenticationLevel=WMIAUTHLEVEL", "Firewall=FIREWALL", "RemoteAddresses=FIREWALL_REMOTE_ADDRESSES",
                "FirewallProfile=FIREWALL_PROFILE", "OpenRpcEndpointMapper=OPEN_RPC_EPMAP",
            },
            FixedPortSetting.All.Select(s => s.Attribute + "=" + s.Property).ToArray());
        Assert.AreEqual("WmiFixedPortSetWMIPORTFromElement", Setting("Port").ActionId);
        Assert.AreEqual("WmiFixedPortSetWMIPORTDefault", Setting("Port").BeforeActionId);
    }

    [TestMethod]
    [DataRow("Port", "24180", "24180")]
    [DataRow("AuthenticationLevel", "6", "6")]
    [DataRow("Firewall", "yes", "1")]
    [DataRow("Firewall", "no", "0")]
    [DataRow("OpenRpcEndpointMapper", "no", "0")]
    [DataRow("RemoteAddresses", "*", "*")]
    [DataRow("RemoteAddresses", "10.0.0.0/8,LocalSubnet,fd00::/8", "10.0.0.0/8,LocalSubnet,fd00::/8")]
    [DataRow("FirewallProfile", "private,domain", "domain,private")]
    [DataRow("FirewallProfile", "Public", "public")]
    [DataRow("FirewallProfile", "ALL", "all")]
    public void ToPropertyValue_WhenTheLiteralIsValid_ReturnsWhatTheMsiPropertyMustHold(string attribute, string value, string expected)
    {
        Assert.AreEqual(expected, Setting(attribute).ToPropertyValue(value));
    }

    [TestMethod]
    [DataRow("Port", "[AGENT_WMI_PORT]")]
    [DataRow("RemoteAddresses", "[COLLECTORS]")]
    [DataRow("Firewall", "[OPEN_FIREWALL]")]
    public void ToPropertyValue_WhenTheValueRefersToAProperty_LeavesItForInstallTime(string attribute, string value)
    {
        Assert.AreEqual(value, Setting(attribute).ToPropertyValue(value));
    }

    [TestMethod]
    [DataRow("Port", "0135", "Invalid --port (MSI property WMIPORT) value '0135': expected a whole number from 1024 to 65535 (digits only), for example 24158.")]
    [DataRow("Firewall", "1", "Invalid Firewall (MSI property FIREWALL) value '1': expected yes or no.")]
    [DataRow("FirewallProfile", "domain,,public", "Invalid --firewall-profile (MSI property FIREWALL_PROFILE) value 'domain,,public': an empty item; expected 'all' or a comma-separated list (no spaces) of domain, private, public, for example 'domain,private'.")]
    public void ToPropertyValue_WhenTheLiteralIsInvalid_ThrowsTheEnginesMessage(string attribute, string value, string expected)
    {
        InvalidArgumentException error = Assert.ThrowsExactly<InvalidArgumentException>(() => Setting(attribute).ToPropertyValue(value));
        Assert.AreEqual(expected, error.Message);
    }

    private static FixedPortSetting Setting(string attribute) => FixedPortSetting.All.Single(s => s.Attribute == attribute);
}
