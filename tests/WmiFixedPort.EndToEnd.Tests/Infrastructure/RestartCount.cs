using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>How often winmgmt restarted and stopped, judged from its PID sampled over time (0 = not running).</summary>
internal readonly record struct RestartCount(int Restarts, int Stops)
{
    /// <summary>Restarts: changes from one running PID to a different running PID, with or without stopped samples
    /// in between (a restart faster than the sampling interval still changes the PID). Stops: changes from a
    /// running PID to 0. A sequence that starts or ends stopped counts what it shows, nothing more.</summary>
    public static RestartCount FromPids(IEnumerable<int> pids)
    {
        ArgumentNullException.ThrowIfNull(pids);
        int restarts = 0;
        int stops = 0;
        int lastRunning = 0;
        int previous = -1;
        foreach (int pid in pids)
        {
            if (pid == 0)
            {
                if (previous > 0)
                {
                    stops++;
                }
            }
            else
            {
                if (lastRunning != 0 && pid != lastRunning)
                {
                    restarts++;
                }

                lastRunning = pid;
            }

            previous = pid;
        }

        return new RestartCount(restarts, stops);
    }

    /// <summary>The PID sequence with repeats folded, for failure messages: "1234 -> 0 -> 5678".</summary>
    public static string Timeline(IEnumerable<int> pids)
    {
        ArgumentNullException.ThrowIfNull(pids);
        var folded = new List<int>();
        foreach (int pid in pids)
        {
            if (folded.Count == 0 || folded[^1] != pid)
            {
                folded.Add(pid);
            }
        }

        return string.Join(" -> ", folded.Select(p => p.ToString(CultureInfo.InvariantCulture)));
    }
}
