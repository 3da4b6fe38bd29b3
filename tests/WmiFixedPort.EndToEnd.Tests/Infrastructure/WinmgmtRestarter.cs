using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>What one harness restart of winmgmt did.</summary>
internal sealed record WinmgmtRestartReport(int PidBefore, int PidAfter, IReadOnlyList<string> DependentsRestarted, bool ClientRestartedWinmgmt);

/// <summary>The harness's own restart of winmgmt (set-up of a pre-existing standalone host, and cleanup), done the way
/// the product does it rather than with Stop-Service -Force, which throws when a WMI client starts winmgmt again
/// during the stop and restarts only what its caller remembered:
/// <list type="number">
/// <item>record every active dependent, transitively (a dependent of a dependent is stopped by the SCM too);</item>
/// <item>stop them deepest first, then winmgmt; a new winmgmt PID counts as stopped (a client started it again on
/// demand, which is what a restart needs);</item>
/// <item>start winmgmt unless a client already did, then every recorded dependent in start order.</item>
/// </list>
/// Every wait has a limit; a failure names the service and its last state.</summary>
internal sealed class WinmgmtRestarter
{
    public const string Winmgmt = "winmgmt";
    private const int MaxStopAttempts = 5;

    private readonly IServiceControl _scm;
    private readonly IClock _clock;
    private readonly TimeSpan _waitLimit;
    private readonly TimeSpan _pollInterval;

    public WinmgmtRestarter(IServiceControl scm, IClock clock, TimeSpan waitLimit, TimeSpan pollInterval)
    {
        _scm = scm;
        _clock = clock;
        _waitLimit = waitLimit;
        _pollInterval = pollInterval;
    }

    public WinmgmtRestartReport Restart()
    {
        ServiceStatus before = _scm.Query(Winmgmt);
        var restartLater = new List<string>();
        bool clientRestarted = false;
        if (before.State != ServiceState.Stopped)
        {
            clientRestarted = StopWinmgmtAndDependents(before.ProcessId, restartLater);
        }

        if (!clientRestarted)
        {
            Start(Winmgmt);
        }

        // Start order is the reverse of the stop order (deepest dependents were stopped first).
        var failures = new List<string>();
        foreach (string dependent in Enumerable.Reverse(restartLater))
        {
            try
            {
                Start(dependent);
            }
            catch (Exception e) when (e is ServiceControlException or TimeoutException)
            {
                failures.Add(e.Message);
            }
        }

        if (failures.Count > 0)
        {
            throw new InvalidOperationException(
                "winmgmt restarted, but dependents that were running did not start again:" + Environment.NewLine + string.Join(Environment.NewLine, failures));
        }

        return new WinmgmtRestartReport(before.ProcessId, _scm.Query(Winmgmt).ProcessId, restartLater, clientRestarted);
    }

    /// <summary>The active services that depend on <paramref name="service"/>, directly or not, in an order in which
    /// each one comes after everything that depends on it (a safe stop order).</summary>
    public IReadOnlyList<string> ActiveDependentsInStopOrder(string service)
    {
        var order = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { service };
        foreach (string dependent in _scm.DependentsOf(service))
        {
            Visit(dependent, seen, order);
        }

        return order.Where(s => _scm.Query(s).State != ServiceState.Stopped).ToList();
    }

    private void Visit(string service, HashSet<string> seen, List<string> order)
    {
        if (!seen.Add(service))
        {
            return;
        }

        foreach (string dependent in _scm.DependentsOf(service))
        {
            Visit(dependent, seen, order);
        }

        order.Add(service);
    }

    /// <returns>True when a client started winmgmt again (new PID) instead of it staying stopped.</returns>
    private bool StopWinmgmtAndDependents(int pidBefore, List<string> restartLater)
    {
        for (int attempt = 1; ; attempt++)
        {
            foreach (string dependent in ActiveDependentsInStopOrder(Winmgmt))
            {
                if (!restartLater.Contains(dependent, StringComparer.OrdinalIgnoreCase))
                {
                    restartLater.Add(dependent);
                }

                Stop(dependent);
            }

            try
            {
                _scm.RequestStop(Winmgmt);
            }
            catch (ServiceControlException e) when (e.ErrorCode == ServiceErrors.NotActive)
            {
                // Stopped already (or between two polls): the wait below confirms it.
            }
            catch (ServiceControlException e) when (e.ErrorCode is ServiceErrors.DependentServicesRunning or ServiceErrors.CannotAcceptControl && attempt < MaxStopAttempts)
            {
                // A dependent started again, or winmgmt is still starting: stop what runs now and ask again.
                _clock.Sleep(_pollInterval);
                continue;
            }

            return WaitUntilStoppedOrNewPid(pidBefore);
        }
    }

    private void Stop(string service)
    {
        try
        {
            _scm.RequestStop(service);
        }
        catch (ServiceControlException e) when (e.ErrorCode == ServiceErrors.NotActive)
        {
            return;
        }

        Wait(service, ServiceState.Stopped);
    }

    private void Start(string service)
    {
        try
        {
            _scm.RequestStart(service);
        }
        catch (ServiceControlException e) when (e.ErrorCode == ServiceErrors.AlreadyRunning)
        {
            // Started meanwhile (for winmgmt: by a WMI client). The wait below confirms it runs.
        }

        Wait(service, ServiceState.Running);
    }

    private bool WaitUntilStoppedOrNewPid(int pidBefore)
    {
        DateTime deadline = _clock.UtcNow + _waitLimit;
        while (true)
        {
            ServiceStatus status = _scm.Query(Winmgmt);
            if (status.State == ServiceState.Stopped)
            {
                return false;
            }

            if (status.ProcessId != 0 && status.ProcessId != pidBefore)
            {
                // The old process is gone and a client's request started a new one: as good as stopped and started.
                Wait(Winmgmt, ServiceState.Running);
                return true;
            }

            if (_clock.UtcNow >= deadline)
            {
                throw new TimeoutException(Invariant($"winmgmt did not stop within {_waitLimit.TotalSeconds:0} s: state {status.State}, PID {status.ProcessId} (PID before the stop {pidBefore})."));
            }

            _clock.Sleep(_pollInterval);
        }
    }

    private void Wait(string service, ServiceState wanted)
    {
        DateTime deadline = _clock.UtcNow + _waitLimit;
        while (true)
        {
            ServiceStatus status = _scm.Query(service);
            if (status.State == wanted)
            {
                return;
            }

            if (_clock.UtcNow >= deadline)
            {
                throw new TimeoutException(Invariant($"{service} did not reach {wanted} within {_waitLimit.TotalSeconds:0} s: state {status.State}."));
            }

            _clock.Sleep(_pollInterval);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
