using System;
using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Tests.TestInfrastructure;

/// <summary>
/// Services with dependencies and states, behaving as the SCM does where the product relies on it (Microsoft Learn:
/// ControlService, StartService, SERVICE_STATUS): a stop is refused while a dependent is active
/// (ERROR_DEPENDENT_SERVICES_RUNNING, 1051), a start starts the dependencies first, stops and starts take time on the
/// fake clock with dwCheckPoint advancing once a second (unless the service hangs) and dwWaitHint set, a pending
/// service accepts no controls, a new process id comes with every start, and every failure carries its Windows error
/// code. It also counts what the benchmark reports: starts, stops, and the time winmgmt was not running.
/// </summary>
internal sealed class FakeServiceControlManager : IServiceControl, IProcessInfo
{
    private readonly Dictionary<string, FakeService> _services = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _log = new();
    private readonly FakeClock _clock;
    private int _nextProcessId = 1000;
    private DateTime? _winmgmtDownSince;

    public FakeServiceControlManager(FakeClock clock) => _clock = clock;

    /// <summary>"start x" / "stop x" / "running x (PID n)" / "stopped x", in order.</summary>
    public IReadOnlyList<string> Log => _log;

    /// <summary>When set, a stop request for this service throws an exception no Windows call throws (a bug's stand-in).</summary>
    public string? UnexpectedExceptionOnStop { get; set; }

    /// <summary>The total time winmgmt was not Running, from its stop request to Running again.</summary>
    public TimeSpan WinmgmtUnavailable { get; private set; }

    public FakeService this[string name] => _services[name];

    public IEnumerable<FakeService> All => _services.Values;

    public FakeService Add(string name, bool running, params string[] dependencies)
    {
        var service = new FakeService(name, dependencies);
        if (running)
        {
            service.State = ServiceState.Running;
            service.ProcessId = _nextProcessId++;
            service.StartedAt = _clock.UtcNow;
        }

        _services[name] = service;
        return service;
    }

    /// <summary>The services that are running, sorted.</summary>
    public IReadOnlyList<string> RunningServices()
    {
        Settle();
        return _services.Values.Where(s => s.State == ServiceState.Running).Select(s => s.Name).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>How many times the service reached Running after a start request.</summary>
    public int StartsOf(string name) => _services[name].Starts;

    /// <summary>
    /// A restart of the computer (it takes a minute): every service that was active runs again in a new process. With
    /// <paramref name="samePids"/>, the new processes get the old ids, as can happen when services start in the same
    /// order after a boot (process ids are reused).
    /// </summary>
    public void Reboot(bool samePids = false)
    {
        Settle();
        _clock.Advance(TimeSpan.FromMinutes(1));
        foreach (FakeService service in _services.Values.Where(s => s.State != ServiceState.Stopped))
        {
            service.State = ServiceState.Running;
            service.ProcessId = samePids ? service.ProcessId : _nextProcessId++;
            service.StartedAt = _clock.UtcNow;
        }
    }

    /// <summary>The start time of the service process with this id (the fake has no other processes).</summary>
    public DateTime? StartTimeUtc(int processId) =>
        _services.Values.FirstOrDefault(s => s.ProcessId == processId && s.ProcessId != 0)?.StartedAt;

    public ServiceStatus Query(string serviceName)
    {
        Settle();
        FakeService service = Find(serviceName);
        bool pending = service.State is ServiceState.StartPending or ServiceState.StopPending;
        if (!pending)
        {
            bool stoppable = service.AcceptsStop && service.State is ServiceState.Running or ServiceState.Paused;
            return new ServiceStatus(service.State, service.ProcessId, stoppable ? ServiceStatus.AcceptStop : 0, 0, 0);
        }

        bool progressing = service.ReportsProgress && service.PendingUntil != DateTime.MaxValue;
        int checkPoint = 1 + (progressing ? (int)(_clock.UtcNow - service.PendingSince).TotalSeconds : 0);
        return new ServiceStatus(service.State, service.ProcessId, 0, checkPoint, (int)service.WaitHint.TotalMilliseconds);
    }

    public IReadOnlyList<string> GetDependentServices(string serviceName)
    {
        Find(serviceName);
        return _services.Values.Where(s => s.Dependencies.Contains(serviceName, StringComparer.OrdinalIgnoreCase)).Select(s => s.Name).ToList();
    }

    public IReadOnlyList<string> GetDependencies(string serviceName) => Find(serviceName).Dependencies;

    public bool CanStop(string serviceName) => !Find(serviceName).Protected;

    public void Stop(string serviceName)
    {
        Settle();
        FakeService service = Find(serviceName);
        if (string.Equals(serviceName, UnexpectedExceptionOnStop, StringComparison.OrdinalIgnoreCase))
        {
            UnexpectedExceptionOnStop = null;
            throw new InvalidOperationException("the fake's stand-in for a bug");
        }

        if (service.Protected)
        {
            throw Error(serviceName, "stop", "Access is denied.", 5);
        }

        if (service.NextStopError is int error)
        {
            service.NextStopError = null;
            throw Error(serviceName, "stop", Text(error), error);
        }

        if (service.State == ServiceState.Stopped)
        {
            throw Error(serviceName, "stop", "The service has not been started.", 1062);
        }

        FakeService? runningDependent = _services.Values.FirstOrDefault(s =>
            s.State != ServiceState.Stopped && s.Dependencies.Contains(serviceName, StringComparer.OrdinalIgnoreCase));
        if (runningDependent is not null)
        {
            throw Error(serviceName, "stop", "A stop control has been sent to a service that other running services are dependent on.", 1051);
        }

        // ControlService: ERROR_SERVICE_CANNOT_ACCEPT_CTRL (1061) "because the state of the service is SERVICE_STOPPED,
        // SERVICE_START_PENDING, or SERVICE_STOP_PENDING"; ERROR_INVALID_SERVICE_CONTROL (1052) when the service does
        // not accept the control.
        if (service.State is ServiceState.StartPending or ServiceState.StopPending)
        {
            throw Error(serviceName, "stop", "The service cannot accept control messages at this time.", 1061);
        }

        if (!service.AcceptsStop)
        {
            throw Error(serviceName, "stop", "The requested control is not valid for this service.", 1052);
        }

        _log.Add("stop " + service.Name);
        service.Stops++;
        if (IsWinmgmt(service))
        {
            _winmgmtDownSince ??= _clock.UtcNow;
        }

        Pending(service, ServiceState.StopPending, service.StopDuration);
        Settle();
    }

    public void Start(string serviceName)
    {
        Settle();
        FakeService service = Find(serviceName);
        if (service.State is ServiceState.Running or ServiceState.StartPending or ServiceState.Paused)
        {
            return; // ERROR_SERVICE_ALREADY_RUNNING is not an error for the adapter
        }

        if (service.State == ServiceState.StopPending)
        {
            throw Error(serviceName, "start", "An instance of the service is already running.", 1056);
        }

        foreach (string dependency in service.Dependencies)
        {
            Start(dependency);
            Settle();
            if (Find(dependency).State != ServiceState.Running)
            {
                throw Error(serviceName, "start", "The dependency service or group failed to start.", 1068);
            }
        }

        _log.Add("start " + service.Name);
        if (service.NextStartError is int error)
        {
            service.NextStartError = null;
            throw Error(serviceName, "start", "The executable program that this service is configured to run in does not implement the service.", error);
        }

        if (service.FailingStarts > 0)
        {
            service.FailingStarts--;
            throw Error(serviceName, "start", "The service did not respond to the start or control request in a timely fashion.", 1053);
        }

        if (IsWinmgmt(service))
        {
            _winmgmtDownSince ??= _clock.UtcNow;
        }

        Pending(service, ServiceState.StartPending, service.StartDuration);
        Settle();
    }

    private static WindowsOperationException Error(string serviceName, string verb, string text, int code) =>
        new($"could not {verb} service {serviceName}: {text} (Windows error {code})", code);

    /// <summary>The system message of a Windows error the tests arm (FormatMessage text, English).</summary>
    private static string Text(int error) => error switch
    {
        5 => "Access is denied.",
        1051 => "A stop control has been sent to a service that other running services are dependent on.",
        1052 => "The requested control is not valid for this service.",
        1061 => "The service cannot accept control messages at this time.",
        _ => "Windows error " + error + ".",
    };

    private static bool IsWinmgmt(FakeService service) => string.Equals(service.Name, "winmgmt", StringComparison.OrdinalIgnoreCase);

    private void Pending(FakeService service, ServiceState state, TimeSpan duration)
    {
        service.State = state;
        service.PendingSince = _clock.UtcNow;
        service.PendingUntil = duration == TimeSpan.MaxValue ? DateTime.MaxValue : _clock.UtcNow + duration;
    }

    private FakeService Find(string serviceName) =>
        _services.TryGetValue(serviceName, out FakeService? service)
            ? service
            : throw Error(serviceName, "open", "The specified service does not exist as an installed service.", 1060);

    /// <summary>Completes the pending transitions whose time has come.</summary>
    private void Settle()
    {
        foreach (FakeService service in _services.Values)
        {
            if (service.State == ServiceState.StopPending && _clock.UtcNow >= service.PendingUntil)
            {
                service.State = ServiceState.Stopped;
                service.ProcessId = 0;
                _log.Add("stopped " + service.Name);
                if (service.RestartedOnDemand)
                {
                    service.RestartedOnDemand = false;
                    Pending(service, ServiceState.StartPending, TimeSpan.Zero);
                }
            }

            if (service.State == ServiceState.StartPending && _clock.UtcNow >= service.PendingUntil)
            {
                service.State = ServiceState.Running;
                service.ProcessId = _nextProcessId++;
                service.StartedAt = service.PendingUntil;
                service.Starts++;
                _log.Add($"running {service.Name} (PID {service.ProcessId})");
                if (IsWinmgmt(service) && _winmgmtDownSince is DateTime since)
                {
                    WinmgmtUnavailable += service.PendingUntil - since;
                    _winmgmtDownSince = null;
                }
            }
        }
    }
}
