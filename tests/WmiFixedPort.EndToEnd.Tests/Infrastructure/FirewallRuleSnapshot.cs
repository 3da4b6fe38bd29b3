using System.Collections.Generic;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>A firewall rule as Get-NetFirewallRule and its filters report it (enums as their text:
/// Profile "Domain, Private", Enabled "True", RemoteAddress "Any" for *).</summary>
internal sealed record FirewallRuleSnapshot(
    string DisplayName,
    string Group,
    string Enabled,
    string Direction,
    string Action,
    string Profile,
    string Protocol,
    IReadOnlyList<string> LocalPorts,
    IReadOnlyList<string> RemoteAddresses,
    string Service,
    string Program)
{
    public string Render() =>
        $"Firewall rule \"{DisplayName}\": Group={Group}; Enabled={Enabled}; Direction={Direction}; Action={Action}; "
        + $"Profile={Profile}; Protocol={Protocol}; LocalPort={string.Join(",", LocalPorts)}; "
        + $"RemoteAddress={string.Join(",", RemoteAddresses)}; Service={Service}; Program={Program}";
}
