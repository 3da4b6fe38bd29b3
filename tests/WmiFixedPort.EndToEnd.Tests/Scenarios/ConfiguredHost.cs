using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.Versioning;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;
using WmiFixedPort.EndToEnd.Tests.Windows;

namespace WmiFixedPort.EndToEnd.Tests.Scenarios;

/// <summary>The checks of "WMI is on its fixed port and reachable": registry, listening socket, firewall rules,
/// a DCOM query, and the exe's own status agreeing with all of that.</summary>
[SupportedOSPlatform("windows")]
internal static class ConfiguredHost
{
    public static void AssertStandalone(MachineSnapshot snapshot)
    {
        string imagePath = snapshot.Value(ProductFacts.ServiceKey, "ImagePath")?.Single ?? "(absent)";
        Assert.IsTrue(imagePath.Contains(ProductFacts.StandaloneImagePathMarker, StringComparison.OrdinalIgnoreCase),
            $"winmgmt must run in its own host (ImagePath with '{ProductFacts.StandaloneImagePathMarker}'), but ImagePath is '{imagePath}'.");
        IReadOnlyList<string> winmgmtGroup = snapshot.Value(ProductFacts.SvcHostKey, "winmgmt")?.Items ?? Array.Empty<string>();
        Assert.IsTrue(winmgmtGroup.Contains("winmgmt", StringComparer.OrdinalIgnoreCase),
            $@"HKLM\{ProductFacts.SvcHostKey} : winmgmt must list winmgmt; it is [{string.Join(", ", winmgmtGroup)}].");
        IReadOnlyList<string> netsvcs = snapshot.Value(ProductFacts.SvcHostKey, "netsvcs")?.Items ?? Array.Empty<string>();
        Assert.IsFalse(netsvcs.Contains("winmgmt", StringComparer.OrdinalIgnoreCase),
            $@"HKLM\{ProductFacts.SvcHostKey} : netsvcs must no longer list winmgmt.");
    }

    /// <summary>Everything a default install (or one with the given port) promises.</summary>
    public static void AssertConfigured(string exe, int port, TestContext log)
    {
        MachineSnapshot snapshot = MachineState.Capture();
        log.WriteLine("Configured machine:" + Environment.NewLine + string.Join(Environment.NewLine, snapshot.Render()));
        AssertStandalone(snapshot);
        Assert.AreEqual(ProductFacts.DefaultAuthLevel.ToString(CultureInfo.InvariantCulture),
            snapshot.Value(ProductFacts.SvcHostWinmgmtKey, "AuthenticationLevel")?.Single,
            $@"HKLM\{ProductFacts.SvcHostWinmgmtKey} : AuthenticationLevel");
        CollectionAssert.AreEqual(new[] { ProductFacts.EndpointFor(port) },
            (snapshot.Value(ProductFacts.DcomAppIdKey, "Endpoints")?.Items ?? Array.Empty<string>()).ToArray(),
            $@"HKLM\{ProductFacts.DcomAppIdKey} : Endpoints");
        AssertRules(snapshot.FirewallRules, port);

        int pid = WinmgmtService.ProcessId();
        Assert.AreNotEqual(0, pid, "winmgmt must be running.");
        string machine = WmiProbe.QueryOwnMachineOverDcom();
        Assert.AreEqual(Environment.MachineName, machine, true, CultureInfo.InvariantCulture,
            "A DCOM WMI query to the machine's own name must answer with that name.");
        AssertListening(port, pid);
        AssertExeStatus(exe, port, pid);
    }

    /// <summary>The two rules, exactly, in the product's group.</summary>
    public static void AssertRules(IReadOnlyList<FirewallRuleSnapshot> rules, int port)
    {
        CollectionAssert.AreEqual(
            new[] { ProductFacts.RpcEndpointMapperRuleName, ProductFacts.WmiRuleName },
            rules.Select(r => r.DisplayName).OrderBy(n => n, StringComparer.Ordinal).ToArray(),
            "The product's firewall rules: " + string.Join(" | ", rules.Select(r => r.Render())));
        AssertRule(rules.Single(r => r.DisplayName == ProductFacts.WmiRuleName), port.ToString(CultureInfo.InvariantCulture), "winmgmt");
        AssertRule(rules.Single(r => r.DisplayName == ProductFacts.RpcEndpointMapperRuleName), "135", "RpcSs");
    }

    /// <summary>The winmgmt process, and no other, listens on the port. COM may register a fixed endpoint only
    /// when it is first needed, so this runs after a DCOM query and waits up to 30 s.</summary>
    public static void AssertListening(int port, int pid)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<int> owners;
        while (true)
        {
            owners = ListeningPorts.OwningProcesses(port);
            if (owners.Contains(pid) || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                break;
            }

            Thread.Sleep(TimeSpan.FromSeconds(1));
        }

        Assert.IsTrue(owners.Count > 0 && owners.All(o => o == pid),
            $"TCP {port} must be listened on by winmgmt's process {pid} (and no other) within 30 s of a DCOM query; listeners: [{string.Join(", ", owners)}]. "
            + "If there is none, COM may register the fixed endpoint only for a remote client: check with a remote query before changing the product.");
    }

    public static void AssertNotListening(int port, int pid)
    {
        IReadOnlyList<int> owners = ListeningPorts.OwningProcesses(port);
        Assert.IsFalse(owners.Contains(pid), $"winmgmt's process {pid} must no longer listen on TCP {port}.");
    }

    private static void AssertRule(FirewallRuleSnapshot rule, string port, string service)
    {
        string what = rule.Render();
        Assert.AreEqual(ProductFacts.FirewallGroup, rule.Group, "Group of " + what);
        Assert.AreEqual("True", rule.Enabled, "Enabled of " + what);
        Assert.AreEqual("Inbound", rule.Direction, "Direction of " + what);
        Assert.AreEqual("Allow", rule.Action, "Action of " + what);
        Assert.AreEqual("TCP", rule.Protocol, "Protocol of " + what);
        CollectionAssert.AreEqual(new[] { port }, rule.LocalPorts.ToArray(), "LocalPort of " + what);
        Assert.AreEqual(service, rule.Service, true, CultureInfo.InvariantCulture, "Service of " + what);
        Assert.AreEqual(ProductFacts.DefaultProfileText, rule.Profile, "Profile of " + what);
        CollectionAssert.AreEqual(new[] { ProductFacts.AnyRemoteAddressText }, rule.RemoteAddresses.ToArray(), "RemoteAddress of " + what);
    }

    private static void AssertExeStatus(string exe, int port, int pid)
    {
        ProcessResult result = ProcessRunner.Run(exe, new[] { "status", "--json" }, TimeSpan.FromMinutes(1));
        Assert.AreEqual(0, result.ExitCode, $"WmiFixedPort.exe status --json: {result.StandardOutput} {result.StandardError}");
        ExeStatus status = ExeStatus.Parse(result.StandardOutput.Trim());
        Assert.AreEqual(
            new ExeStatus("standalone", port, ProductFacts.DefaultAuthLevel, true, "Running", pid),
            status,
            "WmiFixedPort.exe status --json must agree with the registry and the service control manager: " + result.StandardOutput.Trim());
    }
}
