using System.Collections.Generic;
using System.IO;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Commands;

/// <summary>
/// Prints one line per step to stdout (WixQuietExec copies it into the MSI log) and keeps the lines so the
/// command can write them to the event log when it ends.
/// </summary>
internal sealed class StepReporter
{
    private readonly TextWriter _output;
    private readonly List<string> _lines = new();

    public StepReporter(TextWriter output) => _output = output;

    public IReadOnlyList<string> Lines => _lines;

    public int WarningCount { get; private set; }

    public void Step(string line) => Write(line);

    public void Warning(string line)
    {
        WarningCount++;
        Write("WARNING: " + line);
    }

    public int ErrorCount { get; private set; }

    public void Error(string line)
    {
        ErrorCount++;
        Write("ERROR: " + line);
    }

    /// <summary>Writes the whole command's lines as one event; a failure to do so is reported, not fatal.</summary>
    public void WriteEvent(IEventLog eventLog, EventKind kind)
    {
        if (!eventLog.Write(kind, string.Join("\r\n", _lines)))
        {
            Write("Note: could not write to the Application event log (source WmiFixedPort); the lines above are the record.");
        }
    }

    private void Write(string line)
    {
        _lines.Add(line);
        _output.WriteLine(line);
        _output.Flush();
    }
}
