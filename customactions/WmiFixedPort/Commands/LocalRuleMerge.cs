using System.Collections.Generic;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Commands;

/// <summary>
/// The firewall profiles on which local rules (the ones the MSI creates) are not enforced because policy turned local
/// rule merge off: <c>AllowLocalPolicyMerge</c> = 0. Read from the policy stores in the registry:
/// <list type="bullet">
/// <item>Group Policy: <c>HKLM\SOFTWARE\Policies\Microsoft\WindowsFirewall\{Domain,Private,Public}Profile</c>, value
/// <c>AllowLocalPolicyMerge</c>, REG_DWORD 0 or 1 ([MS-GPFAS] 2.2.3.13 "Allow Local Firewall Rule Policy Merge",
/// learn.microsoft.com/openspecs/windows_protocols/ms-gpfas/2c979624-900a-4b6e-b4ef-09b387cd62ab; the setting is
/// never on StandardProfile there).</item>
/// <item>MDM (Intune firewall policy, Firewall CSP <c>MdmStore/{Domain,Private,Public}Profile/AllowLocalPolicyMerge</c>):
/// the firewall keeps its MDM store under <c>HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\Mdm</c>
/// (the key Intune's "Collect diagnostics" gathers). The profile subkey and value names there are not documented;
/// they are read as in the Group Policy store, with StandardProfile (the local store's name) also for private.</item>
/// </list>
/// A Group Policy value decides its profile; without one, an MDM value does; without either the local default
/// (merge allowed) applies. The deployment kit's scripts also ask the firewall's effective view
/// (<c>Get-NetFirewallProfile -PolicyStore ActiveStore</c>, AllowLocalFirewallRules), which covers any other store.
/// </summary>
internal static class LocalRuleMerge
{
    public const string GroupPolicyKey = @"SOFTWARE\Policies\Microsoft\WindowsFirewall";

    public const string MdmKey = @"SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\Mdm";

    public const string ValueName = "AllowLocalPolicyMerge";

    private static readonly ProfileKeys[] Profiles =
    {
        new("domain", new[] { "DomainProfile" }, new[] { "DomainProfile" }),
        new("private", new[] { "PrivateProfile" }, new[] { "PrivateProfile", "StandardProfile" }),
        new("public", new[] { "PublicProfile" }, new[] { "PublicProfile" }),
    };

    /// <summary>The profiles ("domain", "private", "public", in that order) whose local rules policy ignores.</summary>
    public static IReadOnlyList<string> ProfilesIgnoringLocalRules(IRegistry registry)
    {
        var ignored = new List<string>();
        foreach (ProfileKeys profile in Profiles)
        {
            int? merge = Read(registry, GroupPolicyKey, profile.GroupPolicyKeys) ?? Read(registry, MdmKey, profile.MdmKeys);
            if (merge == 0)
            {
                ignored.Add(profile.Name);
            }
        }

        return ignored;
    }

    private static int? Read(IRegistry registry, string root, string[] subkeys)
    {
        foreach (string subkey in subkeys)
        {
            if (registry.GetValue(root + @"\" + subkey, ValueName)?.Number is int number)
            {
                return number;
            }
        }

        return null;
    }

    /// <summary>A profile's name in status and its subkeys in the Group Policy and MDM stores.</summary>
    private sealed class ProfileKeys
    {
        public ProfileKeys(string name, string[] groupPolicyKeys, string[] mdmKeys)
        {
            Name = name;
            GroupPolicyKeys = groupPolicyKeys;
            MdmKeys = mdmKeys;
        }

        public string Name { get; }

        public string[] GroupPolicyKeys { get; }

        public string[] MdmKeys { get; }
    }
}
