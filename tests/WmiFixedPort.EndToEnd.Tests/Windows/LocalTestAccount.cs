using System;
using System.Collections.Generic;
using System.Runtime.Versioning;
using Microsoft.Win32;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>A local administrator created for the remote scenario, with a password generated for this run, and
/// removed at the end. Remote WMI as a local account needs an unfiltered administrator token: UAC's remote
/// restrictions give local accounts a filtered token on network logons unless LocalAccountTokenFilterPolicy = 1
/// (learn.microsoft.com, "User Account Control and remote restrictions"). The value is set for the scenario and put
/// back exactly as it was (absent stays absent).</summary>
[SupportedOSPlatform("windows")]
internal sealed class LocalTestAccount : IDisposable
{
    private const string PolicyKey = @"SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System";
    private const string PolicyValue = "LocalAccountTokenFilterPolicy";
    private readonly object? _previousPolicy;

    private LocalTestAccount(string name, string password, object? previousPolicy)
    {
        Name = name;
        Password = password;
        _previousPolicy = previousPolicy;
    }

    public string Name { get; }

    /// <summary>The password: handed to child processes through their environment only.</summary>
    public string Password { get; }

    /// <summary>"HOST\name", as a remote client names the account.</summary>
    public string QualifiedName => Environment.MachineName + "\\" + Name;

    public static LocalTestAccount Create()
    {
        string name = "wfpe2e" + Guid.NewGuid().ToString("N")[..8];
        string password = TestPassword.Generate();
        PowerShell.Run("""
            $secure = ConvertTo-SecureString $env:WFP_E2E_PASSWORD -AsPlainText -Force
            $null = New-LocalUser -Name $env:WFP_E2E_USER -Password $secure -PasswordNeverExpires -AccountNeverExpires -Description 'WmiFixedPort end-to-end test (temporary)'
            Add-LocalGroupMember -SID 'S-1-5-32-544' -Member $env:WFP_E2E_USER
            """, TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["WFP_E2E_USER"] = name, ["WFP_E2E_PASSWORD"] = password });
        using RegistryKey hklm = RegistryKey.OpenBaseKey(RegistryHive.LocalMachine, RegistryView.Registry64);
        using RegistryKey key = hklm.CreateSubKey(PolicyKey, writable: true);
        object? previous = key.GetValue(PolicyValue);
        key.SetValue(PolicyValue, 1, RegistryValueKind.DWord);
        return new LocalTestAccount(name, password, previous);
    }

    public void Dispose()
    {
        using (RegistryKey hklm = RegistryKey.OpenBaseKey(RegistryHive.LocalMachine, RegistryView.Registry64))
        using (RegistryKey key = hklm.CreateSubKey(PolicyKey, writable: true))
        {
            if (_previousPolicy is null)
            {
                key.DeleteValue(PolicyValue, throwOnMissingValue: false);
            }
            else
            {
                key.SetValue(PolicyValue, _previousPolicy, RegistryValueKind.DWord);
            }
        }

        PowerShell.Run("Remove-LocalUser -Name $env:WFP_E2E_USER", TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["WFP_E2E_USER"] = Name });
    }
}
