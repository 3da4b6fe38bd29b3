using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Restart;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Restart;

[TestClass]
public sealed class DependentServicesTests
{
    [TestMethod]
    public void InStartOrder_WithNestedDependents_PutsDependenciesFirst()
    {
        var services = new FakeServiceControlManager(new FakeClock());
        services.Add("winmgmt", running: true);
        services.Add("zAgent", running: true, "winmgmt", "bHelper");
        services.Add("bHelper", running: true, "aBase");
        services.Add("aBase", running: true, "winmgmt");
        services.Add("unrelated", running: true);

        CollectionAssert.AreEqual(
            new[] { "aBase", "bHelper", "zAgent" },
            DependentServices.InStartOrder(services, "winmgmt").ToList());
    }

    [TestMethod]
    public void InStartOrder_WithADependencyCycle_StillEnds()
    {
        var services = new FakeServiceControlManager(new FakeClock());
        services.Add("winmgmt", running: true);
        services.Add("a", running: true, "winmgmt", "b");
        services.Add("b", running: true, "winmgmt", "a");

        Assert.AreEqual(2, DependentServices.InStartOrder(services, "winmgmt").Count);
    }
}
