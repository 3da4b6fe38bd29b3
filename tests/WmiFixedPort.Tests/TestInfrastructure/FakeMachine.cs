using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Tests.TestInfrastructure;

/// <summary>
/// A Windows 10/Server machine in memory, built as stock by <see cref="Create"/>: winmgmt shared
/// (<c>-k netsvcs -p</c>, in the middle of the netsvcs group), no <c>SvcHost\winmgmt</c> key, a <c>SvcHost\netsvcs</c>
/// key whose values differ from what <c>/sharedhost</c> writes, no DCOM Endpoints, winmgmt running with the dependents
/// iphlpsvc (running), NcaSvc (running, depends on iphlpsvc), VendorAgent (running; a monitoring agent) and CcmExec
/// (stopped). Security Center (wscsvc) is protected and depends on winmgmt only on some builds: add it with
/// <see cref="WithProtectedSecurityCenter"/>.
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
        FakeServices = new FakeServiceControlManager(Clock, FakeRegistry);
        FakeWinmgmt = new FakeWinmgmtExe(FakeRegistry, Clock, FakeServices);
        FakeEventLog = new FakeEventLog();
        FakePlatform = new FakePlatform();
        FakeRestartSignal = new FakeRestartSignal();
        FakeTcp = new FakeTcpListeners();
    }

    public FakePlatform FakePlatform { get; }

    public FakeRestartSignal FakeRestartSignal { get; }

    public FakeTcpListeners FakeTcp { get; }

    IPlatform IMachine.Platform => FakePlatform;

    IRestartSignal IMachine.RestartSignal => FakeRestartSignal;

    ITcpListeners IMachine.TcpListeners => FakeTcp;

    IProcessInfo IMachine.Processes => FakeServices;

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
            // The stock SvcHost\netsvcs key: the values here are this model's assumption (not documented); what matters
            // is that /sharedhost adds AuthenticationLevel and ImpersonationLevel and overwrites a value, which an
            // exact restore must undo. The Windows lane compares the real key before and after.
            .With(RegistryLocations.SvcHostNetsvcsKey, "CoInitializeSecurityParam", RegValue.DWord(1))
            .With(RegistryLocations.SvcHostNetsvcsKey, "AuthenticationCapabilities", RegValue.DWord(0x3000))
            .With(RegistryLocations.SvcHostNetsvcsKey, "CoInitializeSecurityAllowLowBox", RegValue.DWord(1))
            .With(RegistryLocations.DcomAppIdKey, string.Empty, RegValue.String("Windows Management Instrumentation"))
            .With(RegistryLocations.DcomAppIdKey, "LocalService", RegValue.String("winmgmt"));
        machine.FakeServices.Add("RpcSs", running: true);
        machine.FakeServices.Add(RegistryLocations.WinmgmtServiceName, running: true, "RpcSs");
        machine.FakeServices.Add("iphlpsvc", running: true, "winmgmt", "RpcSs");
        machine.FakeServices.Add("NcaSvc", running: true, "iphlpsvc");
        machine.FakeServices.Add("VendorAgent", running: true, "winmgmt");
        machine.FakeServices.Add("CcmExec", running: false, "winmgmt");
        machine.FakeServices.LoadDatabaseAtBoot();
        return machine;
    }

    /// <summary>
    /// Adds Security Center as a running, protected dependent of winmgmt (Windows 7-era builds and possibly some
    /// Windows 10/11 builds; see shared/docs/wmi-fixed-port.md): it refuses a stop with access denied, and winmgmt's
    /// stop then fails with 1051.
    /// </summary>
    public FakeMachine WithProtectedSecurityCenter()
    {
        FakeServices.Add("wscsvc", running: true, "winmgmt", "RpcSs").Protected = true;
        return this;
    }

    /// <summary>A restart of the computer: the services that ran run again in new processes (optionally with the same ids).</summary>
    public void Reboot(bool samePids = false) => FakeServices.Reboot(samePids);

    /// <summary>Makes the host standalone before the product ever ran, as <c>winmgmt /standalonehost</c> would.</summary>
    public FakeMachine WithStandaloneHost(int authLevel)
    {
        FakeWinmgmt.Run(new[] { "/standalonehost", authLevel.ToString(System.Globalization.CultureInfo.InvariantCulture) }, System.TimeSpan.FromSeconds(1));
        return this;
    }

    /// <summary>A machine built with this value: the SCM reads its database again, as after the restart that followed.</summary>
    public FakeMachine WithValue(string keyPath, string valueName, RegValue value)
    {
        FakeRegistry.With(keyPath, valueName, value);
        FakeServices.LoadDatabaseAtBoot();
        return this;
    }

    /// <summary>
    /// The registry, the SCM's own copy of the service configurations (what the next start runs) and the running
    /// services, as lines, for before/after comparisons.
    /// </summary>
    public IReadOnlyList<string> Snapshot() =>
        FakeRegistry.Snapshot()
            .Concat(FakeServices.ConfiguredServices())
            .Concat(FakeServices.RunningServices().Select(name => "running " + name))
            .ToList();
}
