using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Installer.Tests.TestInfrastructure;

namespace WmiFixedPort.Installer.Tests;

/// <summary>
/// Command line &gt; Group Policy &gt; remembered Settings &gt; default, and the FIREWALL_PROFILE mask, evaluated with the
/// searches and SetProperty conditions of the extension's wixlib (WmiFixedPort.wxs) through the simulated execute sequence.
/// </summary>
[TestClass]
public sealed class PropertyPrecedenceTests
{
    private static string Effective(Scenario scenario, string property) =>
        InstallSimulator.Run(InstallerSources.Shipping, scenario).Properties.GetValueOrDefault(property) ?? string.Empty;

    [TestMethod]
    public void WmiPort_WhenSetEverywhere_TakesTheCommandLine()
    {
        var scenario = Scenario.OnSupportedMachine("all").WithProperty("WMIPORT", "30001")
            .WithPolicy("WMIPORT", "30002").WithRemembered("WMIPORT", "30003");

        Assert.AreEqual("30001", Effective(scenario, "WMIPORT"));
    }

    [TestMethod]
    public void WmiPort_WhenNotOnCommandLine_TakesGroupPolicyOverRemembered()
    {
        var scenario = Scenario.OnSupportedMachine("policy").WithPolicy("WMIPORT", "30002").WithRemembered("WMIPORT", "30003");

        Assert.AreEqual("30002", Effective(scenario, "WMIPORT"));
    }

    [TestMethod]
    public void WmiPort_WhenOnlyRemembered_TakesTheRememberedValue()
    {
        Assert.AreEqual("30003", Effective(Scenario.OnSupportedMachine("remembered").WithRemembered("WMIPORT", "30003"), "WMIPORT"));
    }

    [TestMethod]
    public void Properties_WhenNothingIsSet_TakeTheDefaults()
    {
        var properties = InstallSimulator.Run(InstallerSources.Shipping, Scenario.OnSupportedMachine("defaults")).Properties;

        var actual = new[] { "WMIPORT", "WMIAUTHLEVEL", "FIREWALL", "FIREWALL_REMOTE_ADDRESSES", "FIREWALL_PROFILE", "OPEN_RPC_EPMAP", "WmiFixedPortFirewallProfileMask" }
            .Select(p => $"{p}={properties.GetValueOrDefault(p)}").ToList();
        CollectionAssert.AreEqual(
            new[] { "WMIPORT=24158", "WMIAUTHLEVEL=5", "FIREWALL=1", "FIREWALL_REMOTE_ADDRESSES=*", "FIREWALL_PROFILE=domain,private", "OPEN_RPC_EPMAP=1", "WmiFixedPortFirewallProfileMask=3" },
            actual);
    }

    [TestMethod]
    public void Firewall_WhenCommandLineSaysZeroAndPolicyOne_KeepsZero()
    {
        // "0" is TRUE when tested bare: the "NOT FIREWALL" guards must not treat it as unset.
        var scenario = Scenario.OnSupportedMachine("fw0").WithProperty("FIREWALL", "0").WithPolicy("FIREWALL", "1").WithRemembered("FIREWALL", "1");

        var result = InstallSimulator.Run(InstallerSources.Shipping, scenario);

        Assert.AreEqual("0", result.Properties["FIREWALL"]);
        CollectionAssert.AreEqual(new[] { "Engine" }, InstallSimulator.DefaultFeatures(InstallerSources.Shipping, result.Properties).ToList());
    }

    [TestMethod]
    public void Features_WhenDefaults_InstallBothFirewallRules()
    {
        var result = InstallSimulator.Run(InstallerSources.Shipping, Scenario.OnSupportedMachine("defaults"));

        CollectionAssert.AreEquivalent(
            new[] { "Engine", "Firewall", "FirewallRpcEpmap" }, InstallSimulator.DefaultFeatures(InstallerSources.Shipping, result.Properties).ToList());
    }

    [TestMethod]
    public void Features_WhenOpenRpcEpmapIsZero_LeaveOutOnlyTheEndpointMapperRule()
    {
        var result = InstallSimulator.Run(InstallerSources.Shipping, Scenario.OnSupportedMachine("no135").WithPolicy("OPEN_RPC_EPMAP", "0"));

        CollectionAssert.AreEquivalent(
            new[] { "Engine", "Firewall" }, InstallSimulator.DefaultFeatures(InstallerSources.Shipping, result.Properties).ToList());
    }

    [TestMethod]
    public void WmiPort_WhenPolicyIsADword_IsRefusedByTheLaunchCondition()
    {
        // A REG_DWORD policy value reads as "#30002": documented as unsupported (REG_SZ only), and it must not slip through.
        var result = InstallSimulator.Run(InstallerSources.Shipping, Scenario.OnSupportedMachine("dword").WithPolicy("WMIPORT", "#30002"));

        CollectionAssert.AreEqual(new[] { "!(loc.WmiFixedPortWmiPortInvalid)" }, result.FailedLaunchConditions.ToList());
    }

    [TestMethod]
    [DataRow("all", "2147483647")]
    [DataRow("ALL", "2147483647")]
    [DataRow("domain", "1")]
    [DataRow("Private", "2")]
    [DataRow("public", "4")]
    [DataRow("domain,private", "3")]
    [DataRow("domain,public", "5")]
    [DataRow("private,public", "6")]
    [DataRow("domain,private,public", "7")]
    [DataRow("private,domain", "3")]
    [DataRow("domain,domain", "1")]
    [DataRow("domain, private", "3")] // refused by validate (the exe), before any rule: MaintenancePathTests
    [DataRow("domainx", "1")]         // the same
    [DataRow("0", "")]
    [DataRow("any", "")]
    public void FirewallProfileMask_WhenProfileGiven_MapsToTheFirewallBitmask(string profile, string mask)
    {
        var result = InstallSimulator.Run(InstallerSources.Shipping, Scenario.OnSupportedMachine("profile").WithProperty("FIREWALL_PROFILE", profile));

        Assert.AreEqual(mask, result.Properties.GetValueOrDefault("WmiFixedPortFirewallProfileMask") ?? string.Empty);
        var refused = result.FailedLaunchConditions.Contains("!(loc.WmiFixedPortFirewallProfileInvalid)");
        Assert.AreEqual(mask.Length == 0, refused);
    }
}
