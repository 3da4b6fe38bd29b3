using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Issue9;

/// <summary>
/// Issue 9, point 2: install then uninstall leaves every value under Services\winmgmt, SvcHost (the group lists and
/// the netsvcs and winmgmt keys) and winmgmt's AppID byte for byte as before, absent values staying absent, although
/// <c>/sharedhost</c> overwrites the SvcHost\netsvcs key.
/// </summary>
[TestClass]
public sealed class ExactRestoreTests
{
    private static readonly string[] ComparedKeys =
    {
        RegistryLocations.ServiceKey, RegistryLocations.SvcHostKey, RegistryLocations.DcomAppIdKey,
    };

    [TestMethod]
    public void EnableThenRestore_OnStockHost_LeavesWinmgmtSvcHostAndAppIdByteForByte()
    {
        FakeMachine machine = FakeMachine.Create();
        IReadOnlyList<string> before = Compared(machine);

        CliRun.Of(machine, "enable", "--port", "24200", "--auth-level", "6");
        CollectionAssert.AreNotEqual(before.ToList(), Compared(machine).ToList(), "enable changed the compared keys");
        CliRun restore = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, restore.ExitCode, restore.Output);
        CollectionAssert.AreEqual(new[] { "/standalonehost 6", "/sharedhost" }, machine.FakeWinmgmt.Runs.ToList());
        ExpectedState.SnapshotsEqual(before, Compared(machine));
    }

    [TestMethod]
    public void EnableThenRestore_WhenTheNetsvcsKeyWasAbsent_DeletesTheKeySharedHostCreated()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeRegistry.DeleteKeyTree(RegistryLocations.SvcHostNetsvcsKey);
        IReadOnlyList<string> before = Compared(machine);

        CliRun.Of(machine, "enable");
        CliRun restore = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, restore.ExitCode, restore.Output);
        Assert.IsFalse(machine.FakeRegistry.KeyExists(RegistryLocations.SvcHostNetsvcsKey));
        ExpectedState.SnapshotsEqual(before, Compared(machine));
    }

    [TestMethod]
    public void Restore_WithAFormat1Record_RestoresTheRestAndSaysTheNetsvcsKeyStays()
    {
        FakeMachine machine = FakeMachine.Create();
        IReadOnlyList<string> before = machine.Snapshot();
        CliRun.Of(machine, "enable");
        // What a version 1 engine wrote: no copy of SvcHost\netsvcs.
        machine.FakeRegistry.DeleteKeyTree(RegistryLocations.StateKey + @"\SvcHostNetsvcsKey");
        machine.FakeRegistry.SetValue(RegistryLocations.StateKey, "FormatVersion", RegValue.DWord(1));

        CliRun restore = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, restore.ExitCode, restore.Output);
        CollectionAssert.Contains(restore.Lines.ToList(), @"The record (format 1) has no copy of SvcHost\netsvcs: that key stays as it is.");
        var netsvcsKey = @"HKLM\" + RegistryLocations.SvcHostNetsvcsKey + @"\";
        ExpectedState.SnapshotsEqual(
            before.Where(line => !line.StartsWith(netsvcsKey, StringComparison.OrdinalIgnoreCase)).ToList(),
            machine.Snapshot().Where(line => !line.StartsWith(netsvcsKey, StringComparison.OrdinalIgnoreCase)).ToList());
        Assert.AreEqual("REG_DWORD 4", machine.FakeRegistry.GetValue(RegistryLocations.SvcHostNetsvcsKey, "AuthenticationLevel")?.ToString(), "what /sharedhost wrote stays");
    }

    [TestMethod]
    public void Enable_OnAFormat1RecordWhileStandalone_AddsTheNetsvcsCopySoRestoreIsExact()
    {
        FakeMachine machine = FakeMachine.Create();
        IReadOnlyList<string> before = machine.Snapshot();
        CliRun.Of(machine, "enable");
        machine.FakeRegistry.DeleteKeyTree(RegistryLocations.StateKey + @"\SvcHostNetsvcsKey");
        machine.FakeRegistry.SetValue(RegistryLocations.StateKey, "FormatVersion", RegValue.DWord(1));

        CliRun upgrade = CliRun.Of(machine, "enable");
        CliRun restore = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, upgrade.ExitCode, upgrade.Output);
        CollectionAssert.Contains(upgrade.Lines.ToList(), @"Record upgraded to format 2 (SvcHost\netsvcs added).");
        Assert.AreEqual(2, machine.WinmgmtRestarts, "the first enable once, the upgrade none, the restore once");
        Assert.AreEqual(0, restore.ExitCode, restore.Output);
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
    }

    [TestMethod]
    public void Restore_WithARecordOfANewerFormat_FailsAndChangesNothing()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        machine.FakeRegistry.SetValue(RegistryLocations.StateKey, "FormatVersion", RegValue.DWord(3));
        IReadOnlyList<string> enabled = machine.Snapshot();

        CliRun restore = CliRun.Of(machine, "restore");

        Assert.AreEqual(1, restore.ExitCode, restore.Output);
        CollectionAssert.Contains(restore.Lines.ToList(), @"ERROR: Read the record failed: the record HKLM\SOFTWARE\WmiFixedPort\State is damaged (format 3 is newer than this exe reads)");
        ExpectedState.SnapshotsEqual(enabled, machine.Snapshot());
    }

    /// <summary>Every key and value under the compared keys (their subkeys included), as sorted lines.</summary>
    private static List<string> Compared(FakeMachine machine) =>
        machine.FakeRegistry.Snapshot()
            .Where(line => ComparedKeys.Any(key => line.StartsWith(@"HKLM\" + key, StringComparison.OrdinalIgnoreCase)))
            .ToList();
}
