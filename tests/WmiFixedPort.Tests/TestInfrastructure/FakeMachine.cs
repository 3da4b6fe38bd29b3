using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Tests.TestInfrastructure;

/// <summary>
/// A Windows 10/Server machine in memory, built as stock by <see cref="Create"/>: winmgmt shared
/// (<c>-k netsvcs -p</c>, in the middle of the netsvcs group), no <c>SvcHost\winmgmt</c> key, no DCOM Endpoints,
/// winmgmt running with the dependents iphlpsvc (running), NcaSvc (running, depends on iphlpsvc),
/// wscsvc (running) and CcmExec (stopped).
/// </summary>
internal sealed class FakeMachine : IMachine
{
    public const string StockImagePath = @"%systemroot%\system32\svchost.exe -k netsvcs -p";

    public static readonly string[] StockNetsvcs =
    {
        "CertPropSvc", "SCPolicySvc", "lanmanserver", "gpsvc", "IKEEXT", "AppMgmt", "winmgmt", "schedule", "iphlpsvc", "wlidsvc",
    };

    private FakeMachine()
    {
        Clock = new FakeClock();
        FakeRegistry = new FakeRegistry();
        FakeServices = new FakeServiceControlManager(Clock);
        FakeWinmgmt = new FakeWinmgmtExe(FakeRegistry, Clock);
        FakeEventLog = new FakeEventLog();
    }

    public FakeRegistry FakeRegistry { get; }

    public FakeServiceControlManager FakeServices { get; }

    public FakeWinmgmtExe FakeWinmgmt { get; }

    public FakeEventLog FakeEventLog { get; }

    public FakeClock Clock { get; }

    IRegistry IMachine.Registry => FakeRegistry;

    IServiceControl IMachine.Services => FakeServices;

    IWinmgmtTool IMachine.Winmgmt => FakeWinmgmt;

    IEventLog IMachine.EventLog => FakeEventLog;

    IClock IMachine.Clock => Clock;

    /// <summary>winmgmt's restarts so far: how many times it reached Running after a start request.</summary>
    public int WinmgmtRestarts => FakeServices.StartsOf(RegistryLocations.WinmgmtServiceName);

    public static FakeMachine Create()
    {
        var machine = new FakeMachine();
        machine.FakeRegistry
            .With(RegistryLocations.ServiceKey, RegistryLocations.ImagePathValue, RegValue.ExpandString(StockImagePath))
            .With(RegistryLocations.ServiceKey, RegistryLocations.ServiceTypeValue, RegValue.DWord(0x20))
            .With(RegistryLocations.ServiceKey, "Start", RegValue.DWord(2))
            .With(RegistryLocations.ServiceKey, "DependOnService", RegValue.MultiString(new[] { "RPCSS" }))
            .With(RegistryLocations.ServiceKey + @"\Parameters", "ServiceDll", RegValue.ExpandString(@"%SystemRoot%\system32\wbem\WMIsvc.dll"))
            .With(RegistryLocations.SvcHostKey, RegistryLocations.NetsvcsGroupValue, RegValue.MultiString(StockNetsvcs))
            .With(RegistryLocations.SvcHostKey, "LocalService", RegValue.MultiString(new[] { "nsi", "WdiServiceHost" }))
            .With(RegistryLocations.DcomAppIdKey, string.Empty, RegValue.String("Windows Management Instrumentation"))
            .With(RegistryLocations.DcomAppIdKey, "LocalService", RegValue.String("winmgmt"));
        machine.FakeServices.Add("RpcSs", running: true);
        machine.FakeServices.Add(RegistryLocations.WinmgmtServiceName, running: true, "RpcSs");
        machine.FakeServices.Add("iphlpsvc", running: true, "winmgmt", "RpcSs");
        machine.FakeServices.Add("NcaSvc", running: true, "iphlpsvc");
        machine.FakeServices.Add("wscsvc", running: true, "winmgmt");
        machine.FakeServices.Add("CcmExec", running: false, "winmgmt");
        return machine;
    }

    /// <summary>Makes the host standalone before the product ever ran, as <c>winmgmt /standalonehost</c> would.</summary>
    public FakeMachine WithStandaloneHost(int authLevel)
    {
        FakeWinmgmt.Run(new[] { "/standalonehost", authLevel.ToString(System.Globalization.CultureInfo.InvariantCulture) }, System.TimeSpan.FromSeconds(1));
        return this;
    }

    public FakeMachine WithValue(string keyPath, string valueName, RegValue value)
    {
        FakeRegistry.With(keyPath, valueName, value);
        return this;
    }

    /// <summary>The registry and the running services, as lines, for before/after comparisons.</summary>
    public IReadOnlyList<string> Snapshot() =>
        FakeRegistry.Snapshot().Concat(FakeServices.RunningServices().Select(name => "running " + name)).ToList();
}
