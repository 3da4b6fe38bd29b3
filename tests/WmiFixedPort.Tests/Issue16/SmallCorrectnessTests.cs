using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;
using WmiFixedPort.Windows.Layout;

namespace WmiFixedPort.Tests.Issue16;

/// <summary>
/// Issue 16, point 5: the preflight asks for DELETE on the keys restore deletes; any registry value type in a tracked
/// key is recorded and restored byte for byte; the staged mark's process time is a raw UTC FILETIME.
/// (The planned stop reason: <see cref="LaunchProtectedDependentTests.Enable_EveryStop_CarriesThePlannedReconfigurationReason"/>.)
/// </summary>
[TestClass]
public sealed class SmallCorrectnessTests
{
    [TestMethod]
    public void Restore_WhenTheKeyItMustDeleteDeniesDelete_RefusesWithExitThreeBeforeAnyChange()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        machine.FakeRegistry.DenyDelete(RegistryLocations.SvcHostWinmgmtKey);
        IReadOnlyList<string> before = machine.Snapshot();
        int switches = machine.FakeWinmgmt.Runs.Count;

        CliRun run = CliRun.Of(machine, "restore");

        Assert.AreEqual(3, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, @"No delete access to HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost\winmgmt");
        Assert.AreEqual(switches, machine.FakeWinmgmt.Runs.Count, "winmgmt.exe was not run");
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
    }

    [TestMethod]
    public void Restore_WhenAKeyThatStaysDeniesDelete_IsNotRefused()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        machine.FakeRegistry.DenyDelete(RegistryLocations.SvcHostNetsvcsKey); // recorded as present: restore keeps it

        CliRun run = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, run.ExitCode, run.Output);
    }

    [TestMethod]
    public void EnableThenRestore_WithValuesOfEveryTypeInTrackedKeys_RestoresThemByteForByte()
    {
        FakeMachine machine = FakeMachine.Create()
            .WithValue(RegistryLocations.SvcHostNetsvcsKey, "NoneValue", RegValue.Raw(0, new byte[] { 1, 2, 3 }))
            .WithValue(RegistryLocations.SvcHostNetsvcsKey, "BigEndian", RegValue.Raw(5, new byte[] { 0, 0, 0, 7 }))
            .WithValue(RegistryLocations.SvcHostNetsvcsKey, "Quad", RegValue.QWord(0x0102030405060708))
            .WithValue(RegistryLocations.SvcHostNetsvcsKey, "Blob", RegValue.Binary(new byte[] { 0xFF }))
            .WithValue(RegistryLocations.SvcHostNetsvcsKey, "Unterminated", RegistryValueCodec.Decode(1, new byte[] { (byte)'a', 0 }));
        IReadOnlyList<string> before = machine.Snapshot();

        Assert.AreEqual(0, CliRun.Of(machine, "enable").ExitCode);
        CliRun restore = CliRun.Of(machine, "restore");

        Assert.AreEqual(0, restore.ExitCode, restore.Output);
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
    }

    [TestMethod]
    public void FileTime_ToUtc_IsTheRawUtcInstantWhateverTheLocalZone()
    {
        // 2026-03-29 01:30:00 UTC, inside the hour Europe's clocks skip: a local-time round trip can move it.
        long fileTime = new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc).ToFileTimeUtc();

        DateTime utc = FileTime.ToUtc(fileTime);

        Assert.AreEqual(DateTimeKind.Utc, utc.Kind);
        Assert.AreEqual(new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc).Ticks, utc.Ticks);
        Assert.AreEqual(fileTime, utc.ToFileTimeUtc());
    }
}
