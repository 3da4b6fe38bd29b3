using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace WmiFixedPort.Validation;

/// <summary>
/// The remote addresses of the firewall rules, in the forms Windows Firewall accepts (INetFwRule.RemoteAddresses):
/// <c>*</c> alone, or a comma list (no spaces) of keywords (LocalSubnet, DNS, DHCP, WINS, DefaultGateway),
/// IPv4 or IPv6 addresses, subnets as prefix (<c>10.0.0.0/8</c>, <c>fd00::/8</c>) or IPv4 mask
/// (<c>10.0.0.0/255.0.0.0</c>), and ranges <c>a-b</c> of one family with a &lt;= b.
/// </summary>
internal static class RemoteAddresses
{
    private const string Allowed =
        "expected '*' or a comma-separated list (no spaces) of IPv4/IPv6 addresses, subnets (10.0.0.0/8, fd00::/8, "
        + "10.0.0.0/255.0.0.0), ranges (10.0.0.1-10.0.0.9) or the keywords LocalSubnet, DNS, DHCP, WINS, DefaultGateway.";

    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "LocalSubnet",
        "DNS",
        "DHCP",
        "WINS",
        "DefaultGateway",
    };

    private static readonly Regex Ipv4 = new(
        @"^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$",
        RegexOptions.CultureInvariant);

    private static readonly Regex Ipv6Characters = new("^(?=.*:)[0-9A-Fa-f:.]+$", RegexOptions.CultureInvariant);
    private static readonly Regex PrefixLength = new("^(0|[1-9][0-9]{0,2})$", RegexOptions.CultureInvariant);

    /// <summary>Checks the list and returns its items.</summary>
    public static IReadOnlyList<string> Parse(string value)
    {
        if (value == "*")
        {
            return new[] { value };
        }

        string[] items = value.Split(',');
        foreach (string item in items)
        {
            string? problem = ProblemWith(item);
            if (problem is not null)
            {
                throw InvalidArgumentException.ForValue(OptionName.RemoteAddresses, value, problem + "; " + Allowed);
            }
        }

        return items;
    }

    private static string? ProblemWith(string item)
    {
        string shown = $"item '{InvalidArgumentException.Printable(item)}'";
        if (item.Length == 0)
        {
            return "an empty item";
        }

        if (item == "*")
        {
            return "'*' must stand alone";
        }

        if (Keywords.Contains(item))
        {
            return null;
        }

        int slash = item.IndexOf('/');
        if (slash >= 0)
        {
            return SubnetProblem(item.Substring(0, slash), item.Substring(slash + 1), shown);
        }

        int dash = item.IndexOf('-');
        if (dash >= 0)
        {
            IPAddress? first = ParseAddress(item.Substring(0, dash));
            IPAddress? last = ParseAddress(item.Substring(dash + 1));
            if (first is null || last is null)
            {
                return shown + " is not a range of two IP addresses";
            }

            if (first.AddressFamily != last.AddressFamily)
            {
                return shown + " mixes IPv4 and IPv6";
            }

            return Compare(first, last) > 0 ? shown + " starts after it ends" : null;
        }

        return ParseAddress(item) is null ? shown + " is not an IP address, subnet, range or keyword" : null;
    }

    private static string? SubnetProblem(string address, string suffix, string shown)
    {
        IPAddress? network = ParseAddress(address);
        if (network is null)
        {
            return shown + " does not start with an IP address";
        }

        int maxPrefix = network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (PrefixLength.IsMatch(suffix))
        {
            int prefix = int.Parse(suffix, NumberStyles.None, CultureInfo.InvariantCulture);
            return prefix <= maxPrefix ? null : $"{shown} has a prefix length above {maxPrefix}";
        }

        if (network.AddressFamily == AddressFamily.InterNetwork && Ipv4.IsMatch(suffix))
        {
            return IsContiguousMask(IPAddress.Parse(suffix).GetAddressBytes()) ? null : shown + " has a subnet mask that is not contiguous";
        }

        return $"{shown} needs a prefix length 0-{maxPrefix}" + (maxPrefix == 32 ? " or a subnet mask" : string.Empty);
    }

    private static IPAddress? ParseAddress(string text)
    {
        if (Ipv4.IsMatch(text))
        {
            return IPAddress.Parse(text);
        }

        // IPAddress.TryParse alone is too lenient ("1.2.3" parses as 1.2.0.3), so IPv6 must contain a colon
        // and only hex digits, colons and dots (no zone id).
        if (Ipv6Characters.IsMatch(text)
            && IPAddress.TryParse(text, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address;
        }

        return null;
    }

    private static bool IsContiguousMask(byte[] mask)
    {
        uint bits = ((uint)mask[0] << 24) | ((uint)mask[1] << 16) | ((uint)mask[2] << 8) | mask[3];
        uint inverted = ~bits;
        return (inverted & (inverted + 1)) == 0;
    }

    private static int Compare(IPAddress a, IPAddress b)
    {
        byte[] x = a.GetAddressBytes();
        byte[] y = b.GetAddressBytes();
        return x.Zip(y, (p, q) => p.CompareTo(q)).FirstOrDefault(c => c != 0);
    }
}
