using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Wixext.Tests.TestInfrastructure;

namespace WmiFixedPort.Wixext.Tests;

/// <summary>
/// Consumers of each WiX major (5.0.2, 6.0.2, 7.0.0) whose element .ci/wixext.sh replaced with a bad one (variant() there),
/// built with that major's real WiX SDK through the packed package: each must fail at compile time with exactly our error,
/// and link nothing. Every major reports our errors, with the same words.
/// </summary>
[TestClass]
public sealed class CompileErrorTests
{
    private const string PropertyHint = " A value that refers to a property ([NAME]) is checked at install time instead.";
    private const string PortAllowed = "expected a whole number from 1024 to 65535 (digits only), for example 24158.";

    private static readonly (string Case, string Error)[] ElementErrors =
    {
        ("port135", "error WIX9701: The FixedPort/@Port attribute's value is not valid. Invalid --port (MSI property WMIPORT) value '135': 135 is the RPC endpoint mapper's own port and cannot carry WMI; " + PortAllowed + PropertyHint),
        ("portAbc", "error WIX9701: The FixedPort/@Port attribute's value is not valid. Invalid --port (MSI property WMIPORT) value 'abc': " + PortAllowed + PropertyHint),
        ("port70000", "error WIX9701: The FixedPort/@Port attribute's value is not valid. Invalid --port (MSI property WMIPORT) value '70000': " + PortAllowed + PropertyHint),
        ("authLevel9", "error WIX9701: The FixedPort/@AuthenticationLevel attribute's value is not valid. Invalid --auth-level (MSI property WMIAUTHLEVEL) value '9': expected 2 (CONNECT), 3 (CALL), 4 (PKT), 5 (PKT_INTEGRITY, the default) or 6 (PKT_PRIVACY)." + PropertyHint),
        ("remoteAddresses", "error WIX9701: The FixedPort/@RemoteAddresses attribute's value is not valid. Invalid --remote-addresses (MSI property FIREWALL_REMOTE_ADDRESSES) value '10.0.0.0/33,192.0.2.1': item '10.0.0.0/33' has a prefix length above 32; expected '*' or a comma-separated list (no spaces) of IPv4/IPv6 addresses, subnets (10.0.0.0/8, fd00::/8, 10.0.0.0/255.0.0.0), ranges (10.0.0.1-10.0.0.9) or the keywords LocalSubnet, DNS, DHCP, WINS, DefaultGateway." + PropertyHint),
        ("firewallMaybe", "error WIX9701: The FixedPort/@Firewall attribute's value is not valid. Invalid Firewall (MSI property FIREWALL) value 'maybe': expected yes or no." + PropertyHint),
        ("twoElements", "error WIX9702: Only one FixedPort element is allowed in a package: WMI has one fixed port per machine. Remove this one or the other."),
        ("x86", "error WIX9703: The FixedPort element supports x64 and arm64 packages only (WmiFixedPort.exe changes the 64-bit registry and services); this package is built for X86. Build with -arch x64 or -arch arm64 (InstallerPlatform)."),
    };

    public static IEnumerable<object[]> ElementErrorsPerMajor =>
        WixextOutputs.Majors.SelectMany(major => ElementErrors.Select(e => new object[] { major, e.Case, e.Error }));

    public static IEnumerable<object[]> Majors => WixextOutputs.Majors.Select(m => new object[] { m });

    [TestMethod]
    [DynamicData(nameof(ElementErrorsPerMajor))]
    public void Build_WhenTheElementIsInvalid_FailsWithOurErrorAndLinksNothing(int major, string caseName, string expectedError)
    {
        AssertFailedWith(major, caseName, expectedError);
    }

    [TestMethod]
    [DynamicData(nameof(Majors))]
    public void Compile_WhenTheElementSitsUnderAParentTheXsdDoesNotList_FailsWithUnexpectedElement(int major)
    {
        AssertFailedWith(major, "inComponent", "error WIX0005: The Component element contains an unexpected child element 'FixedPort'.");
    }

    [TestMethod]
    [DynamicData(nameof(Majors))]
    public void Compile_WhenTheElementCarriesAnotherExtensionsAttribute_HandsItToThatExtension(int major)
    {
        // util:Foo goes through ParseHelper.ParseExtensionAttribute to the util extension, whose compiler does not know
        // "Foo" on our element and says so (WiX's unexpected attribute, written by util's ParseAttribute).
        AssertFailedWith(major, "foreignAttribute", "error WIX0004: The FixedPort element contains an unexpected attribute 'Foo'.");
    }

    [TestMethod]
    [DynamicData(nameof(Majors))]
    public void Link_WhenTheElementSitsInPackageAndNoFeatureHoldsTheEngine_FailsWithOrphanedComponents(int major)
    {
        const string Orphaned = "error WIX0267: Found orphaned Component '{0}'. If this is a Package, every Component must have at least one parent Feature. To include a Component in a Module, you must include it directly as a Component element of the Module element or indirectly via ComponentRef, ComponentGroup, or ComponentGroupRef elements.";
        AssertFailedWith(
            major,
            "engineNotPlaced",
            string.Format(System.Globalization.CultureInfo.InvariantCulture, Orphaned, "WmiFixedPortEngineExe"),
            string.Format(System.Globalization.CultureInfo.InvariantCulture, Orphaned, "WmiFixedPortEventSource"),
            string.Format(System.Globalization.CultureInfo.InvariantCulture, Orphaned, "WmiFixedPortRememberedSettings"));
    }

    private static void AssertFailedWith(int major, string caseName, params string[] expectedErrors)
    {
        string folder = WixextOutputs.CaseFolder(major, caseName);

        string[] errors = File.ReadAllLines(Path.Combine(folder, "build.log"))
            .Where(line => line.Contains(": error ", System.StringComparison.Ordinal))
            .Select(line => line.Substring(line.IndexOf("error ", System.StringComparison.Ordinal)))
            .Select(line => line.Substring(0, line.LastIndexOf(" [", System.StringComparison.Ordinal)))
            .Distinct()
            .ToArray();
        CollectionAssert.AreEqual(expectedErrors, errors);
        Assert.AreNotEqual("0", File.ReadAllText(Path.Combine(folder, "exitcode")).Trim(), "the build failed");
        Assert.IsFalse(File.Exists(Path.Combine(folder, "out", "MonitoringAgent.wixipl")), "nothing was linked");
    }
}
