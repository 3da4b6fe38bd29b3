using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.Versioning;
using Microsoft.Win32;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>The deployment kit as an administrator uses it: Group Policy values where the ADMX template writes them,
/// and the Intune detection script run the way Intune runs it (64-bit Windows PowerShell 5.1, -File, exit code and
/// STDOUT read).</summary>
[SupportedOSPlatform("windows")]
internal static class DeploymentKit
{
    /// <summary>Writes REG_SZ values under HKLM\SOFTWARE\Policies\WmiFixedPort (packaging/gpo/WmiFixedPort.admx writes
    /// every value as REG_SZ: storeAsText for numbers, string values for the choices).</summary>
    public static void WritePolicy(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        using RegistryKey hklm = RegistryKey.OpenBaseKey(RegistryHive.LocalMachine, RegistryView.Registry64);
        using RegistryKey key = hklm.CreateSubKey(ProductFacts.PolicyKey, writable: true);
        foreach (KeyValuePair<string, string> value in values)
        {
            key.SetValue(value.Key, value.Value, RegistryValueKind.String);
        }
    }

    public static void DeletePolicy()
    {
        using RegistryKey hklm = RegistryKey.OpenBaseKey(RegistryHive.LocalMachine, RegistryView.Registry64);
        hklm.DeleteSubKeyTree(ProductFacts.PolicyKey, throwOnMissingSubKey: false);
    }

    public static DetectionResult Detect(string script)
    {
        ProcessResult result = ProcessRunner.Run(
            PowerShell.ExePath,
            new[] { "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File", Path.GetFullPath(script) },
            TimeSpan.FromMinutes(2));
        return new DetectionResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
