using System;
using System.Collections.Generic;
using System.Globalization;
using WmiFixedPort.Validation;

namespace WmiFixedPort.Wixext;

/// <summary>
/// One attribute of &lt;FixedPort /&gt;: the public MSI property it feeds and how a
/// literal value is checked and written. The checks are the engine's own (customactions/WmiFixedPort/Validation).
/// </summary>
internal sealed class FixedPortSetting
{
    private readonly Func<string, string> canonical;

    private FixedPortSetting(string attribute, string property, Func<string, string> canonical)
    {
        Attribute = attribute;
        Property = property;
        this.canonical = canonical;
    }

    /// <summary>All settings, in the order of the public properties in CONTRACTS.md.</summary>
    public static IReadOnlyList<FixedPortSetting> All { get; } = new[]
    {
        new FixedPortSetting("Port", "WMIPORT", v => PortNumber.Parse(v).ToString(CultureInfo.InvariantCulture)),
        new FixedPortSetting("AuthenticationLevel", "WMIAUTHLEVEL", v => AuthenticationLevel.Parse(v).ToString(CultureInfo.InvariantCulture)),
        new FixedPortSetting("Firewall", "FIREWALL", v => YesNo("Firewall", "FIREWALL", v)),
        new FixedPortSetting("RemoteAddresses", "FIREWALL_REMOTE_ADDRESSES", v => string.Join(",", RemoteAddresses.Parse(v))),
        new FixedPortSetting("FirewallProfile", "FIREWALL_PROFILE", v => ProfileList(FirewallProfiles.Parse(v))),
        new FixedPortSetting("OpenRpcEndpointMapper", "OPEN_RPC_EPMAP", v => YesNo("OpenRpcEndpointMapper", "OPEN_RPC_EPMAP", v)),
    };

    /// <summary>The attribute's name on &lt;FixedPort /&gt;.</summary>
    public string Attribute { get; }

    /// <summary>The public MSI property the value lands in.</summary>
    public string Property { get; }

    /// <summary>The id of the SetProperty action the element adds for this setting (the layer below the remembered value).</summary>
    public string ActionId => FixedPortConstants.IdPrefix + "Set" + Property + "FromElement";

    /// <summary>The wixlib's action this one is scheduled before: the default's SetProperty, which the wixlib schedules
    /// after the remembered value's (WmiFixedPortSet&lt;PROPERTY&gt;FromPrevious).</summary>
    public string BeforeActionId => FixedPortConstants.IdPrefix + "Set" + Property + "Default";

    /// <summary>
    /// A value that refers to a property (contains '[') is formatted by Windows Installer and checked by the engine at install
    /// time. Any other value is checked now; returns it as the property must hold it, or throws
    /// <see cref="InvalidArgumentException"/> with the engine's message.
    /// </summary>
    public string ToPropertyValue(string value) => IsFormatted(value) ? value : canonical(value);

    public static bool IsFormatted(string value) => value.IndexOfAny(PropertyReferenceStart) >= 0;

    private static readonly char[] PropertyReferenceStart = { '[' };

    /// <summary>"yes"/"no" as WiX spells booleans; the property holds 1/0 (CONTRACTS.md).</summary>
    private static string YesNo(string attribute, string property, string value) => value switch
    {
        "yes" => "1",
        "no" => "0",
        _ => throw new InvalidArgumentException(
            $"Invalid {attribute} (MSI property {property}) value '{InvalidArgumentException.Printable(value)}': expected yes or no."),
    };

    /// <summary>The profile mask written the way the MSI's FIREWALL_PROFILE expects: 'all', or the names in the order domain, private, public.</summary>
    private static string ProfileList(int mask)
    {
        if (mask == FirewallProfiles.All)
        {
            return "all";
        }

        var names = new List<string>();
        if ((mask & 1) != 0)
        {
            names.Add("domain");
        }

        if ((mask & 2) != 0)
        {
            names.Add("private");
        }

        if ((mask & 4) != 0)
        {
            names.Add("public");
        }

        return string.Join(",", names);
    }
}
