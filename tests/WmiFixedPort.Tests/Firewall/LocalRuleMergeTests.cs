using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Commands;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Firewall;

/// <summary>
/// status reports the firewall profiles on which policy turned local rule merge off (contract field
/// "localRulesIgnored"). The fake registry holds the policy values where Group Policy writes them, per [MS-GPFAS]
/// 2.2.3.13 (Software\Policies\Microsoft\WindowsFirewall\{Domain,Private,Public}Profile, AllowLocalPolicyMerge,
/// REG_DWORD 0/1); an MDM-store value (SharedAccess\Parameters\FirewallPolicy\Mdm, layout undocumented) is not read.
/// </summary>
[TestClass]
public sealed class LocalRuleMergeTests
{
    private const string GroupPolicy = @"SOFTWARE\Policies\Microsoft\WindowsFirewall\";
    private const string Mdm = @"SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\Mdm\";

    [TestMethod]
    public void ProfilesIgnoringLocalRules_WhenNoPolicySetsMerge_ReturnsNone()
    {
        var registry = new FakeRegistry().With(GroupPolicy + "DomainProfile", "EnableFirewall", RegValue.DWord(1));

        Assert.AreEqual(0, LocalRuleMerge.ProfilesIgnoringLocalRules(registry).Count);
    }

    [TestMethod]
    public void ProfilesIgnoringLocalRules_WhenGroupPolicyTurnsMergeOffOnDomainAndPublic_ReturnsThoseInProfileOrder()
    {
        var registry = new FakeRegistry()
            .With(GroupPolicy + "PublicProfile", "AllowLocalPolicyMerge", RegValue.DWord(0))
            .With(GroupPolicy + "PrivateProfile", "AllowLocalPolicyMerge", RegValue.DWord(1))
            .With(GroupPolicy + "DomainProfile", "AllowLocalPolicyMerge", RegValue.DWord(0));

        CollectionAssert.AreEqual(new[] { "domain", "public" }, LocalRuleMerge.ProfilesIgnoringLocalRules(registry).ToArray());
    }

    [TestMethod]
    public void ProfilesIgnoringLocalRules_WhenOnlyTheMdmStoreHasTheValue_LeavesItToTheScriptsActiveStoreCheck()
    {
        // The MDM store's registry layout is not documented; the kit's scripts read the firewall's ActiveStore instead.
        var registry = new FakeRegistry().With(Mdm + "PublicProfile", "AllowLocalPolicyMerge", RegValue.DWord(0));

        Assert.AreEqual(0, LocalRuleMerge.ProfilesIgnoringLocalRules(registry).Count);
    }

    [TestMethod]
    public void ProfilesIgnoringLocalRules_WhenTheValueIsOnStandardProfile_IgnoresIt()
    {
        // [MS-GPFAS] 2.2.3.13: the setting must not be present on StandardProfile in the Group Policy store.
        var registry = new FakeRegistry().With(GroupPolicy + "StandardProfile", "AllowLocalPolicyMerge", RegValue.DWord(0));

        Assert.AreEqual(0, LocalRuleMerge.ProfilesIgnoringLocalRules(registry).Count);
    }

    [TestMethod]
    public void ProfilesIgnoringLocalRules_WhenTheValueIsNotADWord_IgnoresIt()
    {
        var registry = new FakeRegistry().With(GroupPolicy + "PublicProfile", "AllowLocalPolicyMerge", RegValue.String("0"));

        Assert.AreEqual(0, LocalRuleMerge.ProfilesIgnoringLocalRules(registry).Count);
    }

    [TestMethod]
    public void Status_Json_WhenPolicyTurnsMergeOffOnPublic_ListsItInLocalRulesIgnored()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeRegistry.SetValue(GroupPolicy + "PublicProfile", "AllowLocalPolicyMerge", RegValue.DWord(0));

        CliRun run = CliRun.Of(machine, "status", "--json");

        Assert.AreEqual(0, run.ExitCode);
        StringAssert.EndsWith(run.Lines.Single(), ",\"localRulesIgnored\":[\"public\"]}");
    }

    [TestMethod]
    public void Status_Json_WhenMergeIsAllowedEverywhere_HasAnEmptyList()
    {
        CliRun run = CliRun.Of(FakeMachine.Create(), "status", "--json");

        StringAssert.Contains(run.Lines.Single(), ",\"localRulesIgnored\":[]");
    }

    [TestMethod]
    public void Status_Text_WhenPolicyTurnsMergeOff_SaysOnWhichProfilesLocalRulesAreIgnored()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeRegistry.SetValue(GroupPolicy + "DomainProfile", "AllowLocalPolicyMerge", RegValue.DWord(0));
        machine.FakeRegistry.SetValue(GroupPolicy + "PrivateProfile", "AllowLocalPolicyMerge", RegValue.DWord(0));

        CliRun run = CliRun.Of(machine, "status");

        CollectionAssert.Contains(
            run.Lines.ToList(),
            "Local rules: ignored on domain, private");
    }
}
