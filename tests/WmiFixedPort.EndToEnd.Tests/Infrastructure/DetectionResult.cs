using System;
using System.Globalization;
using System.Linq;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>How Intune reads a custom detection script (learn.microsoft.com, "Win32 app management", detection rules:
/// the app is detected when the script exits with 0 and writes a string to STDOUT). Our script's own promise
/// (issue 10): one line, exit 0, when detected; nothing on STDOUT otherwise.</summary>
internal sealed record DetectionResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Detected => ExitCode == 0 && StandardOutput.Trim().Length > 0;

    public int OutputLines => StandardOutput.Split('\n').Count(l => l.Trim().Length > 0);

    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"exit {ExitCode}; stdout [{StandardOutput.Trim()}]; stderr [{StandardError.Trim()}] => {(Detected ? "detected" : "not detected")}");
}
