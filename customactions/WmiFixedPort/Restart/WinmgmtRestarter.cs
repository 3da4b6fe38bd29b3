using System;
using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.Commands;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Restart;

/// <summary>
/// Restarts winmgmt the way <c>net stop</c>/<c>net start</c> would, but starts again exactly the dependents that
/// were running (or paused): stop them (deepest first), stop winmgmt, start winmgmt, start those dependents in
/// dependency order. It remembers what it did so that <see cref="Recover"/> can bring the services back after a
/// failure, and <see cref="NotRunningAgain"/> names what it could not.
/// </summary>
internal sealed class WinmgmtRestarter
{
    private const string Winmgmt = RegistryLocations.WinmgmtServiceName;

    private readonly IServiceControl _services;
    private readonly IClock _clock;
    private readonly StepReporter _report;
    private readonly ServiceWaiter _waiter;
    private readonly List<string> _runningDependents = new();
    private readonly List<string> _paused = new();
    private bool _winmgmtWasRunning;

    public WinmgmtRestarter(IServiceControl services, IClock clock, StepReporter report)
    {
        _services = services;
        _clock = clock;
        _report = report;
        _waiter = new ServiceWaiter(services, clock);
    }

    /// <summary>True once this restarter has stopped any service.</summary>
    public bool TouchedServices { get; private set; }

    /// <summary>True once winmgmt has been started again, that is, it runs with the configuration written before.</summary>
    public bool WinmgmtRestarted { get; private set; }

    public void Restart()
    {
        ServiceStatus winmgmt = Query(Winmgmt);
        if (!winmgmt.IsActive)
        {
            _report.Step("winmgmt is not running: nothing to restart; the new configuration applies when it next starts.");
            return;
        }

        _winmgmtWasRunning = true;
        IReadOnlyList<string> startOrder = StepFailedException.Guard(
            "List the services that depend on winmgmt",
            () => DependentServices.InStartOrder(_services, Winmgmt));
        var running = new List<string>();
        foreach (string name in startOrder)
        {
            ServiceStatus status = Query(name);
            if (status.IsActive)
            {
                running.Add(name);
            }

            if (status.State == ServiceState.Paused)
            {
                _paused.Add(name);
            }
        }

        if (winmgmt.State == ServiceState.Paused)
        {
            _paused.Add(Winmgmt);
        }

        _report.Step(running.Count == 0
            ? "No service that depends on winmgmt is running."
            : "Running services that depend on winmgmt: " + string.Join(", ", running) + ".");

        _runningDependents.AddRange(running);
        foreach (string dependent in Enumerable.Reverse(running))
        {
            TouchedServices = true;
            StopAndWait(dependent, "dependent service " + dependent, originalProcessId: 0);
        }

        TouchedServices = true;
        StopAndWait(Winmgmt, "winmgmt", winmgmt.ProcessId);
        StartWinmgmt();
        StartDependents();
        foreach (string name in _paused)
        {
            _report.Warning($"{name} was paused and now runs (sc.exe pause {name} pauses it again).");
        }
    }

    /// <summary>
    /// After a failed command has put the registry back: restart winmgmt if it already runs with the
    /// abandoned configuration, start it if it is down, and start the dependents this restarter stopped.
    /// Problems are reported as errors; it never throws for a service failure.
    /// </summary>
    public bool Recover()
    {
        if (!TouchedServices)
        {
            return true;
        }

        try
        {
            if (!WinmgmtRestarted && Query(Winmgmt).State == ServiceState.StartPending)
            {
                // It was still starting, with the abandoned configuration: let it finish, then restart it.
                WinmgmtRestarted = _waiter.Wait(Winmgmt, status => status.State != ServiceState.StartPending, Timeouts.ServiceStart, out _).State == ServiceState.Running;
            }

            if (WinmgmtRestarted)
            {
                _report.Step("winmgmt already runs with the abandoned configuration: restarting it with the restored one.");
                WinmgmtRestarted = false;
                foreach (string dependent in Enumerable.Reverse(_runningDependents).Where(name => Query(name).IsActive))
                {
                    StopAndWait(dependent, "dependent service " + dependent, originalProcessId: 0);
                }

                StopAndWait(Winmgmt, "winmgmt", Query(Winmgmt).ProcessId);
            }

            if (_winmgmtWasRunning && !Query(Winmgmt).IsRunning)
            {
                _waiter.Wait(Winmgmt, status => status.State != ServiceState.StopPending, Timeouts.ServiceStop, out _);
                StartWinmgmt();
            }

            StartDependents();
            return true;
        }
        catch (StepFailedException ex)
        {
            _report.Error($"Undo: {ex.Step} failed: {ex.Error}");
            return false;
        }
    }

    /// <summary>The services that ran before this restarter touched them and do not run now, in start order.</summary>
    public IReadOnlyList<string> NotRunningAgain()
    {
        var names = new List<string>();
        if (_winmgmtWasRunning && TouchedServices)
        {
            names.Add(Winmgmt);
        }

        names.AddRange(_runningDependents);
        return names.Where(name => !IsRunningQuietly(name)).ToList();
    }

    /// <summary>Starts services left stopped by an earlier incomplete undo (winmgmt first); returns those still stopped.</summary>
    public IReadOnlyList<string> StartLeftovers(IReadOnlyList<string> services)
    {
        var failed = new List<string>();
        foreach (string name in services.Where(name => !IsRunningQuietly(name)))
        {
            if (TryStart(name, out string error) || TryStart(name, out error))
            {
                _report.Step($"Started {name} (left stopped by an earlier undo).");
            }
            else
            {
                _report.Warning($"{name} did not start: {error}. Start it by hand: sc.exe start {name}");
                failed.Add(name);
            }
        }

        return failed;
    }

    private bool IsRunningQuietly(string name)
    {
        try
        {
            return _services.Query(name).IsRunning;
        }
        catch (WindowsOperationException)
        {
            return false;
        }
    }

    private void StopAndWait(string serviceName, string label, int originalProcessId)
    {
        string step = "Stop " + label;
        DateTime started = Now;
        try
        {
            // A service already stopping would refuse another stop (1061): wait for it instead.
            if (Query(serviceName).State != ServiceState.StopPending)
            {
                _services.Stop(serviceName);
            }
        }
        catch (WindowsOperationException ex)
        {
            throw new StepFailedException(step, ServiceErrors.Explain(ex, serviceName));
        }

        // A WMI client can start winmgmt again on demand before we see it stopped; a new process id means it
        // already runs with the new configuration, which is what the stop was for.
        ServiceStatus status = _waiter.Wait(
            serviceName,
            current => current.State == ServiceState.Stopped
                || (originalProcessId != 0 && current.State == ServiceState.Running && current.ProcessId != originalProcessId),
            Timeouts.ServiceStop,
            out string? gaveUp);
        if (status.State == ServiceState.Stopped)
        {
            _report.Step($"Stopped {label} ({ServiceWaiter.Seconds(Now - started)}).");
        }
        else if (gaveUp is null)
        {
            _report.Step($"Stopped {label}; a WMI client started it again at once (PID {status.ProcessId}).");
        }
        else
        {
            throw new StepFailedException(step, gaveUp + " (timed out)");
        }
    }

    private void StartWinmgmt()
    {
        const string step = "Start winmgmt";
        DateTime started = Now;
        try
        {
            _services.Start(Winmgmt);
        }
        catch (WindowsOperationException ex)
        {
            throw new StepFailedException(step, ServiceErrors.Explain(ex, Winmgmt));
        }

        ServiceStatus status = _waiter.Wait(Winmgmt, current => current.State == ServiceState.Running, Timeouts.ServiceStart, out string? gaveUp);
        if (gaveUp is not null)
        {
            throw new StepFailedException(step, gaveUp + " (timed out)");
        }

        WinmgmtRestarted = true;
        _report.Step($"Started winmgmt, PID {status.ProcessId} ({ServiceWaiter.Seconds(Now - started)}).");
    }

    private void StartDependents()
    {
        foreach (string dependent in _runningDependents.Where(name => Query(name).State != ServiceState.Running).ToList())
        {
            if (TryStart(dependent, out string error) || TryStart(dependent, out error))
            {
                _report.Step($"Started dependent service {dependent}.");
            }
            else
            {
                _report.Warning($"Dependent service {dependent} did not start again (tried twice): {error}. Start it by hand: sc.exe start {dependent}");
            }
        }
    }

    private bool TryStart(string serviceName, out string error)
    {
        try
        {
            if (Query(serviceName).State == ServiceState.StopPending)
            {
                _waiter.Wait(serviceName, current => current.State == ServiceState.Stopped, Timeouts.DependentStart, out _);
            }

            try
            {
                _services.Start(serviceName);
            }
            catch (WindowsOperationException ex)
            {
                error = ServiceErrors.Explain(ex, serviceName);
                return false;
            }

            _waiter.Wait(serviceName, current => current.State == ServiceState.Running, Timeouts.DependentStart, out string? gaveUp);
            error = gaveUp ?? string.Empty;
            return gaveUp is null;
        }
        catch (StepFailedException ex)
        {
            error = ex.Error;
            return false;
        }
    }

    private DateTime Now => _clock.UtcNow;

    private ServiceStatus Query(string serviceName) =>
        StepFailedException.Guard("Query service " + serviceName, () => _services.Query(serviceName));
}
