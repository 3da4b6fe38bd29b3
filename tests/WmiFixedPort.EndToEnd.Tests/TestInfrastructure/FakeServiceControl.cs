using System;
using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.TestInfrastructure;

/// <summary>An in-memory service control manager. Its rules come from the Win32 documentation (learn.microsoft.com):
/// <list type="bullet">
/// <item>ControlService(STOP) fails with ERROR_DEPENDENT_SERVICES_RUNNING (1051) while an active service depends on the
/// target, with ERROR_SERVICE_NOT_ACTIVE (1062) on a stopped one, and with ERROR_SERVICE_CANNOT_ACCEPT_CTRL (1061)
/// while it is START_PENDING; an accepted stop goes through STOP_PENDING to STOPPED;</item>
/// <item>StartService fails with ERROR_SERVICE_ALREADY_RUNNING (1056) on an active service; a started service runs in a
/// new process (new PID);</item>
/// <item>EnumDependentServices returns direct and indirect dependents in reverse start order; this fake returns the
/// direct ones only, so that the harness's own transitive walk is what the tests exercise (a superset is harmless);</item>
/// <item>winmgmt is started on demand by any WMI client (docs/wmi-fixed-port.md, "Restarting winmgmt"): with
/// <see cref="ClientRestartsWinmgmt"/> a client starts it again as soon as it has stopped.</item>
/// </list></summary>
internal sealed class FakeServiceControl : IServiceControl
{
    private readonly FakeClock _clock;
    private readonly Dictionary<string, Service> _services = new(StringComparer.OrdinalIgnoreCase);
    private int _nextPid = 1000;

    public FakeServiceControl(FakeClock clock) => _clock = clock;

    /// <summary>Every request, in order: "stop X", "start X", "client starts winmgmt".</summary>
    public List<string> Log { get; } = new();

    /// <summary>A WMI client starts winmgmt again whenever it finds it stopped (only the first time, then it is happy).</summary>
    public bool ClientRestartsWinmgmt { get; set; }

    public FakeServiceControl Add(string name, bool running, params string[] dependsOn)
    {
        _services[name] = new Service(name, dependsOn) { State = running ? ServiceState.Running : ServiceState.Stopped, Pid = running ? _nextPid++ : 0 };
        return this;
    }

    public void NeverStops(string name) => _services[name].NeverStops = true;

    public void NeverStartsAgain(string name) => _services[name].NeverStarts = true;

    /// <summary>Once stopped, the service starts again on its own (a trigger start) just before the next stop request
    /// to any service; once.</summary>
    public void RestartsOnItsOwnOnce(string name) => _services[name].RestartsOnItsOwn = true;

    public ServiceStatus Query(string service)
    {
        Service s = Get(service);
        Advance(s);
        return new ServiceStatus(s.State, s.Pid);
    }

    public IReadOnlyList<string> DependentsOf(string service) =>
        _services.Values.Where(s => s.DependsOn.Contains(service, StringComparer.OrdinalIgnoreCase)).Select(s => s.Name).Reverse().ToList();

    public void RequestStop(string service)
    {
        foreach (Service due in _services.Values.Where(d => d.OwnStartDue))
        {
            due.OwnStartDue = false;
            due.State = ServiceState.Running;
            due.Pid = _nextPid++;
            Log.Add(due.Name + " starts on its own");
        }

        Service s = Get(service);
        Advance(s);
        Log.Add("stop " + s.Name);
        if (s.State == ServiceState.Stopped)
        {
            throw new ServiceControlException(ServiceErrors.NotActive, "The service has not been started.");
        }

        if (s.State == ServiceState.StartPending)
        {
            throw new ServiceControlException(ServiceErrors.CannotAcceptControl, "The service cannot accept control messages at this time.");
        }

        if (DependentsOf(service).Select(Get).Any(d => { Advance(d); return d.State != ServiceState.Stopped; }))
        {
            throw new ServiceControlException(ServiceErrors.DependentServicesRunning, "A stop control has been sent to a service that other running services are dependent on.");
        }

        s.State = ServiceState.StopPending;
        s.Until = _clock.UtcNow + TimeSpan.FromSeconds(2);
    }

    public void RequestStart(string service)
    {
        Service s = Get(service);
        Advance(s);
        Log.Add("start " + s.Name);
        if (s.State != ServiceState.Stopped)
        {
            throw new ServiceControlException(ServiceErrors.AlreadyRunning, "An instance of the service is already running.");
        }

        s.State = ServiceState.StartPending;
        s.Until = _clock.UtcNow + TimeSpan.FromSeconds(1);
        s.Pid = _nextPid++;
    }

    private Service Get(string name) =>
        _services.TryGetValue(name, out Service? s) ? s : throw new ServiceControlException(1060, $"The specified service {name} does not exist as an installed service.");

    private void Advance(Service s)
    {
        if (s.State == ServiceState.StopPending && !s.NeverStops && _clock.UtcNow >= s.Until)
        {
            s.State = ServiceState.Stopped;
            s.Pid = 0;
            if (s.RestartsOnItsOwn)
            {
                s.RestartsOnItsOwn = false;
                s.OwnStartDue = true;
            }
            else if (ClientRestartsWinmgmt && string.Equals(s.Name, WinmgmtRestarter.Winmgmt, StringComparison.OrdinalIgnoreCase))
            {
                ClientRestartsWinmgmt = false;
                s.State = ServiceState.Running;
                s.Pid = _nextPid++;
                Log.Add("client starts winmgmt");
            }
        }
        else if (s.State == ServiceState.StartPending && _clock.UtcNow >= s.Until)
        {
            s.State = s.NeverStarts ? ServiceState.Stopped : ServiceState.Running;
            if (s.NeverStarts)
            {
                s.Pid = 0;
            }
        }
    }

    private sealed class Service
    {
        public Service(string name, string[] dependsOn)
        {
            Name = name;
            DependsOn = dependsOn;
        }

        public string Name { get; }

        public string[] DependsOn { get; }

        public ServiceState State { get; set; }

        public int Pid { get; set; }

        public DateTime Until { get; set; }

        public bool NeverStops { get; set; }

        public bool NeverStarts { get; set; }

        public bool RestartsOnItsOwn { get; set; }

        public bool OwnStartDue { get; set; }
    }
}
