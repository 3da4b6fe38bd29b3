using System;
using System.Collections.Generic;
using System.Linq;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>One WMI query of the availability poller: when it started and ended (UTC ticks) and whether it answered.</summary>
internal readonly record struct WmiSample(long StartTicks, long EndTicks, bool Ok);

/// <summary>What the poller saw during one operation.</summary>
internal sealed record WmiAvailability(int Queries, int FailedQueries, TimeSpan Unavailable, TimeSpan LongestOutage, TimeSpan SlowestAnswer)
{
    /// <summary>Summarises the queries that started in [fromTicks, toTicks]. An outage runs from the start of a
    /// failed query (after an answered one, or at the start) to the end of the next answered query: that is how
    /// long a client trying then waited for an answer. An outage still open at the end closes at the end of the
    /// last failed query. A query that blocked but then answered is no outage; it shows as the slowest answer.</summary>
    public static WmiAvailability Summarize(IEnumerable<WmiSample> samples, long fromTicks, long toTicks)
    {
        ArgumentNullException.ThrowIfNull(samples);
        List<WmiSample> window = samples.Where(s => s.StartTicks >= fromTicks && s.StartTicks <= toTicks)
                                        .OrderBy(s => s.StartTicks).ToList();
        long total = 0;
        long longest = 0;
        long? outageStart = null;
        long lastFailedEnd = 0;
        foreach (WmiSample sample in window)
        {
            if (!sample.Ok)
            {
                outageStart ??= sample.StartTicks;
                lastFailedEnd = sample.EndTicks;
            }
            else if (outageStart is long start)
            {
                Close(start, sample.EndTicks, ref total, ref longest);
                outageStart = null;
            }
        }

        if (outageStart is long open)
        {
            Close(open, lastFailedEnd, ref total, ref longest);
        }

        long slowest = window.Where(s => s.Ok).Select(s => s.EndTicks - s.StartTicks).DefaultIfEmpty(0).Max();
        return new WmiAvailability(window.Count, window.Count(s => !s.Ok), TimeSpan.FromTicks(total), TimeSpan.FromTicks(longest), TimeSpan.FromTicks(slowest));
    }

    private static void Close(long start, long end, ref long total, ref long longest)
    {
        long length = Math.Max(0, end - start);
        total += length;
        longest = Math.Max(longest, length);
    }
}
