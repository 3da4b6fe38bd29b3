using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.Versioning;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;
using WmiFixedPort.EndToEnd.Tests.Windows;

namespace WmiFixedPort.EndToEnd.Tests.Scenarios;

/// <summary>The real MSI on a real Windows machine, one scenario per test. Each scenario starts from the
/// pre-install snapshot (checked in TestInitialize) and leaves the machine there again (TestCleanup uninstalls
/// whatever is installed, and if that does not restore the snapshot, puts it back by hand and fails). So the
/// scenarios do not depend on each other or on their order; the assembly runs them one at a time.</summary>
[TestClass]
[OSCondition(OperatingSystems.Windows, IgnoreMessage = "End-to-end: installs the MSI and changes winmgmt, so it runs only on Windows (the Windows CI lane).")]
[MemberCondition(typeof(E2eGate), nameof(E2eGate.IsRequested), IgnoreMessage = "End-to-end: set WMIFIXEDPORT_E2E=1 (elevated, on a disposable Windows machine) to install the MSI and run these scenarios.")]
[SupportedOSPlatform("windows")]
public sealed class MsiLifecycleTests
{
    private static readonly MeasurementLog Measurements = new();
    private static E2eSettings? s_settings;
    private static MachineSnapshot? s_baseline;
    private static MsiExec? s_msiexec;
    private static int s_logSequence;

    public TestContext TestContext { get; set; } = null!;

    private static E2eSettings Settings => s_settings ?? throw new InvalidOperationException("ClassInitialize did not run.");

    private static MachineSnapshot Baseline => s_baseline ?? throw new InvalidOperationException("ClassInitialize did not run.");

    private static MsiExec Msiexec => s_msiexec ?? throw new InvalidOperationException("ClassInitialize did not run.");

    [ClassInitialize]
    public static void ClassInitialize(TestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        s_settings = E2eSettings.FromEnvironment(Environment.GetEnvironmentVariable, File.Exists, Path.Combine(Path.GetTempPath(), "WmiFixedPort.E2E"));
        if (!Elevation.IsAdministrator())
        {
            throw new InvalidOperationException(E2eGate.EnableVariable + "=1, but the tests do not run elevated: run them from an administrator shell.");
        }

        s_msiexec = new MsiExec(Settings.LogDirectory);
        MachineSnapshot baseline = MachineState.Capture();
        if (baseline.Key(ProductFacts.ProductKey)?.Exists == true || baseline.Key(ProductFacts.EventSourceKey)?.Exists == true || baseline.FirewallRules.Count > 0)
        {
            throw new InvalidOperationException(
                "The machine is not clean (the product's registry keys or firewall rules exist): use a fresh machine; the pre-install snapshot must be taken before the first install."
                + Environment.NewLine + string.Join(Environment.NewLine, baseline.Render()));
        }

        s_baseline = baseline;
        context.WriteLine("Pre-install snapshot:" + Environment.NewLine + string.Join(Environment.NewLine, baseline.Render()));
        context.WriteLine("winmgmt PID before the first install: " + WinmgmtService.ProcessId());
        Measurements.AddSize("WmiFixedPort.msi (shipping)", new FileInfo(Settings.ShippingMsi).Length);
        Measurements.AddSize("WmiFixedPort.exe", new FileInfo(Settings.Exe).Length);
        Measurements.AddSize("Upgrade MSI (1.0.1, test only)", new FileInfo(Settings.UpgradeMsi).Length);
        Measurements.AddSize("Failure-injection MSI (test only)", new FileInfo(Settings.FailAfterEnableMsi).Length);
        WriteSummary();
    }

    [ClassCleanup]
    public static void ClassCleanup() => WriteSummary();

    [TestInitialize]
    public void StartFromPreInstallSnapshot()
    {
        IReadOnlyList<string> diff = MachineState.DiffFrom(Baseline);
        Assert.IsEmpty(diff, SnapshotDiff.Describe("The machine is not at the pre-install snapshot (an earlier cleanup failed):", diff));
    }

    [TestCleanup]
    public void ReturnToPreInstallSnapshot()
    {
        var problems = new List<string>(UninstallEverything("cleanup"));
        IReadOnlyList<string> diff = MachineState.DiffFrom(Baseline);
        if (diff.Count > 0)
        {
            problems.Add(SnapshotDiff.Describe("After uninstalling, the machine differed from the pre-install snapshot; restored it by hand:", diff));
            MachineState.RestoreTo(Baseline);
            IReadOnlyList<string> left = MachineState.DiffFrom(Baseline);
            if (left.Count > 0)
            {
                problems.Add(SnapshotDiff.Describe("Restoring by hand did not reach the snapshot either:", left));
            }
        }

        WriteSummary();
        Assert.IsEmpty(problems, string.Join(Environment.NewLine, problems));
    }

    [TestMethod]
    public void Install_WhenDefaults_RunsStandaloneOnFixedPortWithRules()
    {
        const string scenario = "Silent install, defaults";
        Observation<MsiResult> install = Run(scenario, "install", MsiOperation.Install, Settings.ShippingMsi);

        AssertExitCode(MsiExec.Success, install);
        Assert.DoesNotContain(ProductFacts.FailAfterEnableAction, MsiExec.ReadLog(install.Result.LogPath),
            "The shipping MSI must not contain the failure-injection hook.");
        Assert.AreEqual(1, install.Restarts.Restarts, "winmgmt restarts during the install: " + RestartCount.Timeline(install.Pids));
        ConfiguredHost.AssertConfigured(Settings.Exe, ProductFacts.DefaultPort, TestContext);
    }

    [TestMethod]
    public void Repair_WhenInstalled_KeepsWinmgmtRunning()
    {
        const string scenario = "Repair (/fa)";
        AssertExitCode(MsiExec.Success, Run(scenario, "install", MsiOperation.Install, Settings.ShippingMsi));
        MachineSnapshot before = MachineState.Capture();

        Observation<MsiResult> repair = Run(scenario, "repair", MsiOperation.Repair, Settings.ShippingMsi);

        AssertExitCode(MsiExec.Success, repair);
        AssertNoRestart(repair);
        AssertUnchanged(before, "A repair must leave the configuration as it was:");
        ConfiguredHost.AssertConfigured(Settings.Exe, ProductFacts.DefaultPort, TestContext);
    }

    [TestMethod]
    public void Reinstall_WhenWmiPortChanges_RestartsOnceAndRulesFollow()
    {
        const string scenario = "REINSTALL=ALL WMIPORT=24200";
        const int newPort = 24200;
        AssertExitCode(MsiExec.Success, Run(scenario, "install", MsiOperation.Install, Settings.ShippingMsi));

        Observation<MsiResult> reinstall = Run(scenario, "reinstall", MsiOperation.Install, Settings.ShippingMsi,
            ("REINSTALL", "ALL"), ("WMIPORT", "24200"));

        AssertExitCode(MsiExec.Success, reinstall);
        Assert.AreEqual(1, reinstall.Restarts.Restarts, "winmgmt must restart exactly once for a new port: " + RestartCount.Timeline(reinstall.Pids));
        ConfiguredHost.AssertConfigured(Settings.Exe, newPort, TestContext);
        ConfiguredHost.AssertNotListening(ProductFacts.DefaultPort, WinmgmtService.ProcessId());
    }

    [TestMethod]
    public void MajorUpgrade_WhenValuesUnchanged_KeepsConfigurationWithoutRestart()
    {
        const string scenario = "Major upgrade 1.0.0 -> 1.0.1";
        AssertExitCode(MsiExec.Success, Run(scenario, "install 1.0.0", MsiOperation.Install, Settings.ShippingMsi));
        MachineSnapshot before = MachineState.Capture();

        Observation<MsiResult> upgrade = Run(scenario, "upgrade", MsiOperation.Install, Settings.UpgradeMsi);

        AssertExitCode(MsiExec.Success, upgrade);
        AssertNoRestart(upgrade);
        AssertUnchanged(before, "A major upgrade with the same values must not revert or change WMI:");
        ConfiguredHost.AssertConfigured(Settings.Exe, ProductFacts.DefaultPort, TestContext);
    }

    [TestMethod]
    [DataRow("abc")]
    [DataRow("80")]
    [DataRow("135")]
    [DataRow("65536")]
    public void Install_WhenWmiPortInvalid_Fails1603AndChangesNothing(string port)
    {
        const string scenario = "Invalid WMIPORT";
        Observation<MsiResult> install = Run(scenario, "install WMIPORT=" + port, MsiOperation.Install, Settings.ShippingMsi, ("WMIPORT", port));

        AssertExitCode(MsiExec.FatalError, install);
        AssertNoRestart(install);
        AssertUnchanged(Baseline, $"WMIPORT={port} must change nothing:");
    }

    [TestMethod]
    public void Install_WhenFailureInjectedAfterEnable_Fails1603AndRollsBack()
    {
        const string scenario = "Forced failure after enable";
        Observation<MsiResult> install = Run(scenario, "install", MsiOperation.Install, Settings.FailAfterEnableMsi);

        AssertExitCode(MsiExec.FatalError, install);
        StringAssert.Contains(MsiExec.ReadLog(install.Result.LogPath), ProductFacts.FailAfterEnableAction,
            "The failure must come from the test hook; the log does not mention it.");
        Assert.IsGreaterThanOrEqualTo(1, install.Restarts.Restarts,
            "enable must have restarted winmgmt before the injected failure (else the hook ran before enable): " + RestartCount.Timeline(install.Pids));
        Assert.AreNotEqual(0, install.PidAfter, "winmgmt must be running after the rollback.");
        AssertUnchanged(Baseline, "The rollback must restore the pre-install snapshot:");
    }

    [TestMethod]
    public void Uninstall_AfterDefaultInstall_RestoresPreInstallSnapshot()
    {
        const string scenario = "Uninstall";
        AssertExitCode(MsiExec.Success, Run(scenario, "install", MsiOperation.Install, Settings.ShippingMsi));

        Observation<MsiResult> uninstall = Run(scenario, "uninstall", MsiOperation.Uninstall, Settings.ShippingMsi);

        AssertExitCode(MsiExec.Success, uninstall);
        Assert.AreNotEqual(0, uninstall.PidAfter, "winmgmt must be running after the uninstall.");
        AssertUnchanged(Baseline, "The uninstall must restore the pre-install snapshot exactly:");
    }

    [TestMethod]
    public void Uninstall_WhenHostWasStandaloneBefore_LeavesItStandalone()
    {
        const string scenario = "Pre-existing standalone host";
        try
        {
            WinmgmtService.Switch("/standalonehost", "4");
            WinmgmtService.Restart();
            MachineSnapshot before = MachineState.Capture();
            ConfiguredHost.AssertStandalone(before);

            AssertExitCode(MsiExec.Success, Run(scenario, "install", MsiOperation.Install, Settings.ShippingMsi));
            ConfiguredHost.AssertConfigured(Settings.Exe, ProductFacts.DefaultPort, TestContext);
            Observation<MsiResult> uninstall = Run(scenario, "uninstall", MsiOperation.Uninstall, Settings.ShippingMsi);

            AssertExitCode(MsiExec.Success, uninstall);
            Assert.AreNotEqual(0, uninstall.PidAfter, "winmgmt must be running after the uninstall.");
            AssertUnchanged(before, "The uninstall must restore the standalone host the machine had before:");
        }
        finally
        {
            List<string> problems = UninstallEverything("standalone-cleanup");
            MachineState.RestoreTo(Baseline);
            foreach (string problem in problems)
            {
                TestContext.WriteLine(problem);
            }
        }
    }

    private static void WriteSummary()
    {
        if (s_settings?.SummaryPath is not string path)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path) ?? ".");
        string image = Environment.GetEnvironmentVariable("ImageOS") is string os ? $" ({os} {Environment.GetEnvironmentVariable("ImageVersion")})" : string.Empty;
        File.WriteAllText(path, Measurements.Render($"WmiFixedPort end-to-end: {Environment.OSVersion.VersionString}{image}"));
    }

    private static void AssertExitCode(int expected, Observation<MsiResult> observation) =>
        Assert.AreEqual(expected, observation.Result.ExitCode, $"msiexec exit code; log: {observation.Result.LogPath}");

    private static void AssertNoRestart(Observation<MsiResult> observation)
    {
        string timeline = RestartCount.Timeline(observation.Pids);
        Assert.AreEqual(new RestartCount(0, 0), observation.Restarts, "winmgmt must not stop or restart: " + timeline);
        Assert.AreEqual(observation.PidBefore, observation.PidAfter, "winmgmt's PID must not change: " + timeline);
    }

    private static void AssertUnchanged(MachineSnapshot expected, string title)
    {
        IReadOnlyList<string> diff = MachineState.DiffFrom(expected);
        Assert.IsEmpty(diff, SnapshotDiff.Describe(title, diff));
    }

    /// <summary>Uninstalls whichever of the three packages is installed; 1605 (not installed) is expected for
    /// the others. Returns what went wrong instead of throwing, so that cleanup goes on.</summary>
    private List<string> UninstallEverything(string step)
    {
        var problems = new List<string>();
        string[] packages = { Settings.UpgradeMsi, Settings.ShippingMsi, Settings.FailAfterEnableMsi };
        for (int i = 0; i < packages.Length; i++)
        {
            MsiResult result = Msiexec.Run(NextLogName($"{step}-{i + 1}"), MsiOperation.Uninstall, packages[i]);
            if (result.ExitCode is not (MsiExec.Success or MsiExec.UnknownProduct))
            {
                problems.Add($"Uninstalling {packages[i]} exited with {result.ExitCode}; log: {result.LogPath}");
            }
        }

        return problems;
    }

    /// <summary>Log names in run order ("07-Repair_WhenInstalled_KeepsWinmgmtRunning-repair"), unique across data rows.</summary>
    private string NextLogName(string step) =>
        $"{Interlocked.Increment(ref s_logSequence):00}-{TestContext.TestName}-{step}";

    private Observation<MsiResult> Run(string scenario, string step, MsiOperation operation, string package, params (string Name, string Value)[] properties)
    {
        string logName = NextLogName(step);
        Observation<MsiResult> observation = OperationMonitor.Watch(() => Msiexec.Run(logName, operation, package, properties));
        Measurements.Add(new OperationMeasurement(scenario, step, observation.Result.ExitCode, observation.Result.WallTime, observation.Restarts, observation.Wmi));
        TestContext.WriteLine(
            $"{scenario} / {step}: exit {observation.Result.ExitCode} in {observation.Result.WallTime.TotalSeconds:0.0} s; "
            + $"winmgmt PIDs {RestartCount.Timeline(observation.Pids)}; WMI unavailable {observation.Wmi.Unavailable.TotalSeconds:0.0} s; log {observation.Result.LogPath}");
        WriteSummary();
        return observation;
    }
}
