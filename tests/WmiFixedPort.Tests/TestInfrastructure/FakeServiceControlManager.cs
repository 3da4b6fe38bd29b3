using System;
using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Tests.TestInfrastructure;

/// <summary>
/// Services with dependencies and states, behaving as the SCM does where the product relies on it: a stop is
/// refused while a dependent runs (ERROR_DEPENDENT_SERVICES_RUNNING), a start starts the dependencies first,
/// stops and starts take time on the fake clock, and a new process id comes with every start.
/// </summary>
internal sealed class FakeServiceControlManager : IServiceControl
{
    private readonly Dictionary<string, FakeService> _services = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _log = new();
    private readonly FakeClock _clock;
    private int _nextProcessId = 1000;

    public FakeServiceControlManager(FakeClock clock) => _clock = clock;

    /// <summary>"start x" / "stop x" / "running x (PID n)" / "stopped x", in order.</summary>
    public IReadOnlyList<string> Log => _log;

    public FakeService this[string name] => _services[name];

    public FakeService Add(string name, bool running, params string[] dependencies)
    {
        var service = new FakeService(name, dependencies);
        if (running)
        {
            service.State = ServiceState.Running;
            service.ProcessId = _nextProcessId++;
        }

        _services[name] = service;
        return service;
    }

    /// <summary>The services that are running, sorted, each with its process id.</summary>
    public IReadOnlyList<string> RunningServices()
    {
        Settle();
        return _services.Values.Where(s => s.State == ServiceState.Running).Select(s => s.Name).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>How many times the service reached Running after a start request.</summary>
    public int StartsOf(string name) => _services[name].Starts;

    public ServiceStatus Query(string serviceName)
    {
        Settle();
        FakeService service = Find(serviceName);
        return new ServiceStatus(service.State, service.ProcessId);
    }

    public IReadOnlyList<string> GetDependentServices(string serviceName)
    {
        Find(serviceName);
        return _services.Values.Where(s => s.Dependencies.Contains(serviceName, StringComparer.OrdinalIgnoreCase)).Select(s => s.Name).ToList();
    }

    public IReadOnlyList<string> GetDependencies(string serviceName) => Find(serviceName).Dependencies;

    public void Stop(string serviceName)
    {
        Settle();
        FakeService service = Find(serviceName);
        if (service.State == ServiceState.Stopped)
        {
            throw new WindowsOperationException($"could not stop service {serviceName}: The service has not been started. (Windows error 1062)");
        }

        FakeService? runningDependent = _services.Values.FirstOrDefault(s =>
            s.State != ServiceState.Stopped && s.Dependencies.Contains(serviceName, StringComparer.OrdinalIgnoreCase));
        if (runningDependent is not null)
        {
            throw new WindowsOperationException(
                $"could not stop service {serviceName}: A stop control has been sent to a service that other running services are dependent on. (Windows error 1051)");
        }

        if (service.State == ServiceState.StopPending)
        {
            return;
        }

        _log.Add("stop " + service.Name);
        service.Stops++;
        service.State = ServiceState.StopPending;
        service.PendingUntil = Later(service.StopDuration);
        Settle();
    }

    public void Start(string serviceName)
    {
        Settle();
        FakeService service = Find(serviceName);
        if (service.State is ServiceState.Running or ServiceState.StartPending)
        {
            return; // ERROR_SERVICE_ALREADY_RUNNING is not an error for the adapter
        }

        if (service.State == ServiceState.StopPending)
        {
            throw new WindowsOperationException($"could not start service {serviceName}: An instance of the service is already running. (Windows error 1056)");
        }

        foreach (string dependency in service.Dependencies)
        {
            Start(dependency);
            Settle();
            if (Find(dependency).State != ServiceState.Running)
            {
                throw new WindowsOperationException($"could not start service {serviceName}: The dependency service or group failed to start. (Windows error 1068)");
            }
        }

        _log.Add("start " + service.Name);
        if (service.FailingStarts > 0)
        {
            service.FailingStarts--;
            throw new WindowsOperationException($"could not start service {serviceName}: The service did not respond to the start or control request in a timely fashion. (Windows error 1053)");
        }

        service.State = ServiceState.StartPending;
        service.PendingUntil = Later(service.StartDuration);
        Settle();
    }

    private DateTime Later(TimeSpan duration) => duration == TimeSpan.MaxValue ? DateTime.MaxValue : _clock.UtcNow + duration;

    private FakeService Find(string serviceName) =>
        _services.TryGetValue(serviceName, out FakeService? service)
            ? service
            : throw new WindowsOperationException($"could not open service {serviceName}: The specified service does not exist as an installed service. (Windows error 1060)");

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
                    service.State = ServiceState.StartPending;
                    service.PendingUntil = _clock.UtcNow;
                }
            }

            if (service.State == ServiceState.StartPending && _clock.UtcNow >= service.PendingUntil)
            {
                service.State = ServiceState.Running;
                service.ProcessId = _nextProcessId++;
                service.Starts++;
                _log.Add($"running {service.Name} (PID {service.ProcessId})");
            }
        }
    }
}
