using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.Versioning;
using System.Threading;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>Runs msiexec quietly with a verbose log per run (named after the scenario and step).</summary>
[SupportedOSPlatform("windows")]
internal sealed class MsiExec : IMsiRunner
{
    public const int Success = MsiExitCodes.Success;
    public const int FatalError = MsiExitCodes.FatalError;
    public const int UnknownProduct = MsiExitCodes.UnknownProduct;
    private const int AnotherInstallInProgress = MsiExitCodes.AnotherInstallInProgress;

    private readonly string _logDirectory;

    public MsiExec(string logDirectory)
    {
        _logDirectory = logDirectory;
        Directory.CreateDirectory(logDirectory);
    }

    private static string ExePath => Path.Combine(Environment.SystemDirectory, "msiexec.exe");

    /// <summary>Runs msiexec; retries only while another installation holds the machine-wide mutex (1618),
    /// which a fresh CI image can show while it finishes its own setup.</summary>
    public MsiResult Run(string logName, MsiOperation operation, string package, params (string Name, string Value)[] properties)
    {
        string logPath = Path.Combine(_logDirectory, SafeFileName(logName) + ".log");
        var list = new List<KeyValuePair<string, string>>();
        foreach ((string name, string value) in properties)
        {
            list.Add(new KeyValuePair<string, string>(name, value));
        }

        IReadOnlyList<string> arguments = MsiExecArguments.Build(operation, package, logPath, list);
        for (int attempt = 1; ; attempt++)
        {
            ProcessResult result = ProcessRunner.Run(ExePath, arguments, TimeSpan.FromMinutes(15));
            if (result.ExitCode != AnotherInstallInProgress || attempt == 6)
            {
                return new MsiResult(result.ExitCode, result.WallTime, logPath);
            }

            Thread.Sleep(TimeSpan.FromSeconds(20));
        }
    }

    /// <summary>The text of a log written by <see cref="Run"/>.</summary>
    public static string ReadLog(string logPath) => MsiLogText.Decode(File.ReadAllBytes(logPath));

    private static string SafeFileName(string name)
    {
        char[] chars = name.ToCharArray();
        char[] invalid = Path.GetInvalidFileNameChars();
        for (int i = 0; i < chars.Length; i++)
        {
            if (Array.IndexOf(invalid, chars[i]) >= 0 || chars[i] == ' ')
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }
}
