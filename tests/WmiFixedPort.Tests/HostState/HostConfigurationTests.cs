using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.HostState;

[TestClass]
public sealed class HostConfigurationTests
{
    [TestMethod]
    [DataRow(@"%systemroot%\system32\svchost.exe -k netsvcs -p", "Shared")]
    [DataRow(@"%systemroot%\system32\svchost.exe -k netsvcs", "Shared")]
    [DataRow(@"%SystemRoot%\System32\svchost.exe -k NETSVCS -p -s Winmgmt", "Shared")]
    [DataRow(@"%systemroot%\system32\svchost.exe -k winmgmt", "Standalone")]
    [DataRow(@"C:\WINDOWS\system32\svchost.exe  -k   Winmgmt", "Standalone")]
    [DataRow(@"%systemroot%\system32\svchost.exe -k LocalServiceNetworkRestricted -p", "Unknown")]
    [DataRow(@"%systemroot%\system32\svchost.exe", "Unknown")]
    [DataRow(@"%systemroot%\system32\svchost.exe -knetsvcs", "Unknown")]
    public void Mode_IsReadFromTheImagePathGroupSwitch(string imagePath, string expected)
    {
        FakeMachine machine = FakeMachine.Create().WithValue(RegistryLocations.ServiceKey, RegistryLocations.ImagePathValue, RegValue.ExpandString(imagePath));

        Assert.AreEqual(expected, new HostConfigurationReader(machine.FakeRegistry).Read().Mode.ToString());
    }

    [TestMethod]
    public void Mode_WhenTheImagePathIsMissing_IsUnknown()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeRegistry.DeleteValue(RegistryLocations.ServiceKey, RegistryLocations.ImagePathValue);

        Assert.AreEqual(HostMode.Unknown, new HostConfigurationReader(machine.FakeRegistry).Read().Mode);
    }

    [TestMethod]
    [DataRow(new[] { "ncacn_ip_tcp,0,24158" }, 24158)]
    [DataRow(new[] { "ncacn_np,0,\\pipe\\x", "ncacn_ip_tcp,0,24200" }, 24200)]
    [DataRow(new[] { "NCACN_IP_TCP,0,30000" }, 30000)]
    [DataRow(new[] { "ncacn_ip_tcp,0," }, null)]
    [DataRow(new string[0], null)]
    public void DcomEndpoint_PortOf_ReadsTheTcpPort(string[] lines, int? expected) =>
        Assert.AreEqual(expected, DcomEndpoint.PortOf(RegValue.MultiString(lines)));

    [TestMethod]
    public void DcomEndpoint_PortOf_WhenTheValueIsNotAMultiString_IsNull() =>
        Assert.IsNull(DcomEndpoint.PortOf(RegValue.String("ncacn_ip_tcp,0,24158")));

    [TestMethod]
    public void Differences_NameEveryItemThatDiffers()
    {
        FakeMachine machine = FakeMachine.Create();
        HostConfiguration stock = new HostConfigurationReader(machine.FakeRegistry).Read();
        machine.WithStandaloneHost(5);
        HostConfiguration standalone = new HostConfigurationReader(machine.FakeRegistry).Read();

        CollectionAssert.AreEqual(
            new[]
            {
                @"HKLM\SYSTEM\CurrentControlSet\Services\Winmgmt\ImagePath",
                @"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost\winmgmt",
                @"HKLM\SOFTWARE\Classes\AppID\{8BC3F05E-D86B-11D0-A075-00C04FB68820}\Endpoints",
                @"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost\winmgmt",
                @"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost\netsvcs membership",
            },
            System.Linq.Enumerable.ToList(stock.Differences(standalone)));
        Assert.IsTrue(stock.SameAs(stock));
    }
}
