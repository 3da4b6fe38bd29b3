using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Installer.Tests.TestInfrastructure;

namespace WmiFixedPort.Installer.Tests;

/// <summary>The launch conditions of Package.wxs, evaluated on a first install and on maintenance runs.</summary>
[TestClass]
public sealed class LaunchConditionTests
{
    private static string[] Failed(Scenario scenario) =>
        InstallSimulator.Run(InstallerSources.Shipping, scenario).FailedLaunchConditions.ToArray();

    [TestMethod]
    [DataRow("1024", "")]
    [DataRow("24158", "")]
    [DataRow("65535", "")]
    [DataRow("01024", "")]
    [DataRow("1023", "!(loc.WmiFixedPortWmiPortInvalid)")]
    [DataRow("65536", "!(loc.WmiFixedPortWmiPortInvalid)")]
    [DataRow("-1", "!(loc.WmiFixedPortWmiPortInvalid)")]
    [DataRow("abc", "!(loc.WmiFixedPortWmiPortInvalid)")]
    [DataRow(" 24158", "!(loc.WmiFixedPortWmiPortInvalid)")]
    [DataRow("135", "!(loc.WmiFixedPortWmiPortInvalid);!(loc.WmiFixedPortWmiPortIsEpmap)")]
    public void WmiPort_WhenGivenOnFirstInstall_IsAcceptedOnlyIn1024To65535(string port, string expected)
    {
        Assert.AreEqual(expected, string.Join(";", Failed(Scenario.OnSupportedMachine("port").WithProperty("WMIPORT", port))));
    }

    [TestMethod]
    [DataRow("1", "!(loc.WmiFixedPortWmiAuthLevelInvalid)")]
    [DataRow("2", "")]
    [DataRow("6", "")]
    [DataRow("7", "!(loc.WmiFixedPortWmiAuthLevelInvalid)")]
    [DataRow("x", "!(loc.WmiFixedPortWmiAuthLevelInvalid)")]
    public void WmiAuthLevel_WhenGivenOnFirstInstall_IsAcceptedOnlyIn2To6(string level, string expected)
    {
        Assert.AreEqual(expected, string.Join(";", Failed(Scenario.OnSupportedMachine("level").WithProperty("WMIAUTHLEVEL", level))));
    }

    [TestMethod]
    [DataRow("FIREWALL", "2", "!(loc.WmiFixedPortFirewallInvalid)")]
    [DataRow("FIREWALL", "yes", "!(loc.WmiFixedPortFirewallInvalid)")]
    [DataRow("FIREWALL", "0", "")]
    [DataRow("OPEN_RPC_EPMAP", "true", "!(loc.WmiFixedPortOpenRpcEpmapInvalid)")]
    [DataRow("OPEN_RPC_EPMAP", "0", "")]
    public void Switches_WhenGivenOnFirstInstall_AcceptOnlyZeroOrOne(string property, string value, string expected)
    {
        Assert.AreEqual(expected, string.Join(";", Failed(Scenario.OnSupportedMachine("switch").WithProperty(property, value))));
    }

    [TestMethod]
    [DataRow("19045", "")]
    [DataRow("10240", "")]
    [DataRow("14393", "")]
    [DataRow("9600", "!(loc.WmiFixedPortWindowsTooOld)")]
    public void WindowsBuild_WhenFirstInstall_RequiresBuild10240(string build, string expected)
    {
        var scenario = Scenario.OnSupportedMachine("build")
            .WithRegistry(@"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\CurrentBuildNumber", build);

        Assert.AreEqual(expected, string.Join(";", Failed(scenario)));
    }

    [TestMethod]
    [DataRow("#394802", "")]
    [DataRow("#533325", "")]
    [DataRow("#528040", "")]
    [DataRow("#394801", "!(loc.WmiFixedPortNetFxTooOld)")]
    [DataRow("#378389", "!(loc.WmiFixedPortNetFxTooOld)")]
    [DataRow("#1000000", "!(loc.WmiFixedPortNetFxTooOld)")]
    public void NetFramework_WhenFirstInstall_RequiresRelease394802(string release, string expected)
    {
        var scenario = Scenario.OnSupportedMachine("netfx")
            .WithRegistry(@"HKLM\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full\Release", release);

        Assert.AreEqual(expected, string.Join(";", Failed(scenario)));
    }

    [TestMethod]
    public void Machine_WhenNoBuildNorFrameworkFound_BlocksFirstInstall()
    {
        var scenario = Scenario.Create("bare").WithProperty("Privileged", "1");

        CollectionAssert.AreEquivalent(new[] { "!(loc.WmiFixedPortWindowsTooOld)", "!(loc.WmiFixedPortNetFxTooOld)" }, Failed(scenario));
    }

    [TestMethod]
    public void Maintenance_WhenValuesAreBad_IsNotBlocked()
    {
        // Uninstall must work even if the remembered values were tampered with; validate (deferred) guards repair/modify.
        var scenario = Scenario.Create("uninstall").WithProperty("Privileged", "1").WithProperty("Installed", "1")
            .WithProperty("REMOVE", "ALL").WithRemembered("WMIPORT", "abc").WithRemembered("FIREWALL_PROFILE", "bogus");

        Assert.IsEmpty(Failed(scenario));
    }

    [TestMethod]
    public void Privileged_WhenMissing_BlocksEveryRun()
    {
        var install = Scenario.OnSupportedMachine("user").WithProperty("Privileged", string.Empty);
        var uninstall = install.WithProperty("Installed", "1").WithProperty("REMOVE", "ALL");

        CollectionAssert.AreEqual(new[] { "!(loc.WmiFixedPortAdminRequired)" }, Failed(install));
        CollectionAssert.AreEqual(new[] { "!(loc.WmiFixedPortAdminRequired)" }, Failed(uninstall));
    }
}
