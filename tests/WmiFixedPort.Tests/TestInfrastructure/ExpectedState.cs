using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Tests.TestInfrastructure;

/// <summary>Assertions over whole outcomes: snapshots, the service log, the configuration.</summary>
internal static class ExpectedState
{
    private static readonly Regex ProcessId = new(@" \(PID \d+\)");

    public static void SnapshotsEqual(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.IsTrue(
            missing.Count == 0 && extra.Count == 0 && expected.SequenceEqual(actual),
            "Snapshots differ.\nMissing:\n  " + string.Join("\n  ", missing) + "\nUnexpected:\n  " + string.Join("\n  ", extra));
    }

    /// <summary>The service log without process ids, which vary.</summary>
    public static IReadOnlyList<string> ServiceLog(FakeMachine machine) =>
        machine.FakeServices.Log.Select(line => ProcessId.Replace(line, string.Empty)).ToList();

    public static void Configuration(FakeMachine machine, HostMode mode, int? port, int? authLevel)
    {
        HostConfiguration configuration = new HostConfigurationReader(machine.FakeRegistry).Read();
        Assert.AreEqual(mode, configuration.Mode, "mode");
        Assert.AreEqual(port, configuration.Port, "port");
        Assert.AreEqual(authLevel, configuration.AuthLevel, "auth level");
    }

    public static RegValue? Value(FakeMachine machine, string keyPath, string valueName) =>
        machine.FakeRegistry.GetValue(keyPath, valueName);
}
