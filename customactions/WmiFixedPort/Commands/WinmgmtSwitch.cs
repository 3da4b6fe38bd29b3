using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using WmiFixedPort.Machine;
using WmiFixedPort.Restart;

namespace WmiFixedPort.Commands;

/// <summary>Runs <c>winmgmt.exe /standalonehost &lt;level&gt;</c> or <c>/sharedhost</c> and checks how it ended.</summary>
internal sealed class WinmgmtSwitch
{
    private static readonly Regex Whitespace = new(@"\s+", RegexOptions.CultureInvariant);

    private readonly IWinmgmtTool _tool;
    private readonly StepReporter _report;
    private readonly OperationDeadline? _deadline;

    public WinmgmtSwitch(IWinmgmtTool tool, StepReporter report, OperationDeadline? deadline = null)
    {
        _tool = tool;
        _report = report;
        _deadline = deadline;
    }

    public static IReadOnlyList<string> StandaloneArguments(int authLevel) =>
        new[] { "/standalonehost", authLevel.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    public static IReadOnlyList<string> SharedArguments { get; } = new[] { "/sharedhost" };

    public void Run(IReadOnlyList<string> arguments)
    {
        string step = "Run winmgmt.exe " + string.Join(" ", arguments);
        _deadline?.Check(step);
        TimeSpan limit = _deadline?.Cap(Timeouts.WinmgmtExe) ?? Timeouts.WinmgmtExe;
        ProcessResult result = StepFailedException.Guard(step, () => _tool.Run(arguments, limit));
        string output = Whitespace.Replace(result.Output, " ").Trim();
        string said = output.Length == 0 ? string.Empty : $" (it said: {output})";
        if (result.TimedOut)
        {
            throw new StepFailedException(step, "it did not finish in time and was stopped" + said);
        }

        if (result.ExitCode != 0)
        {
            throw new StepFailedException(step, $"exit code {result.ExitCode} (0x{result.ExitCode:X8}){said}");
        }

        _report.Step($"{step}: exit code 0{said}.");
    }
}
