using System;
using System.Collections.Generic;

namespace WmiFixedPort.Validation;

/// <summary>
/// The firewall profiles a rule applies to: <c>all</c>, or a comma list of <c>domain</c>, <c>private</c>,
/// <c>public</c>; parsed to the firewall's bitmask (NET_FW_PROFILE2_*: 1, 2, 4; all = 2147483647).
/// </summary>
internal static class FirewallProfiles
{
    public const int All = 2147483647;

    private const string Allowed = "expected 'all' or a comma-separated list (no spaces) of domain, private, public, for example 'domain,private'.";

    private static readonly Dictionary<string, int> Bits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["domain"] = 1,
        ["private"] = 2,
        ["public"] = 4,
    };

    public static int Parse(string value)
    {
        if (string.Equals(value, "all", StringComparison.OrdinalIgnoreCase))
        {
            return All;
        }

        int mask = 0;
        foreach (string item in value.Split(','))
        {
            if (!Bits.TryGetValue(item, out int bit))
            {
                throw InvalidArgumentException.ForValue(
                    OptionName.FirewallProfile,
                    value,
                    (item.Length == 0 ? "an empty item; " : $"unknown profile '{InvalidArgumentException.Printable(item)}'; ") + Allowed);
            }

            mask |= bit;
        }

        return mask;
    }
}
