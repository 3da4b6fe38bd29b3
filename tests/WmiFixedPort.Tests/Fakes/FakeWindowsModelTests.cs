using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Fakes;

/// <summary>
/// The fake Windows itself, against its sources: winmgmt.exe's writes as shared/docs/wmi-fixed-port.md and issue 9
/// state them, the SCM's progress reporting (SERVICE_STATUS) and refusals (ControlService), and its own copy of the
/// service database (read at boot, changed by ChangeServiceConfig only; sources in FakeServiceControlManager).
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

        scm.Stop("slow", WmiFixedPort.Restart.StopReason.PlannedReconfiguration);
        scm.Stop("hung", WmiFixedPort.Restart.StopReason.PlannedReconfiguration);
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
        Assert.AreEqual(5, Assert.ThrowsExactly<WindowsOperationException>(() => machine.FakeServices.Stop("wscsvc", WmiFixedPort.Restart.StopReason.PlannedReconfiguration)).ErrorCode);
        Assert.AreEqual(1051, Assert.ThrowsExactly<WindowsOperationException>(() => machine.FakeServices.Stop("winmgmt", WmiFixedPort.Restart.StopReason.PlannedReconfiguration)).ErrorCode);
    }
    [TestMethod]
    public void FakeServiceControlManager_WhenImagePathIsWrittenToTheRegistryDirectly_StartsTheOldPathUntilAReboot()
    {
        FakeMachine machine = FakeMachine.Create();
        string direct = @"%systemroot%\system32\svchost.exe -k LocalSystemNetworkRestricted";

        machine.FakeRegistry.SetValue(RegistryLocations.ServiceKey, RegistryLocations.ImagePathValue, RegValue.ExpandString(direct));
        RestartWinmgmt(machine);

        Assert.AreEqual(FakeMachine.StockImagePath, machine.FakeServices["winmgmt"].RunningImagePath, "the SCM's database was not changed");
        machine.Reboot();
        Assert.AreEqual(direct, machine.FakeServices["winmgmt"].ImagePath, "read from the registry at boot");
    }

    [TestMethod]
    public void FakeServiceControlManager_ChangeConfiguration_WritesRegExpandSzAndTheNextStartRunsIt()
    {
        FakeMachine machine = FakeMachine.Create().WithValue(RegistryLocations.ServiceKey, RegistryLocations.ImagePathValue, RegValue.String(FakeMachine.StockImagePath));
        machine.FakeRegistry.SetValue(RegistryLocations.SvcHostKey, "custom", RegValue.MultiString(new[] { "winmgmt" }));
        string path = @"%systemroot%\system32\svchost.exe -k custom";

        machine.FakeServices.ChangeConfiguration("winmgmt", path, serviceType: 0x10);

        Assert.AreEqual(FakeMachine.StockImagePath, machine.FakeServices["winmgmt"].RunningImagePath, "a running service keeps its process");
        Assert.AreEqual("REG_EXPAND_SZ " + path, machine.FakeRegistry.GetValue(RegistryLocations.ServiceKey, RegistryLocations.ImagePathValue)?.ToString());
        Assert.AreEqual("REG_DWORD 16", machine.FakeRegistry.GetValue(RegistryLocations.ServiceKey, RegistryLocations.ServiceTypeValue)?.ToString());
        RestartWinmgmt(machine);
        Assert.AreEqual(path, machine.FakeServices["winmgmt"].RunningImagePath);
        Assert.AreEqual(0x10, machine.FakeServices["winmgmt"].ServiceType);
    }

    [TestMethod]
    public void FakeServiceControlManager_StartOfASvchostServiceItsGroupDoesNotList_FailsWith1083()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeServices.ChangeConfiguration("winmgmt", FakeWinmgmtExe.StandaloneImagePath, serviceType: null);

        StopWinmgmtAndDependents(machine);
        var error = Assert.ThrowsExactly<WindowsOperationException>(() => machine.FakeServices.Start("winmgmt"));

        Assert.AreEqual(1083, error.ErrorCode);
        Assert.AreEqual("could not start service winmgmt: The executable program that this service is configured to run in does not implement the service. (svchost group winmgmt does not list it) (Windows error 1083)", error.Message);
        Assert.AreEqual(ServiceState.Stopped, machine.FakeServices.Query("winmgmt").State);
    }

    [TestMethod]
    public void FakeWinmgmtExe_StandaloneHost_ChangesTheImagePathThroughTheScm()
    {
        FakeMachine machine = FakeMachine.Create();

        machine.FakeWinmgmt.Run(new[] { "/standalonehost", "5" }, TimeSpan.FromSeconds(1));

        CollectionAssert.AreEqual(new[] { "winmgmt binpath= " + FakeWinmgmtExe.StandaloneImagePath }, machine.FakeServices.ConfigurationChanges.ToList());
        RestartWinmgmt(machine);
        Assert.AreEqual(FakeWinmgmtExe.StandaloneImagePath, machine.FakeServices["winmgmt"].RunningImagePath, "the documented net stop / net start runs it standalone");
    }

    private static void StopWinmgmtAndDependents(FakeMachine machine)
    {
        foreach (string name in new[] { "NcaSvc", "VendorAgent", "iphlpsvc", "winmgmt" })
        {
            machine.FakeServices.Stop(name, WmiFixedPort.Restart.StopReason.PlannedReconfiguration);
            machine.Clock.Advance(TimeSpan.FromSeconds(2));
        }
    }

    private static void RestartWinmgmt(FakeMachine machine)
    {
        StopWinmgmtAndDependents(machine);
        machine.FakeServices.Start("winmgmt");
        machine.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.AreEqual(ServiceState.Running, machine.FakeServices.Query("winmgmt").State);
    }
}
