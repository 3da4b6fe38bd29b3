using System;
using System.Collections.Generic;
using System.Linq;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>One SCM sample of winmgmt: when (UTC ticks), its state and its PID (0 when not running).</summary>
internal readonly record struct ServiceSample(long Ticks, ServiceState State, int ProcessId);

/// <summary>winmgmt's outage as the service control manager saw it: the time it was not RUNNING. Measured by
/// QueryServiceStatusEx every 100 ms, which does not start winmgmt (a WMI query would), so this is the figure for a
/// machine on which no WMI client insists during the operation.</summary>
internal sealed record ServiceOutage(int Samples, TimeSpan NotRunning, TimeSpan LongestNotRunning, RestartCount Restarts)
{
    /// <summary>Summarises the samples taken in [fromTicks, toTicks]. Each sample's state holds until the next sample;
    /// the last one holds until <paramref name="toTicks"/>. Restarts and stops are counted from the PIDs as
    /// <see cref="RestartCount.FromPids"/> does.</summary>
    public static ServiceOutage Summarize(IEnumerable<ServiceSample> samples, long fromTicks, long toTicks)
    {
        ArgumentNullException.ThrowIfNull(samples);
        List<ServiceSample> window = samples.Where(s => s.Ticks >= fromTicks && s.Ticks <= toTicks).OrderBy(s => s.Ticks).ToList();
        long total = 0;
        long longest = 0;
        long? outageStart = null;
        for (int i = 0; i < window.Count; i++)
        {
            bool running = window[i].State == ServiceState.Running;
            if (!running)
            {
                outageStart ??= window[i].Ticks;
            }
            else if (outageStart is long start)
            {
                Close(start, window[i].Ticks, ref total, ref longest);
                outageStart = null;
            }
        }

        if (outageStart is long open)
        {
            Close(open, toTicks, ref total, ref longest);
        }

        return new ServiceOutage(window.Count, TimeSpan.FromTicks(total), TimeSpan.FromTicks(longest), RestartCount.FromPids(window.Select(s => s.ProcessId)));
    }

    private static void Close(long start, long end, ref long total, ref long longest)
    {
        long length = Math.Max(0, end - start);
        total += length;
        longest = Math.Max(longest, length);
    }
}
