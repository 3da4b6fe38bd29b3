using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.Versioning;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>Windows PowerShell 5.1 (present on every supported Windows): the way to the NetSecurity, NetTCPIP and
/// CIM cmdlets without extra packages. Scripts go in with -EncodedCommand, so no quoting is involved.</summary>
[SupportedOSPlatform("windows")]
internal static class PowerShell
{
    public static string ExePath => Path.Combine(Environment.SystemDirectory, "WindowsPowerShell", "v1.0", "powershell.exe");

    public static string[] Arguments(string script) =>
        new[] { "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-OutputFormat", "Text", "-EncodedCommand", PowerShellScript.Encode(script) };

    /// <summary>Runs the script and returns its standard output; a non-zero exit fails with the error output.</summary>
    public static string Run(string script, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        ProcessResult result = ProcessRunner.Run(ExePath, Arguments(script), timeout ?? TimeSpan.FromMinutes(3), environment);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"powershell.exe exited with {result.ExitCode}.{Environment.NewLine}Script:{Environment.NewLine}{script}{Environment.NewLine}"
                + $"Error output:{Environment.NewLine}{PowerShellScript.ReadableErrors(result.StandardError)}{Environment.NewLine}Output:{Environment.NewLine}{result.StandardOutput}");
        }

        return result.StandardOutput.Trim();
    }
}

/// <summary><see cref="PowerShell"/> behind <see cref="IPowerShellRunner"/>.</summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsPowerShell : IPowerShellRunner
{
    public static WindowsPowerShell Instance { get; } = new();

    public string Run(string script, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null) => PowerShell.Run(script, timeout, environment);
}
