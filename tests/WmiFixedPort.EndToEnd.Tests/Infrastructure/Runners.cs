using System;
using System.Collections.Generic;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>The result of one msiexec run.</summary>
internal sealed record MsiResult(int ExitCode, TimeSpan WallTime, string LogPath);

/// <summary>Runs a script in Windows PowerShell 5.1 and returns its standard output (trimmed); a non-zero exit throws
/// <see cref="InvalidOperationException"/> with the error output. <paramref name="environment"/> is added to the child's
/// environment: the way to hand it a secret without putting it on a command line.</summary>
internal interface IPowerShellRunner
{
    string Run(string script, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null);
}

/// <summary>Runs msiexec quietly with a verbose log (see <see cref="MsiExecArguments"/>).</summary>
internal interface IMsiRunner
{
    MsiResult Run(string logName, MsiOperation operation, string package, params (string Name, string Value)[] properties);
}

/// <summary>Time as the harness waits on it: the real clock on Windows, a fake one in the unit tests.</summary>
internal interface IClock
{
    DateTime UtcNow { get; }

    void Sleep(TimeSpan duration);
}

/// <summary>msiexec's exit codes that the harness tells apart (Windows Installer error codes, learn.microsoft.com
/// "MsiExec.exe and InstMsi.exe error messages").</summary>
internal static class MsiExitCodes
{
    public const int Success = 0;
    public const int FatalError = 1603;
    public const int UnknownProduct = 1605;
    public const int AnotherInstallInProgress = 1618;
    public const int SuccessRebootRequired = 3010;
}
