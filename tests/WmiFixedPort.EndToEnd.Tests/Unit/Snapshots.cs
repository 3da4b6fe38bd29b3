using System;
using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Unit;

/// <summary>Hand-made snapshots for the pure-logic tests.</summary>
internal static class Snapshots
{
    public static MachineSnapshot SharedHost(string[]? netsvcs = null) => new(
        new[]
        {
            Value(ProductFacts.ServiceKey, "ImagePath", RegistryData.Text(RegistryData.ExpandString, @"%systemroot%\system32\svchost.exe -k netsvcs -p")),
            Value(ProductFacts.ServiceKey, "Type", RegistryData.Number(RegistryData.DWord, 32)),
            Value(ProductFacts.SvcHostKey, "netsvcs", RegistryData.Lines(netsvcs ?? new[] { "BITS", "winmgmt" })),
            Value(ProductFacts.SvcHostKey, "winmgmt", null),
            Value(ProductFacts.DcomAppIdKey, "Endpoints", null),
        },
        new[]
        {
            new RegistryKeySnapshot(ProductFacts.SvcHostWinmgmtKey, false, Array.Empty<RegistryValueSnapshot>()),
            new RegistryKeySnapshot(ProductFacts.ProductKey, false, Array.Empty<RegistryValueSnapshot>()),
            new RegistryKeySnapshot(ProductFacts.EventSourceKey, false, Array.Empty<RegistryValueSnapshot>()),
        },
        Array.Empty<FirewallRuleSnapshot>());

    public static MachineSnapshot StandaloneHost() => new(
        new[]
        {
            Value(ProductFacts.ServiceKey, "ImagePath", RegistryData.Text(RegistryData.ExpandString, @"%systemroot%\system32\svchost.exe -k winmgmt")),
            Value(ProductFacts.ServiceKey, "Type", RegistryData.Number(RegistryData.DWord, 32)),
            Value(ProductFacts.SvcHostKey, "netsvcs", RegistryData.Lines(new[] { "BITS" })),
            Value(ProductFacts.SvcHostKey, "winmgmt", RegistryData.Lines(new[] { "winmgmt" })),
            Value(ProductFacts.DcomAppIdKey, "Endpoints", RegistryData.Lines(new[] { "ncacn_ip_tcp,0,24158" })),
        },
        new[]
        {
            new RegistryKeySnapshot(ProductFacts.SvcHostWinmgmtKey, true, new[]
            {
                Value(ProductFacts.SvcHostWinmgmtKey, "AuthenticationLevel", RegistryData.Number(RegistryData.DWord, 5)),
            }),
            new RegistryKeySnapshot(ProductFacts.ProductKey, true, Array.Empty<RegistryValueSnapshot>()),
            new RegistryKeySnapshot(ProductFacts.EventSourceKey, true, Array.Empty<RegistryValueSnapshot>()),
        },
        new[] { WmiRule() });

    public static FirewallRuleSnapshot WmiRule() => new(
        ProductFacts.WmiRuleName, "WmiFixedPort", "True", "Inbound", "Allow", "Domain, Private", "TCP",
        new[] { "24158" }, new[] { "Any" }, "winmgmt", @"%SystemRoot%\system32\svchost.exe");

    public static string[] ToArray(IEnumerable<string> lines) => lines.ToArray();

    private static RegistryValueSnapshot Value(string key, string name, RegistryData? data) => new(key, name, data);
}
