using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Wixext.Tests.TestInfrastructure;

namespace WmiFixedPort.Wixext.Tests;

/// <summary>
/// The variant "packageMode" of .ci/wixext.sh (arm64): &lt;wmi:FixedPort AuthenticationLevel="[AGENT_WMI_AUTH_LEVEL]" /&gt;
/// directly in Package, the consumer's features holding WmiFixedPortEngineComponents and
/// WmiFixedPortFirewallWmiRule_$(sys.BUILDARCHSHORT) only: how a package with features of its own (installer/) uses it.
/// </summary>
[TestClass]
public sealed class PackageModeTests
{
    [TestMethod]
    public void Link_WhenTheElementSitsInPackage_PlacesNothingItselfAndLeavesAFormattedValueForInstallTime()
    {
        LinkedIntermediate ir = LinkedIntermediate.Load(WixextOutputs.VariantLinkedOutput("packageMode"));

        var fromElement = ir.OfType("CustomAction").Select(CustomActionRow.From)
            .Where(a => a.Id.EndsWith("FromElement", System.StringComparison.Ordinal))
            .Select(a => (a.Id, a.Source, a.Target)).ToArray();
        CollectionAssert.AreEqual(
            new (string, string?, string?)[] { ("WmiFixedPortSetWMIAUTHLEVELFromElement", "WMIAUTHLEVEL", "[AGENT_WMI_AUTH_LEVEL]") },
            fromElement);

        Assert.IsFalse(ir.Has("Feature", "WmiFixedPortFirewall"), "no feature of ours when the element is not in a feature");
        Assert.IsFalse(ir.Has("Feature", "WmiFixedPortFirewallRpcEpmap"));
        CollectionAssert.AreEquivalent(
            new[] { "AgentConfig", "WmiFixedPortEngineExe", "WmiFixedPortEventSource", "WmiFixedPortFirewallWmiRule_A64", "WmiFixedPortRememberedSettings" },
            ir.OfType("Component").Select(c => c.Id).ToArray(),
            "only what the consumer's features hold (no RPC endpoint-mapper rule here)");
        Assert.AreEqual("Wix4UtilCA_A64", ir.CustomAction("WmiFixedPortEnable_A64").Source);
    }
}
