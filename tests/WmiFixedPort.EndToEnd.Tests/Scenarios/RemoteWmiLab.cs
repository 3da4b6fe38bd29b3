using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;
using WmiFixedPort.EndToEnd.Tests.Windows;

namespace WmiFixedPort.EndToEnd.Tests.Scenarios;

/// <summary>Remote WMI, the product's whole point, from a second network identity on the runner (a process-isolated
/// Windows container, <see cref="RemoteClientContainer"/>), as a local administrator created for the run
/// (<see cref="LocalTestAccount"/>), with the firewall on and nothing but the product's rules admitting TCP 135 or the
/// WMI port (<see cref="FirewallLab"/>). In order:
/// <list type="number">
/// <item>control: before any install, TCP 135 on the host is closed to the container (else the firewall does not
/// filter this traffic and nothing below could be proved: the scenario fails saying so);</item>
/// <item>install with the rules scoped to the container's address (FIREWALL_PROFILE=all: the container network's
/// profile is whatever Windows made of it): a DCOM query answers, timed from msiexec's exit to the first answer; the
/// winmgmt process listens on the fixed port and <c>status --json</c> says "listening";</item>
/// <item>uninstall: the query fails and TCP 135 is closed again;</item>
/// <item>install with the rules scoped to 192.0.2.1 (TEST-NET-1, not the container): the query fails and TCP 135 and
/// the WMI port are closed to the container; uninstall.</item>
/// </list></summary>
[SupportedOSPlatform("windows")]
internal sealed class RemoteWmiLab
{
    private const string ExcludedAddress = "192.0.2.1";
    private static readonly TimeSpan FirstAnswerLimit = TimeSpan.FromMinutes(3);

    private readonly string _image;
    private readonly string _exe;
    private readonly TestContext _log;
    private readonly MeasurementLog _measurements;
    private readonly Func<string, MsiOperation, (string Name, string Value)[], MsiResult> _msiexec;

    public RemoteWmiLab(string image, string exe, TestContext log, MeasurementLog measurements, Func<string, MsiOperation, (string Name, string Value)[], MsiResult> msiexec)
    {
        _image = image;
        _exe = exe;
        _log = log;
        _measurements = measurements;
        _msiexec = msiexec;
    }

    /// <summary>Runs the steps; the container, the account and the firewall settings are torn down whatever happens,
    /// and a teardown failure is reported together with the steps' own failure (<see cref="ScenarioRun"/>).</summary>
    public void Run()
    {
        var teardown = new Stack<(string What, Action Undo)>();
        ScenarioRun.Execute(() => RunSteps(teardown), () => TearDown(teardown), message => new AssertFailedException(message));
    }

    private static CleanupReport TearDown(Stack<(string What, Action Undo)> teardown)
    {
        var problems = new List<string>();
        while (teardown.Count > 0)
        {
            (string what, Action undo) = teardown.Pop();
            try
            {
                undo();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                problems.Add($"{what} failed: {e.GetType().Name}: {e.Message}");
            }
        }

        return new CleanupReport(problems, Array.Empty<string>());
    }

    private void RunSteps(Stack<(string What, Action Undo)> teardown)
    {
        var setUp = Stopwatch.StartNew();
        RemoteClientContainer client = RemoteClientContainer.Start(_image);
        teardown.Push(("Removing the client container " + client.Name, client.Dispose));
        LocalTestAccount account = LocalTestAccount.Create(WindowsPowerShell.Instance);
        teardown.Push(("Removing the test account and putting LocalAccountTokenFilterPolicy back", account.Dispose));
        FirewallLab firewall = FirewallLab.Enter(WindowsPowerShell.Instance, ProductFacts.DefaultPort);
        teardown.Push(("Putting the firewall profiles and the disabled rules back", firewall.Dispose));
        _log.WriteLine($"Remote client {client.Name} ({_image}) at {client.ClientAddress}; host at {client.HostAddress}; account {account.QualifiedName(Environment.MachineName)}; set-up {setUp.Elapsed.TotalSeconds:0.0} s.");
        _log.WriteLine(firewall.Describe());
        _measurements.AddNote("Remote WMI: " + firewall.Describe());

        Assert.IsFalse(client.TcpOpen(135),
            $"Control failed: before any install, TCP 135 on {client.HostAddress} answered the container at {client.ClientAddress}. The host firewall does not filter "
            + "this container's traffic, so nothing about the product's rules can be proved on this runner. " + firewall.Describe());

        // 1. Rules scoped to the container: the query must answer, through TCP 135 and the fixed port only.
        Install("install, rules scoped to the container", client.ClientAddress);
        var clock = Stopwatch.StartNew();
        RemoteQueryResult answer = FirstAnswer(client, account, out int attempts);
        _measurements.AddFigure("Remote WMI: time from msiexec's exit to the first answered DCOM query",
            string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:0.0} s ({attempts} attempt(s))"));
        Assert.IsTrue(answer.Ok, $"A DCOM WMI query from the container ({client.ClientAddress}) through the product's rules must answer within {FirstAnswerLimit.TotalMinutes:0} min of the install; last error: {answer.Error}");
        Assert.AreEqual(Environment.MachineName, answer.CsName, true, CultureInfo.InvariantCulture, "The remote query must report the host's name.");
        Assert.IsTrue(client.TcpOpen(ProductFacts.DefaultPort), $"TCP {ProductFacts.DefaultPort} must be open to the container once the rules are in place.");
        ConfiguredHost.AssertListeningAfterRemoteQuery(_exe, ProductFacts.DefaultPort);

        // 2. Uninstall: closed again.
        Uninstall("uninstall after the scoped install");
        RemoteQueryResult afterUninstall = client.Query(account.QualifiedName(Environment.MachineName), account.Password);
        _measurements.AddNote("Remote WMI after uninstall: " + (afterUninstall.Ok ? "answered" : "failed: " + afterUninstall.Error));
        Assert.IsFalse(afterUninstall.Ok, "After the uninstall, the remote query must fail (the rules are gone).");
        Assert.IsFalse(client.TcpOpen(135), "After the uninstall, TCP 135 must be closed to the container again.");

        // 3. Rules scoped to another address: the container is refused.
        Install("install, rules scoped to " + ExcludedAddress, ExcludedAddress);
        RemoteQueryResult excluded = client.Query(account.QualifiedName(Environment.MachineName), account.Password);
        _measurements.AddNote("Remote WMI with the rules scoped to " + ExcludedAddress + ": " + (excluded.Ok ? "answered" : "failed: " + excluded.Error));
        Assert.IsFalse(excluded.Ok, $"With the rules scoped to {ExcludedAddress}, the query from {client.ClientAddress} must fail.");
        Assert.IsFalse(client.TcpOpen(135), $"With the rules scoped to {ExcludedAddress}, TCP 135 must be closed to the container.");
        Assert.IsFalse(client.TcpOpen(ProductFacts.DefaultPort), $"With the rules scoped to {ExcludedAddress}, TCP {ProductFacts.DefaultPort} must be closed to the container.");
        Uninstall("uninstall after the excluding install");
    }

    private void Install(string step, string remoteAddresses)
    {
        MsiResult result = _msiexec(step, MsiOperation.Install, new[] { ("FIREWALL_PROFILE", "all"), ("FIREWALL_REMOTE_ADDRESSES", remoteAddresses) });
        Assert.AreEqual(MsiExitCodes.Success, result.ExitCode, $"{step}: msiexec exit code; log: {result.LogPath}");
        MachineSnapshotRules(remoteAddresses);
    }

    private void Uninstall(string step)
    {
        MsiResult result = _msiexec(step, MsiOperation.Uninstall, Array.Empty<(string, string)>());
        Assert.AreEqual(MsiExitCodes.Success, result.ExitCode, $"{step}: msiexec exit code; log: {result.LogPath}");
    }

    /// <summary>The rules carry the scope asked for (a single address renders as itself).</summary>
    private static void MachineSnapshotRules(string remoteAddress)
    {
        var rules = Firewall.ReadProductRules();
        foreach (FirewallRuleSnapshot rule in rules)
        {
            CollectionAssert.AreEqual(new[] { remoteAddress }, (System.Collections.ICollection)rule.RemoteAddresses, "RemoteAddress of " + rule.Render());
        }

        Assert.HasCount(2, rules, "The product's two rules: " + string.Join(" | ", System.Linq.Enumerable.Select(rules, r => r.Render())));
    }

    private RemoteQueryResult FirstAnswer(RemoteClientContainer client, LocalTestAccount account, out int attempts)
    {
        var clock = Stopwatch.StartNew();
        attempts = 0;
        RemoteQueryResult result;
        do
        {
            attempts++;
            result = client.Query(account.QualifiedName(Environment.MachineName), account.Password);
            if (result.Ok)
            {
                return result;
            }

            _log.WriteLine($"Remote query attempt {attempts} at {clock.Elapsed.TotalSeconds:0.0} s failed: {result.Error}");
            Thread.Sleep(TimeSpan.FromSeconds(2));
        }
        while (clock.Elapsed < FirstAnswerLimit);

        return result;
    }
}
