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

/// <summary>The checks of "WMI is on its fixed port and reachable": registry, firewall rules, a DCOM query, and the
/// exe's own status agreeing with all of that; the listening socket where a remote query really ran.</summary>
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

    /// <summary>Everything an install with the given port and level promises: registry, rules, a local DCOM query, and
    /// <c>status --json</c> agreeing with all of it. The TCP listener is measured and recorded, not asserted: a local
    /// query does not need it (see <see cref="ListeningNote"/>).</summary>
    public static ExeStatusReport AssertConfigured(string exe, int port, TestContext log, Action<string> recordNote, int authLevel = ProductFacts.DefaultAuthLevel, string? remoteAddress = ProductFacts.AnyRemoteAddressText)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(recordNote);
        MachineSnapshot snapshot = Capture();
        log.WriteLine("Configured machine:" + Environment.NewLine + string.Join(Environment.NewLine, snapshot.Render()));
        AssertStandalone(snapshot);
        Assert.AreEqual(authLevel.ToString(CultureInfo.InvariantCulture),
            snapshot.Value(ProductFacts.SvcHostWinmgmtKey, "AuthenticationLevel")?.Single,
            $@"HKLM\{ProductFacts.SvcHostWinmgmtKey} : AuthenticationLevel");
        CollectionAssert.AreEqual(new[] { ProductFacts.EndpointFor(port) },
            (snapshot.Value(ProductFacts.DcomAppIdKey, "Endpoints")?.Items ?? Array.Empty<string>()).ToArray(),
            $@"HKLM\{ProductFacts.DcomAppIdKey} : Endpoints");
        AssertRules(snapshot.FirewallRules, port, remoteAddress);

        int pid = WinmgmtService.ProcessId();
        Assert.AreNotEqual(0, pid, "winmgmt must be running.");
        string machine = WmiProbe.QueryOwnMachineOverDcom();
        Assert.AreEqual(Environment.MachineName, machine, true, CultureInfo.InvariantCulture,
            "A DCOM WMI query to the machine's own name must answer with that name.");
        ExeStatusReport status = AssertExeStatus(exe, port, authLevel, pid);
        recordNote(ListeningNote.Describe("After a local DCOM query", port, pid, ListeningPorts.OwningProcesses(port), status.Listening));
        return status;
    }

    /// <summary>The product's rules, exactly, in the product's group. <paramref name="remoteAddress"/> null: the remote
    /// addresses are not compared (Get-NetFirewallAddressFilter renders subnets in its own notation).</summary>
    public static void AssertRules(IReadOnlyList<FirewallRuleSnapshot> rules, int port, string? remoteAddress = ProductFacts.AnyRemoteAddressText)
    {
        ArgumentNullException.ThrowIfNull(rules);
        CollectionAssert.AreEqual(
            new[] { ProductFacts.RpcEndpointMapperRuleName, ProductFacts.WmiRuleName },
            rules.Select(r => r.DisplayName).OrderBy(n => n, StringComparer.Ordinal).ToArray(),
            "The product's firewall rules: " + string.Join(" | ", rules.Select(r => r.Render())));
        AssertRule(rules.Single(r => r.DisplayName == ProductFacts.WmiRuleName), port.ToString(CultureInfo.InvariantCulture), "winmgmt", remoteAddress);
        AssertRule(rules.Single(r => r.DisplayName == ProductFacts.RpcEndpointMapperRuleName), "135", "RpcSs", remoteAddress);
    }

    /// <summary>Only where a remote client's query really crossed the network: the winmgmt process, and no other,
    /// listens on the port, and <c>status --json</c> says so.</summary>
    public static void AssertListeningAfterRemoteQuery(string exe, int port)
    {
        int pid = WinmgmtService.ProcessId();
        IReadOnlyList<int> owners = ListeningPorts.OwningProcesses(port);
        Assert.IsTrue(owners.Count > 0 && owners.All(o => o == pid),
            $"After a remote DCOM query, TCP {port} must be listened on by winmgmt's process {pid} and no other; listeners: [{string.Join(", ", owners)}].");
        ExeStatusReport status = ReadStatus(exe);
        Assert.AreEqual(new ListeningStatus(port, "listening", status.Listening.Note), status.Listening,
            "status --json must report the listener after a remote query: " + status.Listening);
    }

    public static void AssertNotListening(int port, int pid)
    {
        IReadOnlyList<int> owners = ListeningPorts.OwningProcesses(port);
        Assert.IsFalse(owners.Contains(pid), $"winmgmt's process {pid} must no longer listen on TCP {port}.");
    }

    public static ExeStatusReport ReadStatus(string exe)
    {
        ProcessResult result = ProcessRunner.Run(exe, new[] { "status", "--json" }, TimeSpan.FromMinutes(1));
        Assert.AreEqual(0, result.ExitCode, $"WmiFixedPort.exe status --json: {result.StandardOutput} {result.StandardError}");
        return ExeStatusReport.Parse(result.StandardOutput.Trim());
    }

    private static MachineSnapshot Capture() => new(MachineRegistry.ReadValues(), MachineRegistry.ReadKeys(), Firewall.ReadProductRules());

    private static void AssertRule(FirewallRuleSnapshot rule, string port, string service, string? remoteAddress)
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
        if (remoteAddress is not null)
        {
            CollectionAssert.AreEqual(new[] { remoteAddress }, rule.RemoteAddresses.ToArray(), "RemoteAddress of " + what);
        }
    }

    private static ExeStatusReport AssertExeStatus(string exe, int port, int authLevel, int pid)
    {
        ExeStatusReport status = ReadStatus(exe);
        Assert.AreEqual(
            new ExeStatus("standalone", port, authLevel, true, false, "Running", pid, false),
            status.Status,
            "WmiFixedPort.exe status --json must agree with the registry and the service control manager (mode, port, level, record, nothing staged, no drift).");
        Assert.AreEqual(port.ToString(CultureInfo.InvariantCulture), status.Setting("WMIPORT").InForce, "status --json: WMIPORT in force");
        return status;
    }
}
