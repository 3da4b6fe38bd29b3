using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>Collects the measurements of a run and renders them as markdown for the job summary.</summary>
internal sealed class MeasurementLog
{
    private readonly List<(string Name, long Bytes)> _sizes = new();
    private readonly List<OperationMeasurement> _operations = new();
    private readonly List<string> _notes = new();
    private readonly object _gate = new();

    public void AddSize(string name, long bytes)
    {
        lock (_gate)
        {
            _sizes.Add((name, bytes));
        }
    }

    public void Add(OperationMeasurement measurement)
    {
        lock (_gate)
        {
            _operations.Add(measurement);
        }
    }

    public void AddNote(string note)
    {
        lock (_gate)
        {
            _notes.Add(note);
        }
    }

    public string Render(string title)
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            text.Append("## ").AppendLine(title).AppendLine();
            if (_sizes.Count > 0)
            {
                text.AppendLine("| File | Size |").AppendLine("|---|---:|");
                foreach ((string name, long bytes) in _sizes)
                {
                    text.AppendLine(Invariant($"| {name} | {bytes:N0} bytes ({bytes / 1024.0:0.0} KiB) |"));
                }

                text.AppendLine();
            }

            if (_operations.Count > 0)
            {
                text.AppendLine("| Scenario | Operation | Exit code | Wall time | winmgmt restarts | winmgmt stops | WMI unavailable | Longest outage | Slowest answer | Queries (failed) |")
                    .AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
                foreach (OperationMeasurement m in _operations)
                {
                    text.Append(Invariant($"| {m.Scenario} | {m.Operation} | {m.ExitCode} | {Seconds(m.WallTime)} | {m.Restarts.Restarts} | {m.Restarts.Stops} | "))
                        .AppendLine(Invariant($"{Seconds(m.Wmi.Unavailable)} | {Seconds(m.Wmi.LongestOutage)} | {Seconds(m.Wmi.SlowestAnswer)} | {m.Wmi.Queries} ({m.Wmi.FailedQueries}) |"));
                }

                text.AppendLine().AppendLine("| Scenario | winmgmt restarts (all operations) |").AppendLine("|---|---:|");
                foreach (IGrouping<string, OperationMeasurement> scenario in _operations.GroupBy(m => m.Scenario))
                {
                    text.AppendLine(Invariant($"| {scenario.Key} | {scenario.Sum(m => m.Restarts.Restarts)} |"));
                }

                text.AppendLine()
                    .AppendLine("WMI availability: a local `Win32_OperatingSystem` query every 100 ms during each operation. "
                              + "An outage lasts from the first failed query to the end of the next answered one; "
                              + "a query that blocked and then answered counts as a slow answer, not an outage. "
                              + "Restarts: changes of winmgmt's PID, sampled every 100 ms.");
            }

            foreach (string note in _notes)
            {
                text.AppendLine().Append("- ").AppendLine(note);
            }

            return text.ToString();
        }
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
