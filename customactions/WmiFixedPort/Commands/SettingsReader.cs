using System;
using System.Collections.Generic;
using System.Globalization;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Commands;

/// <summary>
/// Per public property: the value in force (read from winmgmt's configuration for WMIPORT and WMIAUTHLEVEL; null for
/// the firewall properties, whose rules the engine does not read), the value the product remembers
/// (<c>HKLM\SOFTWARE\WmiFixedPort\Settings</c>) and the value Group Policy asks for (<c>HKLM\SOFTWARE\Policies\WmiFixedPort</c>).
/// </summary>
internal static class SettingsReader
{
    public static readonly string[] Names = { "WMIPORT", "WMIAUTHLEVEL", "FIREWALL", "FIREWALL_REMOTE_ADDRESSES", "FIREWALL_PROFILE", "OPEN_RPC_EPMAP" };

    public static IReadOnlyList<Setting> Read(IRegistry registry, HostConfiguration configuration)
    {
        var settings = new List<Setting>();
        foreach (string name in Names)
        {
            settings.Add(new Setting(
                name,
                InForce(name, configuration),
                Text(registry.GetValue(RegistryLocations.SettingsKey, name)),
                Text(registry.GetValue(RegistryLocations.PolicyKey, name))));
        }

        return settings;
    }

    /// <summary>On a shared host the port is the dynamic RPC range: "dynamic", which differs from any remembered port.</summary>
    private static string? InForce(string name, HostConfiguration configuration)
    {
        bool standalone = configuration.Mode == HostMode.Standalone;
        return name switch
        {
            "WMIPORT" when configuration.Mode == HostMode.Unknown => null,
            "WMIPORT" => standalone && configuration.Port is int port ? port.ToString(CultureInfo.InvariantCulture) : "dynamic",
            "WMIAUTHLEVEL" => standalone ? configuration.AuthLevel?.ToString(CultureInfo.InvariantCulture) : null,
            _ => null,
        };
    }

    private static string? Text(RegValue? value) => value?.Text ?? value?.Number?.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One public property's values; <see cref="Drift"/> as CONTRACTS.md defines it.</summary>
internal sealed class Setting
{
    public Setting(string name, string? inForce, string? remembered, string? policy)
    {
        Name = name;
        InForce = inForce;
        Remembered = remembered;
        Policy = policy;
    }

    public string Name { get; }

    public string? InForce { get; }

    public string? Remembered { get; }

    public string? Policy { get; }

    public bool Drift => (Policy is not null && !Same(Policy, Remembered)) || (InForce is not null && Remembered is not null && !Same(InForce, Remembered));

    private static bool Same(string a, string? b) => string.Equals(a.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);
}
