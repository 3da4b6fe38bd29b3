using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;
using WmiFixedPort.EndToEnd.Tests.TestInfrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Unit;

[TestClass]
public sealed class RemoteLabTests
{
    private const string Profiles =
        """[{"Name":"Domain","Enabled":"True","DefaultInboundAction":"NotConfigured"},{"Name":"Public","Enabled":"False","DefaultInboundAction":"Allow"}]""";

    // Rules as Get-NetFirewallPortFilter reports them on a Server image (names from Windows' built-in groups).
    private const string Candidates =
        """[{"Name":"RemoteSvcAdmin-RPCSS-In-TCP","DisplayName":"Remote Service Management (RPC-EPMAP)","Protocol":"TCP","LocalPort":"RPCEPMap"},"""
        + """{"Name":"WMI-WINMGMT-In-TCP","DisplayName":"Windows Management Instrumentation (WMI-In)","Protocol":"TCP","LocalPort":["Any"]},"""
        + """{"Name":"RemoteDesktop-UserMode-In-TCP","DisplayName":"Remote Desktop - User Mode (TCP-In)","Protocol":"TCP","LocalPort":["3389"]},"""
        + """{"Name":"CoreNet-ICMP4-DUFRAG-In","DisplayName":"Core Networking - Destination Unreachable","Protocol":"ICMPv4","LocalPort":["Any"]}]""";

    [TestMethod]
    public void Enter_WhenOtherRulesCouldAdmitTheWmiPortOr135_DisablesExactlyThoseAndDisposePutsEverythingBack()
    {
        FakePowerShell powerShell = new FakePowerShell().Answer("Get-NetFirewallProfile", Profiles).Answer("Get-NetFirewallPortFilter", Candidates);

        using (FirewallLab lab = FirewallLab.Enter(powerShell, 24158))
        {
            CollectionAssert.AreEqual(
                new[] { "Remote Service Management (RPC-EPMAP) [RemoteSvcAdmin-RPCSS-In-TCP]", "Windows Management Instrumentation (WMI-In) [WMI-WINMGMT-In-TCP]" },
                lab.DisabledRules.ToArray());
            Assert.AreEqual(
                "Set-NetFirewallProfile -All -Enabled True -DefaultInboundAction Block\nDisable-NetFirewallRule -Name @('RemoteSvcAdmin-RPCSS-In-TCP','WMI-WINMGMT-In-TCP')\n",
                powerShell.Runs[2].Script);
        }

        Assert.AreEqual(
            "Enable-NetFirewallRule -Name @('RemoteSvcAdmin-RPCSS-In-TCP','WMI-WINMGMT-In-TCP')\n"
            + "Set-NetFirewallProfile -Name 'Domain' -Enabled 'True' -DefaultInboundAction 'NotConfigured'\n"
            + "Set-NetFirewallProfile -Name 'Public' -Enabled 'False' -DefaultInboundAction 'Allow'\n",
            powerShell.Runs[3].Script);
        Assert.HasCount(4, powerShell.Runs);
    }

    [TestMethod]
    public void Enter_WhenChangingTheFirewallFails_PutsItBackBeforeFailing()
    {
        FakePowerShell powerShell = new FakePowerShell()
            .Answer("Get-NetFirewallProfile", Profiles).Answer("Get-NetFirewallPortFilter", Candidates)
            .Fail("Disable-NetFirewallRule", "Access is denied.");

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => FirewallLab.Enter(powerShell, 24158));

        StringAssert.Contains(error.Message, "Access is denied.");
        StringAssert.StartsWith(powerShell.Runs[^1].Script, "Enable-NetFirewallRule -Name @('RemoteSvcAdmin-RPCSS-In-TCP','WMI-WINMGMT-In-TCP')\nSet-NetFirewallProfile -Name 'Domain'");
    }

    [TestMethod]
    public void Create_WhenRun_HandsThePasswordThroughTheEnvironmentOnlyAndRemembersThePolicyValue()
    {
        FakePowerShell powerShell = new FakePowerShell().Answer("LocalAccountTokenFilterPolicy", "absent\r\n");

        LocalTestAccount account = LocalTestAccount.Create(powerShell);
        account.Dispose();

        Assert.IsTrue(TestPassword.MeetsComplexity(account.Password));
        Assert.IsTrue(powerShell.Runs.All(r => !r.Script.Contains(account.Password, StringComparison.Ordinal)), "No script text may carry the password.");
        Assert.AreEqual(account.Password, powerShell.Runs[0].Environment[LocalTestAccount.PasswordVariable]);
        Assert.AreEqual(account.Name, powerShell.Runs[0].Environment[LocalTestAccount.UserVariable]);
        StringAssert.StartsWith(account.Name, "wfpe2e");
        Assert.AreEqual(
            "Remove-ItemProperty -LiteralPath 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System' -Name 'LocalAccountTokenFilterPolicy' -ErrorAction SilentlyContinue\n"
            + "Remove-LocalUser -Name $env:WFP_E2E_USER",
            powerShell.Runs[2].Script, "An absent policy value must be absent again.");
        Assert.IsFalse(powerShell.Runs[2].Environment.ContainsKey(LocalTestAccount.PasswordVariable));
        Assert.AreEqual("MACHINE\\" + account.Name, account.QualifiedName("MACHINE"));
    }

    [TestMethod]
    public void Dispose_WhenThePolicyHadAValue_WritesThatValueBack()
    {
        FakePowerShell powerShell = new FakePowerShell().Answer("LocalAccountTokenFilterPolicy", "0");

        LocalTestAccount.Create(powerShell).Dispose();

        StringAssert.StartsWith(powerShell.Runs[2].Script,
            "Set-ItemProperty -LiteralPath 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System' -Name 'LocalAccountTokenFilterPolicy' -Value 0 -Type DWord\n");
    }

    [TestMethod]
    public void Create_WhenThePolicyCannotBeSet_RemovesTheAccountItCreated()
    {
        FakePowerShell powerShell = new FakePowerShell().Fail("LocalAccountTokenFilterPolicy", "Requested registry access is not allowed.");

        Assert.ThrowsExactly<InvalidOperationException>(() => LocalTestAccount.Create(powerShell));

        Assert.AreEqual("Remove-LocalUser -Name $env:WFP_E2E_USER", powerShell.Runs[^1].Script);
        Assert.AreEqual(powerShell.Runs[0].Environment[LocalTestAccount.UserVariable], powerShell.Runs[^1].Environment[LocalTestAccount.UserVariable]);
    }
}
