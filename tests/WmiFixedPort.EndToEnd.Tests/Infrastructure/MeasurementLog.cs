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
    private readonly List<(string Name, string Value)> _figures = new();
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

    /// <summary>A named measured value (e.g. the time to the first remote query), shown in a table of its own.</summary>
    public void AddFigure(string name, string value)
    {
        lock (_gate)
        {
            _figures.Add((name, value));
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

            if (_figures.Count > 0)
            {
                text.AppendLine("| Figure | Value |").AppendLine("|---|---|");
                foreach ((string name, string value) in _figures)
                {
                    text.AppendLine(Invariant($"| {name} | {value} |"));
                }

                text.AppendLine();
            }

            if (_operations.Count > 0)
            {
                text.AppendLine("| Scenario | Operation | Sampling | Exit code | Wall time | winmgmt restarts | winmgmt stops | winmgmt not running (SCM) | Longest (SCM) | WMI client: unavailable | WMI client: longest outage | WMI client: slowest answer | WMI client: queries (failed) |")
                    .AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
                foreach (OperationMeasurement m in _operations)
                {
                    text.Append(Invariant($"| {m.Scenario} | {m.Operation} | {Label(m.Sampling)} | {m.ExitCode} | {Seconds(m.WallTime)} | {m.Restarts.Restarts} | {m.Restarts.Stops} | "))
                        .Append(Invariant($"{Seconds(m.Service.NotRunning)} | {Seconds(m.Service.LongestNotRunning)} | "))
                        .AppendLine(m.Wmi is WmiAvailability w
                            ? Invariant($"{Seconds(w.Unavailable)} | {Seconds(w.LongestOutage)} | {Seconds(w.SlowestAnswer)} | {w.Queries} ({w.FailedQueries}) |")
                            : "— | — | — | — |");
                }

                text.AppendLine().AppendLine("| Scenario | winmgmt restarts (all operations) |").AppendLine("|---|---:|");
                foreach (IGrouping<string, OperationMeasurement> scenario in _operations.GroupBy(m => m.Scenario))
                {
                    text.AppendLine(Invariant($"| {scenario.Key} | {scenario.Sum(m => m.Restarts.Restarts)} |"));
                }

                text.AppendLine()
                    .AppendLine("Sampling. \"SCM only\": winmgmt's state and PID from the service control manager (QueryServiceStatusEx) every 100 ms, "
                              + "which never starts winmgmt: \"not running\" is the time winmgmt was not RUNNING on a machine where no WMI client insisted. "
                              + "\"SCM + WMI client\": the same, plus a local `Win32_OperatingSystem` query every 100 ms; a WMI query starts winmgmt on demand, "
                              + "so these rows describe a machine with an aggressive client (its SCM figures are shortened by the client's restarts). "
                              + "A client outage lasts from the first failed query to the end of the next answered one; a query that blocked and then answered "
                              + "counts as a slow answer, not an outage. Restarts: changes of winmgmt's PID; stops: samples going from a PID to none.");
            }

            foreach (string note in _notes)
            {
                text.AppendLine().Append("- ").AppendLine(note);
            }

            return text.ToString();
        }
    }

    private static string Label(Sampling sampling) => sampling == Sampling.ScmOnly ? "SCM only" : "SCM + WMI client";

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
