using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Microsoft.Win32;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;
using WmiFixedPort.EndToEnd.Tests.Windows;

namespace WmiFixedPort.EndToEnd.Tests.Scenarios;

/// <summary>
/// Issue 16 on a real machine, through the shipped exe directly (no MSI): a running dependent of winmgmt that does not
/// come back is named by <c>status</c> (contract interface 1, <c>dependentsDown</c>), and a launch-protected running
/// dependent makes <c>enable</c> stage the change. Each test ends with <c>restore</c> (in a finally), so the machine is
/// back at the pre-install snapshot the MSI scenarios check.
/// </summary>
[TestClass]
[OSCondition(OperatingSystems.Windows, IgnoreMessage = "End-to-end: changes winmgmt and its dependents, so it runs only on Windows (the Windows CI lane).")]
[MemberCondition(typeof(E2eGate), nameof(E2eGate.IsRequested), IgnoreMessage = "End-to-end: set WMIFIXEDPORT_E2E=1 (elevated, on a disposable Windows machine) to run these scenarios.")]
[SupportedOSPlatform("windows")]
public sealed class EngineRunTimeTests
{
    private const string Winmgmt = "winmgmt";

    private static string Exe => E2eSettings.FromEnvironment(Environment.GetEnvironmentVariable, File.Exists, Path.Combine(Path.GetTempPath(), "WmiFixedPort.E2E")).Exe;

    [TestMethod]
    public void Enable_WhenARunningDependentCannotStartAgain_StatusNamesItUntilItRunsAgain()
    {
        // A leaf: no other running service depends on it, so it alone cannot start again (its dependents would fail with 1068).
        string dependent = RunningDependents().FirstOrDefault(name => !IsLaunchProtected(name)
                && !ScmServiceControl.Instance.DependentsOf(name).Any(other => ScmServiceControl.Instance.Query(other).State != ServiceState.Stopped))
            ?? throw new AssertInconclusiveException("No running, unprotected dependent of winmgmt without running dependents of its own on this image.");
        string serviceKey = @"SYSTEM\CurrentControlSet\Services\" + dependent;
        int startType = (int)(Registry.LocalMachine.OpenSubKey(serviceKey)?.GetValue("Start") ?? 3);
        bool delayed = (int)(Registry.LocalMachine.OpenSubKey(serviceKey)?.GetValue("DelayedAutostart") ?? 0) == 1;
        using var watcher = new CancellationTokenSource();
        // When the engine has stopped it, disable it: its three start attempts then fail with 1058 (ERROR_SERVICE_DISABLED).
        Thread disabler = new(() => DisableOnceStopped(dependent, watcher.Token)) { IsBackground = true };
        disabler.Start();
        try
        {
            ProcessResult enable = Run("enable");

            Assert.AreEqual(0, enable.ExitCode, "exit code 0 by design when a dependent does not come back: " + enable.StandardOutput);
            StringAssert.Contains(enable.StandardOutput, $"ERROR: Dependent service {dependent} was running before and does not run again (tried 3 times)");
            CollectionAssert.AreEqual(new[] { dependent }, DependentsDown(), "status --json dependentsDown");
            StringAssert.Contains(Run("status").StandardOutput, "Dependents:  not running again: " + dependent);

            SetStartType(dependent, startType, delayed);
            ScmServiceControl.Instance.RequestStart(dependent);
            WaitFor(dependent, ServiceState.Running, TimeSpan.FromMinutes(2));

            Assert.AreEqual(0, DependentsDown().Count, "a dependent that runs again drops out of dependentsDown");
            StringAssert.Contains(Run("status").StandardOutput, "Dependents:  all running");
        }
        finally
        {
            watcher.Cancel();
            disabler.Join(TimeSpan.FromSeconds(5));
            SetStartType(dependent, startType, delayed);
            if (ScmServiceControl.Instance.Query(dependent).State == ServiceState.Stopped)
            {
                ScmServiceControl.Instance.RequestStart(dependent);
            }

            ProcessResult restore = Run("restore");
            Assert.AreEqual(0, restore.ExitCode, "restore after the scenario: " + restore.StandardOutput);
        }
    }

    [TestMethod]
    public void Enable_WhenALaunchProtectedDependentRuns_StagesTheChange()
    {
        string protectedDependent = RunningDependents().FirstOrDefault(IsLaunchProtected)
            ?? throw new AssertInconclusiveException(
                "No launch-protected running dependent of winmgmt on this image (e.g. an antimalware or EDR agent); the staging is covered by the fake-Windows suite (Issue16.LaunchProtectedDependentTests).");
        int pid = WinmgmtService.ProcessId();
        try
        {
            ProcessResult enable = Run("enable");

            Assert.AreEqual(0, enable.ExitCode, enable.StandardOutput);
            StringAssert.Contains(enable.StandardOutput, "No restart of winmgmt: cannot stop " + protectedDependent);
            StringAssert.Contains(enable.StandardOutput, "RESTART REQUIRED: the change takes effect when the computer restarts");
            Assert.AreEqual(pid, WinmgmtService.ProcessId(), "winmgmt was not restarted");
            Assert.AreEqual(ServiceState.Running, ScmServiceControl.Instance.Query(protectedDependent).State);
            using JsonDocument status = Status();
            Assert.IsTrue(status.RootElement.GetProperty("staged").GetBoolean(), "status --json staged");
            Assert.AreEqual("standalone", status.RootElement.GetProperty("mode").GetString());
        }
        finally
        {
            ProcessResult restore = Run("restore");
            Assert.AreEqual(0, restore.ExitCode, "restore after the scenario (staged as well): " + restore.StandardOutput);
            Assert.AreEqual(pid, WinmgmtService.ProcessId(), "the restore is staged too: winmgmt still runs in its old process");
        }
    }

    private static ProcessResult Run(params string[] arguments) => ProcessRunner.Run(Exe, arguments, TimeSpan.FromMinutes(20));

    private static JsonDocument Status()
    {
        ProcessResult result = Run("status", "--json");
        Assert.AreEqual(0, result.ExitCode, result.StandardOutput);
        return JsonDocument.Parse(result.StandardOutput.Trim());
    }

    private static List<string> DependentsDown()
    {
        using JsonDocument status = Status();
        return status.RootElement.GetProperty("dependentsDown").EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList();
    }

    private static List<string> RunningDependents() =>
        ScmServiceControl.Instance.DependentsOf(Winmgmt).Where(name => ScmServiceControl.Instance.Query(name).State == ServiceState.Running).ToList();

    private static void DisableOnceStopped(string service, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            if (ScmServiceControl.Instance.Query(service).State == ServiceState.Stopped)
            {
                Sc("config", service, "start=", "disabled");
                return;
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>Start 2 automatic (delayed when DelayedAutostart = 1), 3 manual, 4 disabled (sc.exe config start=).</summary>
    private static void SetStartType(string service, int start, bool delayed) =>
        Sc("config", service, "start=", start switch { 2 => delayed ? "delayed-auto" : "auto", 4 => "disabled", _ => "demand" });

    private static void Sc(params string[] arguments)
    {
        ProcessResult result = ProcessRunner.Run(Path.Combine(Environment.SystemDirectory, "sc.exe"), arguments, TimeSpan.FromMinutes(1));
        Assert.AreEqual(0, result.ExitCode, "sc.exe " + string.Join(' ', arguments) + ": " + result.StandardOutput);
    }

    private static void WaitFor(string service, ServiceState state, TimeSpan limit)
    {
        DateTime end = DateTime.UtcNow + limit;
        while (ScmServiceControl.Instance.Query(service).State != state)
        {
            Assert.IsTrue(DateTime.UtcNow < end, $"{service} did not reach {state} within {limit}.");
            Thread.Sleep(250);
        }
    }

    /// <summary>QueryServiceConfig2W(SERVICE_CONFIG_LAUNCH_PROTECTED = 12): SERVICE_LAUNCH_PROTECTED_INFO.dwLaunchProtected != 0.</summary>
    private static bool IsLaunchProtected(string service)
    {
        IntPtr manager = OpenSCManagerW(null, null, 0x0001);
        IntPtr handle = manager == IntPtr.Zero ? IntPtr.Zero : OpenServiceW(manager, service, 0x0001);
        try
        {
            var info = new byte[4];
            return handle != IntPtr.Zero && QueryServiceConfig2W(handle, 12, info, info.Length, out _) && BitConverter.ToInt32(info, 0) != 0;
        }
        finally
        {
            if (handle != IntPtr.Zero)
            {
                CloseServiceHandle(handle);
            }

            if (manager != IntPtr.Zero)
            {
                CloseServiceHandle(manager);
            }
        }
    }

    [DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode, ExactSpelling = true)]
    private static extern IntPtr OpenSCManagerW(string? machineName, string? databaseName, int access);

    [DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode, ExactSpelling = true)]
    private static extern IntPtr OpenServiceW(IntPtr manager, string serviceName, int access);

    [DllImport("advapi32.dll", SetLastError = true, ExactSpelling = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool QueryServiceConfig2W(IntPtr service, int infoLevel, byte[] buffer, int bufferSize, out int bytesNeeded);

    [DllImport("advapi32.dll", SetLastError = true, ExactSpelling = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool CloseServiceHandle(IntPtr handle);
}
