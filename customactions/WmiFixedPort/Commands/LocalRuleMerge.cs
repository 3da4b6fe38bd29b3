using System.Collections.Generic;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Commands;

/// <summary>
/// The firewall profiles on which local rules (the ones the MSI creates) are not enforced because Group Policy turned
/// local rule merge off: <c>HKLM\SOFTWARE\Policies\Microsoft\WindowsFirewall\{Domain,Private,Public}Profile</c>, value
/// <c>AllowLocalPolicyMerge</c>, REG_DWORD 0 ([MS-GPFAS] 2.2.3.13 "Allow Local Firewall Rule Policy Merge",
/// learn.microsoft.com/openspecs/windows_protocols/ms-gpfas/2c979624-900a-4b6e-b4ef-09b387cd62ab; never on
/// StandardProfile there). Only this documented store is read: Intune firewall policy (Firewall CSP
/// <c>MdmStore/...Profile/AllowLocalPolicyMerge</c>) lives in the firewall's MDM store, whose registry layout is not
/// documented; the deployment kit's scripts ask the firewall's effective view for it
/// (<c>Get-NetFirewallProfile -PolicyStore ActiveStore</c>, AllowLocalFirewallRules), which merges every store.
/// Kept small: the shipped exe has a size aim (.ci/run).
/// </summary>
internal static class LocalRuleMerge
{
    /// <summary>The profiles ("domain", "private", "public", in that order) whose local rules policy ignores.</summary>
    public static IReadOnlyList<string> ProfilesIgnoringLocalRules(IRegistry registry)
    {
        var ignored = new List<string>();
        foreach (string profile in new[] { "Domain", "Private", "Public" })
        {
            if (registry.GetValue(@"SOFTWARE\Policies\Microsoft\WindowsFirewall\" + profile + "Profile", "AllowLocalPolicyMerge")?.Number == 0)
            {
                ignored.Add(profile.ToLowerInvariant());
            }
        }

        return ignored;
    }
}
