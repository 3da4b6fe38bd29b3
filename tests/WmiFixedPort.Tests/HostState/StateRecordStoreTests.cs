using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.HostState;

[TestClass]
public sealed class StateRecordStoreTests
{
    [TestMethod]
    public void SaveThenLoad_OnStockHost_GivesTheSameConfiguration()
    {
        FakeMachine machine = FakeMachine.Create();
        var store = new StateRecordStore(machine.FakeRegistry, machine.Clock);
        HostConfiguration stock = new HostConfigurationReader(machine.FakeRegistry).Read();

        store.Save(stock);
        HostConfiguration? loaded = store.Load();

        Assert.IsNotNull(loaded);
        CollectionAssert.AreEqual(System.Array.Empty<string>(), System.Linq.Enumerable.ToList(loaded.Differences(stock)));
        Assert.IsNull(loaded.SvcHostWinmgmtKey, "an absent key stays absent");
        Assert.IsNull(loaded[TrackedValue.DcomEndpoints], "an absent value stays absent");
    }

    [TestMethod]
    public void SaveThenLoad_OnStandaloneHost_KeepsTypesAndTheKeyValues()
    {
        FakeMachine machine = FakeMachine.Create().WithStandaloneHost(4)
            .WithValue(RegistryLocations.SvcHostWinmgmtKey, "Blob", RegValue.Binary(new byte[] { 1, 2, 3 }));
        var store = new StateRecordStore(machine.FakeRegistry, machine.Clock);
        HostConfiguration standalone = new HostConfigurationReader(machine.FakeRegistry).Read();

        store.Save(standalone);
        HostConfiguration loaded = store.Load()!;

        Assert.IsTrue(loaded.SameAs(standalone));
        Assert.AreEqual(RegKind.ExpandString, loaded[TrackedValue.ServiceImagePath]!.Kind);
        Assert.AreEqual("REG_BINARY 010203", loaded.SvcHostWinmgmtKey!["Blob"].ToString());
        Assert.AreEqual(-1, loaded.NetsvcsIndex);
    }

    [TestMethod]
    public void Save_WritesAReadableRecord()
    {
        FakeMachine machine = FakeMachine.Create();

        new StateRecordStore(machine.FakeRegistry, machine.Clock).Save(new HostConfigurationReader(machine.FakeRegistry).Read());

        Assert.AreEqual("REG_SZ mode shared, port dynamic, auth level none", machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "PriorState")?.ToString());
        Assert.AreEqual("REG_SZ 2026-01-01T00:00:00Z", machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "RecordedAtUtc")?.ToString());
        Assert.AreEqual("REG_DWORD 6", machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "NetsvcsIndex")?.ToString());
        Assert.AreEqual("REG_DWORD 0", machine.FakeRegistry.GetValue(RegistryLocations.StateKey + @"\Values\DcomEndpoints", "Existed")?.ToString());
    }

    [TestMethod]
    public void Load_WhenTheRecordIsDamaged_FailsNamingTheKey()
    {
        FakeMachine machine = FakeMachine.Create();
        var store = new StateRecordStore(machine.FakeRegistry, machine.Clock);
        store.Save(new HostConfigurationReader(machine.FakeRegistry).Read());
        machine.FakeRegistry.DeleteValue(RegistryLocations.StateKey + @"\Values\ServiceImagePath", "Data");

        WindowsOperationException ex = Assert.ThrowsExactly<WindowsOperationException>(() => store.Load());
        Assert.AreEqual(@"the record HKLM\SOFTWARE\WmiFixedPort\State\Values\ServiceImagePath is damaged (Existed or Data missing)", ex.Message);
    }

    [TestMethod]
    public void Restore_WithADamagedRecord_FailsAndChangesNothing()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        machine.FakeRegistry.DeleteValue(RegistryLocations.StateKey + @"\Values\ServiceImagePath", "Data");
        var before = machine.Snapshot();

        CliRun run = CliRun.Of(machine, "restore");

        Assert.AreEqual(1, run.ExitCode);
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
        StringAssert.Contains(run.Output, "ERROR: Read the record failed: the record HKLM");
    }

    [TestMethod]
    public void Delete_KeepsTheProductKeyWhenItHoldsOtherValues()
    {
        FakeMachine machine = FakeMachine.Create().WithValue(RegistryLocations.ProductKey + @"\Settings", "WMIPORT", RegValue.String("24158"));
        var store = new StateRecordStore(machine.FakeRegistry, machine.Clock);
        store.Save(new HostConfigurationReader(machine.FakeRegistry).Read());

        store.Delete();

        Assert.IsFalse(machine.FakeRegistry.KeyExists(RegistryLocations.StateKey));
        Assert.AreEqual("REG_SZ 24158", machine.FakeRegistry.GetValue(RegistryLocations.ProductKey + @"\Settings", "WMIPORT")?.ToString());
    }
}
