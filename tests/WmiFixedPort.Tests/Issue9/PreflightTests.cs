using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Issue9;

/// <summary>Issue 9, point 3: refuse before changing, not halfway (exit code 3, nothing changed, the key or service named).</summary>
[TestClass]
public sealed class PreflightTests
{
    [TestMethod]
    public void Enable_WhenTheAppIdKeyIsNotWritable_RefusesWithExitCode3AndChangesNothing()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeRegistry.MakeReadOnly(RegistryLocations.DcomAppIdKey);

        AssertRefused(
            machine,
            new[] { "enable" },
            @"ERROR: Refused: No write access to HKLM\SOFTWARE\Classes\AppID\{8BC3F05E-D86B-11D0-A075-00C04FB68820} (TrustedInstaller's?). "
            + "Give Administrators Full Control of it, then run again. Nothing was changed.");
    }

    [TestMethod]
    public void Enable_WhenTheSvcHostKeyIsNotWritable_RefusesNamingIt()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeRegistry.MakeReadOnly(RegistryLocations.SvcHostKey);

        AssertRefused(
            machine,
            new[] { "enable" },
            @"ERROR: Refused: No write access to HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost (TrustedInstaller's?). "
            + "Give Administrators Full Control of it, then run again. Nothing was changed.");
    }

    [TestMethod]
    public void Enable_InA32BitProcessOn64BitWindows_Refuses()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakePlatform.Is64BitProcess = false;

        AssertRefused(
            machine,
            new[] { "enable" },
            "ERROR: Refused: This is a 32-bit process on 64-bit Windows (it would see the WOW64 registry); run it from a 64-bit process. Nothing was changed.");
    }

    [TestMethod]
    public void Enable_WhenADependentIsStuckStarting_RefusesNamingIt()
    {
        FakeMachine machine = FakeMachine.Create();
        FakeService stuck = machine.FakeServices["NcaSvc"];
        stuck.State = ServiceState.StartPending;
        stuck.ReportsProgress = false;
        stuck.PendingUntil = DateTime.MaxValue;

        CliRun run = AssertRefused(machine, new[] { "enable" }, "ERROR: Refused: Service NcaSvc: still StartPending after 30.");
        StringAssert.EndsWith(run.Lines.Single(line => line.StartsWith("ERROR:", StringComparison.Ordinal)), "(wait hint 2.0 s). Run again once it has started or stopped. Nothing was changed.");
    }

    [TestMethod]
    public void Enable_WhenADependentIsStillStartingWithProgress_WaitsAndSwitches()
    {
        FakeMachine machine = FakeMachine.Create();
        FakeService starting = machine.FakeServices["NcaSvc"];
        starting.State = ServiceState.StartPending;
        starting.PendingSince = machine.Clock.UtcNow;
        starting.PendingUntil = machine.Clock.UtcNow + TimeSpan.FromSeconds(45);

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(1, machine.WinmgmtRestarts);
    }

    [TestMethod]
    public void Restore_WhenTheServiceKeyIsNotWritable_RefusesAndKeepsTheRecord()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        machine.FakeRegistry.MakeReadOnly(RegistryLocations.ServiceKey);

        AssertRefused(
            machine,
            new[] { "restore" },
            @"ERROR: Refused: No write access to HKLM\SYSTEM\CurrentControlSet\Services\Winmgmt (TrustedInstaller's?). Give Administrators Full Control of it, then run again. Nothing was changed.");
        Assert.IsTrue(machine.FakeRegistry.KeyExists(RegistryLocations.StateKey));
    }

    [TestMethod]
    public void Enable_WhenNothingChangesAndTheAppIdKeyIsNotWritable_SucceedsWithoutRestart()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        machine.FakeRegistry.MakeReadOnly(RegistryLocations.DcomAppIdKey);

        CliRun run = CliRun.Of(machine, "enable");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(1, machine.WinmgmtRestarts);
    }

    [TestMethod]
    public void Enable_WhatIf_WhenAKeyIsNotWritable_SaysItWouldBeRefused()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeRegistry.MakeReadOnly(RegistryLocations.DcomAppIdKey);

        CliRun run = CliRun.Of(machine, "enable", "--what-if");

        Assert.AreEqual(3, run.ExitCode, run.Output);
    }

    private static CliRun AssertRefused(FakeMachine machine, string[] args, string expectedLineStart)
    {
        IReadOnlyList<string> before = machine.Snapshot();
        int runs = machine.FakeWinmgmt.Runs.Count;
        int serviceEvents = machine.FakeServices.Log.Count;

        CliRun run = CliRun.Of(machine, args);

        Assert.AreEqual(3, run.ExitCode, run.Output);
        Assert.AreEqual(1, run.Lines.Count(line => line.StartsWith(expectedLineStart, StringComparison.Ordinal)), run.Output);
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
        Assert.AreEqual(runs, machine.FakeWinmgmt.Runs.Count, "winmgmt.exe not run");
        Assert.AreEqual(serviceEvents, machine.FakeServices.Log.Count, "no service stopped or started");
        Assert.AreEqual(EventKind.Error, machine.FakeEventLog.Events[machine.FakeEventLog.Events.Count - 1].Key);
        return run;
    }
}
