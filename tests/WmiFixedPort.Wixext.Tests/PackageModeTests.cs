using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Wixext.Tests.TestInfrastructure;

namespace WmiFixedPort.Wixext.Tests;

/// <summary>
/// The element outside a feature, for each WiX major (.ci/wixext.sh, placed_by_consumer): &lt;wmi:FixedPort
/// AuthenticationLevel="[AGENT_WMI_AUTH_LEVEL]" /&gt; directly in Package ("packageMode", arm64) or in a Fragment whose
/// component group the Package references ("fragmentMode", x64), the consumer's features holding WmiFixedPortEngineComponents
/// and WmiFixedPortFirewallWmiRule_$(sys.BUILDARCHSHORT) only: how a package with features of its own (installer/) uses it.
/// </summary>
[TestClass]
public sealed class PackageModeTests
{
    public static IEnumerable<object[]> Cases => WixextOutputs.Majors.SelectMany(major => new[]
    {
        new object[] { major, "packageMode", "_A64" },
        new object[] { major, "fragmentMode", "_X64" },
    });

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Link_WhenTheElementSitsOutsideAFeature_PlacesNothingItselfAndLeavesAFormattedValueForInstallTime(int major, string caseName, string suffix)
    {
        LinkedIntermediate ir = LinkedIntermediate.Load(WixextOutputs.VariantLinkedOutput(major, caseName));

        var fromElement = ir.OfType("CustomAction").Select(CustomActionRow.From)
            .Where(a => a.Id.EndsWith("FromElement", System.StringComparison.Ordinal))
            .Select(a => (a.Id, a.Source, a.Target)).ToArray();
        CollectionAssert.AreEqual(
            new (string, string?, string?)[] { ("WmiFixedPortSetWMIAUTHLEVELFromElement", "WMIAUTHLEVEL", "[AGENT_WMI_AUTH_LEVEL]") },
            fromElement);
        Assert.AreEqual(
            new ScheduledAction("WmiFixedPortSetWMIAUTHLEVELFromElement", "NOT WMIAUTHLEVEL", "WmiFixedPortSetWMIAUTHLEVELDefault", null),
            ir.ExecuteAction("WmiFixedPortSetWMIAUTHLEVELFromElement"));

        Assert.IsFalse(ir.Has("Feature", "WmiFixedPortFirewall"), "no feature of ours when the element is not in a feature");
        Assert.IsFalse(ir.Has("Feature", "WmiFixedPortFirewallRpcEpmap"));
        CollectionAssert.AreEquivalent(
            new[] { "AgentConfig", "WmiFixedPortEngineExe", "WmiFixedPortEventSource", "WmiFixedPortFirewallWmiRule" + suffix, "WmiFixedPortRememberedSettings" },
            ir.OfType("Component").Select(c => c.Id).ToArray(),
            "only what the consumer's features hold (no RPC endpoint-mapper rule here)");
        Assert.AreEqual("Wix4UtilCA" + suffix, ir.CustomAction("WmiFixedPortEnable" + suffix).Source, "the engine's actions run from the platform's util CA");
    }
}
