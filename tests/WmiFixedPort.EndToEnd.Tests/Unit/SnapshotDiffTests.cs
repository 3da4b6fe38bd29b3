using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Unit;

[TestClass]
public sealed class SnapshotDiffTests
{
    [TestMethod]
    public void Render_WhenSharedHostWithoutRules_ListsEveryValueKeyAndRuleLine()
    {
        MachineSnapshot snapshot = Snapshots.SharedHost();

        CollectionAssert.AreEqual(
            new[]
            {
                @"HKLM\SYSTEM\CurrentControlSet\Services\Winmgmt : ImagePath = REG_EXPAND_SZ ""%systemroot%\system32\svchost.exe -k netsvcs -p""",
                @"HKLM\SYSTEM\CurrentControlSet\Services\Winmgmt : Type = REG_DWORD 32",
                @"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost : netsvcs = REG_MULTI_SZ [""BITS"", ""winmgmt""]",
                @"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost : winmgmt = (absent)",
                @"HKLM\SOFTWARE\Classes\AppID\{8BC3F05E-D86B-11D0-A075-00C04FB68820} : Endpoints = (absent)",
                @"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost\winmgmt : key absent",
                @"HKLM\SOFTWARE\WmiFixedPort : key absent",
                @"HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\WmiFixedPort : key absent",
                "Firewall: no rule of the product",
            },
            Snapshots.ToArray(snapshot.Render()));
    }

    [TestMethod]
    public void Compare_WhenSnapshotsEqual_ReturnsNoLine()
    {
        Assert.IsEmpty(SnapshotDiff.Compare(Snapshots.SharedHost(), Snapshots.SharedHost()));
    }

    [TestMethod]
    public void Compare_WhenStandaloneAfterShared_ReturnsRemovedLinesThenAddedLines()
    {
        CollectionAssert.AreEqual(
            new[]
            {
                @"- HKLM\SYSTEM\CurrentControlSet\Services\Winmgmt : ImagePath = REG_EXPAND_SZ ""%systemroot%\system32\svchost.exe -k netsvcs -p""",
                @"- HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost : netsvcs = REG_MULTI_SZ [""BITS"", ""winmgmt""]",
                @"- HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost : winmgmt = (absent)",
                @"- HKLM\SOFTWARE\Classes\AppID\{8BC3F05E-D86B-11D0-A075-00C04FB68820} : Endpoints = (absent)",
                @"- HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost\winmgmt : key absent",
                @"- HKLM\SOFTWARE\WmiFixedPort : key absent",
                @"- HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\WmiFixedPort : key absent",
                "- Firewall: no rule of the product",
                @"+ HKLM\SYSTEM\CurrentControlSet\Services\Winmgmt : ImagePath = REG_EXPAND_SZ ""%systemroot%\system32\svchost.exe -k winmgmt""",
                @"+ HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost : netsvcs = REG_MULTI_SZ [""BITS""]",
                @"+ HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost : winmgmt = REG_MULTI_SZ [""winmgmt""]",
                @"+ HKLM\SOFTWARE\Classes\AppID\{8BC3F05E-D86B-11D0-A075-00C04FB68820} : Endpoints = REG_MULTI_SZ [""ncacn_ip_tcp,0,24158""]",
                @"+ HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost\winmgmt : key present",
                @"+ HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost\winmgmt : AuthenticationLevel = REG_DWORD 5",
                @"+ HKLM\SOFTWARE\WmiFixedPort : key present",
                @"+ HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\WmiFixedPort : key present",
                "+ Firewall rule \"WmiFixedPort - WMI (TCP-In)\": Group=WmiFixedPort; Enabled=True; Direction=Inbound; Action=Allow; "
                    + "Profile=Domain, Private; Protocol=TCP; LocalPort=24158; RemoteAddress=Any; Service=winmgmt; Program=%SystemRoot%\\system32\\svchost.exe",
            },
            Snapshots.ToArray(SnapshotDiff.Compare(Snapshots.SharedHost(), Snapshots.StandaloneHost())));
    }

    [TestMethod]
    public void Compare_WhenOnlyTheOrderInsideAMultiStringChanges_ReportsTheValue()
    {
        MachineSnapshot before = Snapshots.SharedHost();
        MachineSnapshot after = Snapshots.SharedHost(netsvcs: new[] { "winmgmt", "BITS" });

        CollectionAssert.AreEqual(
            new[]
            {
                @"- HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost : netsvcs = REG_MULTI_SZ [""BITS"", ""winmgmt""]",
                @"+ HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost : netsvcs = REG_MULTI_SZ [""winmgmt"", ""BITS""]",
            },
            Snapshots.ToArray(SnapshotDiff.Compare(before, after)));
    }

    [TestMethod]
    public void Compare_WhenALineIsDuplicatedAfter_ReportsTheExtraCopy()
    {
        CollectionAssert.AreEqual(new[] { "+ a" }, Snapshots.ToArray(SnapshotDiff.Compare(new[] { "a", "b" }, new[] { "a", "b", "a" })));
    }

    [TestMethod]
    public void Describe_WhenDiffHasLines_PutsTitleThenOneLineEach()
    {
        Assert.AreEqual("Title" + Environment.NewLine + "- a" + Environment.NewLine + "+ b", SnapshotDiff.Describe("Title", new[] { "- a", "+ b" }));
    }
}
