using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Fakes;

/// <summary>
/// The fake Windows itself, against its sources: winmgmt.exe's writes as shared/docs/wmi-fixed-port.md and issue 9
/// state them, and the SCM's progress reporting (SERVICE_STATUS) and refusals (ControlService).
/// </summary>
[TestClass]
public sealed class FakeWindowsModelTests
{
    [TestMethod]
    public void FakeWinmgmtExe_SharedHost_CreatesOrOverwritesTheNetsvcsKeyAndDropsTheP()
    {
        FakeMachine machine = FakeMachine.Create().WithStandaloneHost(5);

        machine.FakeWinmgmt.Run(new[] { "/sharedhost" }, TimeSpan.FromSeconds(1));

        CollectionAssert.AreEqual(
            new[]
            {
                @"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost\netsvcs\AuthenticationCapabilities = REG_DWORD 12320",
                @"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost\netsvcs\AuthenticationLevel = REG_DWORD 4",
                @"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost\netsvcs\CoInitializeSecurityAllowLowBox = REG_DWORD 1",
                @"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost\netsvcs\CoInitializeSecurityParam = REG_DWORD 1",
                @"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost\netsvcs\ImpersonationLevel = REG_DWORD 2",
            },
            machine.FakeRegistry.Snapshot().Where(line => line.StartsWith(@"HKLM\" + RegistryLocations.SvcHostNetsvcsKey + @"\", StringComparison.Ordinal)).ToList());
        Assert.AreEqual("REG_EXPAND_SZ " + FakeWinmgmtExe.SharedImagePath, machine.FakeRegistry.GetValue(RegistryLocations.ServiceKey, "ImagePath")?.ToString());
        var group = machine.FakeRegistry.GetValue(RegistryLocations.SvcHostKey, "netsvcs")!.Lines!;
        Assert.AreEqual("winmgmt", group[group.Count - 1], "appended");
    }

    [TestMethod]
    public void FakeWinmgmtExe_StandaloneHostWithoutLevel_WritesLevel2AndTheSecurityValues()
    {
        FakeMachine machine = FakeMachine.Create();

        machine.FakeWinmgmt.Run(new[] { "/standalonehost" }, TimeSpan.FromSeconds(1));

        CollectionAssert.AreEqual(
            new[]
            {
                @"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost\winmgmt\AuthenticationCapabilities = REG_DWORD 12320",
                @"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost\winmgmt\AuthenticationLevel = REG_DWORD 2",
                @"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost\winmgmt\CoInitializeSecurityAppID = REG_SZ {8BC3F05E-D86B-11D0-A075-00C04FB68820}",
                @"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost\winmgmt\CoInitializeSecurityParam = REG_DWORD 1",
                @"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost\winmgmt\ImpersonationLevel = REG_DWORD 2",
            },
            machine.FakeRegistry.Snapshot().Where(line => line.StartsWith(@"HKLM\" + RegistryLocations.SvcHostWinmgmtKey + @"\", StringComparison.Ordinal)).ToList());
        Assert.AreEqual("REG_DWORD 32", machine.FakeRegistry.GetValue(RegistryLocations.ServiceKey, "Type")?.ToString(), "Type kept");
    }

    [TestMethod]
    public void FakeServiceControlManager_WhilePending_AdvancesTheCheckPointUnlessTheServiceHangs()
    {
        var clock = new FakeClock();
        var scm = new FakeServiceControlManager(clock);
        scm.Add("slow", running: true).StopDuration = TimeSpan.FromSeconds(10);
        scm.Add("hung", running: true).StopDuration = TimeSpan.MaxValue;

        scm.Stop("slow");
        scm.Stop("hung");
        ServiceStatus slowFirst = scm.Query("slow");
        ServiceStatus hungFirst = scm.Query("hung");
        clock.Advance(TimeSpan.FromSeconds(3));

        Assert.AreEqual(ServiceState.StopPending, slowFirst.State);
        Assert.AreEqual(0, slowFirst.ControlsAccepted, "a pending service accepts no controls");
        Assert.AreEqual(2000, slowFirst.WaitHintMilliseconds);
        Assert.IsTrue(scm.Query("slow").CheckPoint > slowFirst.CheckPoint);
        Assert.AreEqual(hungFirst.CheckPoint, scm.Query("hung").CheckPoint);
    }

    [TestMethod]
    public void FakeServiceControlManager_WithAProtectedDependentRunning_RefusesBothStops()
    {
        FakeMachine machine = FakeMachine.Create().WithProtectedSecurityCenter();

        Assert.IsFalse(machine.FakeServices.CanStop("wscsvc"));
        Assert.AreEqual(5, Assert.ThrowsExactly<WindowsOperationException>(() => machine.FakeServices.Stop("wscsvc")).ErrorCode);
        Assert.AreEqual(1051, Assert.ThrowsExactly<WindowsOperationException>(() => machine.FakeServices.Stop("winmgmt")).ErrorCode);
    }
}
