using System;
using System.Globalization;
using WmiFixedPort.Commands;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Restart;

/// <summary>
/// Waits for a service to reach a state the way Microsoft's "Starting a Service" sample does: poll at a tenth of
/// dwWaitHint, treat a growing dwCheckPoint as progress, and give up when no progress came for longer than the wait
/// hint (at least <see cref="Timeouts.NoProgress"/>) or when the cap is reached.
/// </summary>
internal sealed class ServiceWaiter
{
    private readonly IServiceControl _services;
    private readonly IClock _clock;

    public ServiceWaiter(IServiceControl services, IClock clock)
    {
        _services = services;
        _clock = clock;
    }

    /// <summary>Waits until <paramref name="done"/>; returns the last status and, when not done, why the wait ended.</summary>
    public ServiceStatus Wait(string serviceName, Func<ServiceStatus, bool> done, TimeSpan cap, out string? gaveUp)
    {
        DateTime start = _clock.UtcNow;
        DateTime lastProgress = start;
        ServiceStatus status = Query(serviceName);
        int checkPoint = status.CheckPoint;
        ServiceState state = status.State;
        while (true)
        {
            if (done(status))
            {
                gaveUp = null;
                return status;
            }

            DateTime now = _clock.UtcNow;
            if (status.CheckPoint != checkPoint || status.State != state)
            {
                checkPoint = status.CheckPoint;
                state = status.State;
                lastProgress = now;
            }

            TimeSpan hint = TimeSpan.FromMilliseconds(Math.Max(0, status.WaitHintMilliseconds));
            TimeSpan stall = hint > Timeouts.NoProgress ? hint : Timeouts.NoProgress;
            if (now - lastProgress > stall)
            {
                gaveUp = $"still {status.State} after {Seconds(now - start)}, no progress for {Seconds(now - lastProgress)} (wait hint {Seconds(hint)})";
                return status;
            }

            if (now - start >= cap)
            {
                gaveUp = $"still {status.State} after {Seconds(now - start)} (limit {Seconds(cap)})";
                return status;
            }

            TimeSpan poll = TimeSpan.FromTicks(hint.Ticks / 10);
            poll = poll < Timeouts.MinimumPoll ? Timeouts.MinimumPoll : poll > Timeouts.MaximumPoll ? Timeouts.MaximumPoll : poll;
            _clock.Sleep(poll);
            status = Query(serviceName);
        }
    }

    public static string Seconds(TimeSpan span) =>
        span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private ServiceStatus Query(string serviceName) =>
        StepFailedException.Guard("Query service " + serviceName, () => _services.Query(serviceName));
}
