using System;
using System.Collections.Generic;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>A local administrator created for the remote scenario, with a password generated for this run
/// (<see cref="TestPassword"/>), and removed at the end. The password reaches powershell.exe through its environment
/// only: no script text, command line or error message carries it. Remote WMI as a local account needs an unfiltered
/// administrator token: UAC's remote restrictions give local accounts a filtered token on network logons unless
/// LocalAccountTokenFilterPolicy = 1 (learn.microsoft.com, "User Account Control and remote restrictions"). The value is
/// set for the scenario and put back exactly as it was (absent stays absent).</summary>
internal sealed class LocalTestAccount : IDisposable
{
    public const string UserVariable = "WFP_E2E_USER";
    public const string PasswordVariable = "WFP_E2E_PASSWORD";
    private const string PolicyPath = @"HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly IPowerShellRunner _powerShell;
    private readonly string _previousPolicy;

    private LocalTestAccount(IPowerShellRunner powerShell, string name, string password, string previousPolicy)
    {
        _powerShell = powerShell;
        Name = name;
        Password = password;
        _previousPolicy = previousPolicy;
    }

    public string Name { get; }

    /// <summary>The password: handed to child processes through their environment only.</summary>
    public string Password { get; }

    /// <summary>"HOST\name", as a remote client names the account.</summary>
    public string QualifiedName(string machineName) => machineName + "\\" + Name;

    public static LocalTestAccount Create(IPowerShellRunner powerShell)
    {
        ArgumentNullException.ThrowIfNull(powerShell);
        string name = "wfpe2e" + Guid.NewGuid().ToString("N")[..8];
        string password = TestPassword.Generate();
        powerShell.Run("""
            $secure = ConvertTo-SecureString $env:WFP_E2E_PASSWORD -AsPlainText -Force
            $null = New-LocalUser -Name $env:WFP_E2E_USER -Password $secure -PasswordNeverExpires -AccountNeverExpires -Description 'WmiFixedPort end-to-end test (temporary)'
            Add-LocalGroupMember -SID 'S-1-5-32-544' -Member $env:WFP_E2E_USER
            """, Timeout, new Dictionary<string, string> { [UserVariable] = name, [PasswordVariable] = password });
        // "absent" or the DWORD's decimal value, then set to 1. If that fails, the account just created goes again.
        string previous;
        try
        {
            previous = powerShell.Run($$"""
            $key = Get-Item -LiteralPath {{PowerShellScript.Quote(PolicyPath)}}
            $value = $key.GetValue('LocalAccountTokenFilterPolicy', $null)
            if ($null -eq $value) { 'absent' } else { [string][int]$value }
            Set-ItemProperty -LiteralPath {{PowerShellScript.Quote(PolicyPath)}} -Name 'LocalAccountTokenFilterPolicy' -Value 1 -Type DWord
            """, Timeout).Trim();
        }
        catch
        {
            powerShell.Run("Remove-LocalUser -Name $env:WFP_E2E_USER", Timeout, new Dictionary<string, string> { [UserVariable] = name });
            throw;
        }

        return new LocalTestAccount(powerShell, name, password, previous);
    }

    public void Dispose()
    {
        string restore = _previousPolicy == "absent"
            ? $"Remove-ItemProperty -LiteralPath {PowerShellScript.Quote(PolicyPath)} -Name 'LocalAccountTokenFilterPolicy' -ErrorAction SilentlyContinue"
            : $"Set-ItemProperty -LiteralPath {PowerShellScript.Quote(PolicyPath)} -Name 'LocalAccountTokenFilterPolicy' -Value {int.Parse(_previousPolicy, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture)} -Type DWord";
        _powerShell.Run(restore + "\nRemove-LocalUser -Name $env:WFP_E2E_USER", Timeout, new Dictionary<string, string> { [UserVariable] = Name });
    }
}
