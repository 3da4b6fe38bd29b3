using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Text;
using System.Text.RegularExpressions;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Windows;

/// <summary>
/// Runs %SystemRoot%\System32\wbem\winmgmt.exe directly (no shell), from the system folder, with arguments that
/// must be plain switches or numbers, so nothing can be injected into its command line.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WinmgmtExeRunner : IWinmgmtTool
{
    private static readonly Regex SafeArgument = new("^/?[A-Za-z0-9]+$", RegexOptions.CultureInvariant);

    public ProcessResult Run(IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        if (arguments.Any(argument => !SafeArgument.IsMatch(argument)))
        {
            throw new ArgumentException("winmgmt.exe arguments must be plain switches or numbers.", nameof(arguments));
        }

        string system = Environment.GetFolderPath(Environment.SpecialFolder.System);
        var startInfo = new ProcessStartInfo(Path.Combine(system, "wbem", "winmgmt.exe"), string.Join(" ", arguments))
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = system,
        };

        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new WindowsOperationException($"could not start {startInfo.FileName}: {ex.Message} (Windows error {ex.NativeErrorCode})", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            try
            {
                process.Kill();
            }
            catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
            {
                // It exited (or was exiting) after the wait gave up; Process.Kill then throws:
                // https://learn.microsoft.com/dotnet/api/system.diagnostics.process.kill
            }

            process.WaitForExit();
            return new ProcessResult(null, Text(output));
        }

        process.WaitForExit(); // lets the output handlers finish
        return new ProcessResult(process.ExitCode, Text(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
