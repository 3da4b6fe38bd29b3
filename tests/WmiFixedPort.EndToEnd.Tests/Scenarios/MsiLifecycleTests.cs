using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;
using WmiFixedPort.EndToEnd.Tests.Windows;

namespace WmiFixedPort.EndToEnd.Tests.Scenarios;

/// <summary>The real MSI on a real Windows machine, one scenario per test. Each scenario starts from the pre-install
/// snapshot (registry per <see cref="SnapshotPlan"/>, the product's firewall rules, Windows Installer's registration of
/// every package the lane builds), checked before it starts, and its cleanup brings the machine back there
/// (<see cref="MachineCleanup"/>): a scenario failure and a cleanup failure are reported together
/// (<see cref="ScenarioRun"/>), and once a cleanup cannot reach the snapshot every later scenario stops with that reason
/// (<see cref="CleanMachineGuard"/>) instead of failing for the wrong one. The assembly runs them one at a time.</summary>
[TestClass]
[OSCondition(OperatingSystems.Windows, IgnoreMessage = "End-to-end: installs the MSI and changes winmgmt, so it runs only on Windows (the Windows CI lane).")]
[MemberCondition(typeof(E2eGate), nameof(E2eGate.IsRequested), IgnoreMessage = "End-to-end: set WMIFIXEDPORT_E2E=1 (elevated, on a disposable Windows machine) to install the MSI and run these scenarios.")]
[SupportedOSPlatform("windows")]
public sealed partial class MsiLifecycleTests
{
    private const int PolicyPort = 24300;
    private const int PolicyAuthLevel = 6;
    private const int ChangedPort = 24200;
    private static readonly MeasurementLog Measurements = new();
    private static readonly CleanMachineGuard Guard = new();
    private static E2eSettings? s_settings;
    private static MachineSnapshot? s_baseline;
    private static WindowsMachineState? s_machine;
    private static MachineCleanup? s_cleanup;
    private static Dictionary<string, PackageIdentity> s_packages = new(StringComparer.OrdinalIgnoreCase);
    private static int s_logSequence;

    public TestContext TestContext { get; set; } = null!;

    private static E2eSettings Settings => s_settings ?? throw new InvalidOperationException("ClassInitialize did not run.");

    private static MachineSnapshot Baseline => s_baseline ?? throw new InvalidOperationException("ClassInitialize did not run.");

    private static WindowsMachineState Machine => s_machine ?? throw new InvalidOperationException("ClassInitialize did not run.");

    private static MsiExec Msiexec { get; set; } = null!;

    [ClassInitialize]
    public static void ClassInitialize(TestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        s_settings = E2eSettings.FromEnvironment(Environment.GetEnvironmentVariable, File.Exists, Path.Combine(Path.GetTempPath(), "WmiFixedPort.E2E"));
        if (!Elevation.IsAdministrator())
        {
            throw new InvalidOperationException(E2eGate.EnableVariable + "=1, but the tests do not run elevated: run them from an administrator shell.");
        }

        Msiexec = new MsiExec(Settings.LogDirectory);
        var packages = new List<(string Label, string Path)>
        {
            ("shipping", Settings.ShippingMsi), ("upgrade", Settings.UpgradeMsi), ("fail-after-enable", Settings.FailAfterEnableMsi), ("rebuild", Settings.RebuildMsi),
        };
        if (Settings.SampleMsi is string sample && File.Exists(sample))
        {
            packages.Add(("consumer sample", sample));
        }

        s_packages = packages.ToDictionary(p => p.Path, p => WindowsInstallerRegistry.Instance.ReadPackage(p.Path), StringComparer.OrdinalIgnoreCase);
        foreach ((string label, string path) in packages)
        {
            PackageIdentity id = s_packages[path];
            context.WriteLine($"Package {label}: {path}: ProductCode {id.ProductCode}, UpgradeCode {id.UpgradeCode}, version {id.ProductVersion}, \"{id.ProductName}\"");
        }

        List<(string Label, string UpgradeCode)> upgradeCodes = packages
            .GroupBy(p => s_packages[p.Path].UpgradeCode, StringComparer.OrdinalIgnoreCase)
            .Select(g => (Label: g.Key.Equals(ProductFacts.UpgradeCode, StringComparison.OrdinalIgnoreCase) ? "WmiFixedPort" : g.First().Label, UpgradeCode: g.Key))
            .ToList();
        if (!upgradeCodes.Any(u => u.UpgradeCode.Equals(ProductFacts.UpgradeCode, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"None of the lane's MSIs has the product's UpgradeCode {ProductFacts.UpgradeCode}.");
        }

        s_machine = new WindowsMachineState(upgradeCodes);
        s_cleanup = new MachineCleanup(Msiexec, Machine, WindowsInstallerRegistry.Instance,
            new[] { Settings.UpgradeMsi, Settings.ShippingMsi, Settings.FailAfterEnableMsi, Settings.RebuildMsi }.Concat(Settings.SampleMsi is string s && File.Exists(s) ? new[] { s } : Array.Empty<string>()).ToList(),
            upgradeCodes.Select(u => u.UpgradeCode).ToList());
        MachineSnapshot baseline = Machine.Capture();
        IReadOnlyList<string> traces = CleanMachineGuard.ProductTraces(baseline);
        if (traces.Count > 0)
        {
            throw new InvalidOperationException(
                "The machine is not clean: use a fresh machine; the pre-install snapshot must be taken before the first install." + Environment.NewLine
                + string.Join(Environment.NewLine, traces));
        }

        s_baseline = baseline;
        context.WriteLine("Pre-install snapshot:" + Environment.NewLine + string.Join(Environment.NewLine, baseline.Render()));
        context.WriteLine("winmgmt PID before the first install: " + WinmgmtService.ProcessId());
        Measurements.AddSize("WmiFixedPort.msi (shipping)", new FileInfo(Settings.ShippingMsi).Length);
        Measurements.AddSize("WmiFixedPort.exe", new FileInfo(Settings.Exe).Length);
        Measurements.AddSize("Upgrade MSI (1.0.1, test only)", new FileInfo(Settings.UpgradeMsi).Length);
        Measurements.AddSize("Failure-injection MSI (1.0.1, test only)", new FileInfo(Settings.FailAfterEnableMsi).Length);
        WriteSummary();
    }

    [ClassCleanup]
    public static void ClassCleanup() => WriteSummary();

    [TestInitialize]
    public void StartFromPreInstallSnapshot()
    {
        if (Guard.RefusalMessage is string refusal)
        {
            Assert.Fail(refusal);
        }

        IReadOnlyList<string> diff = Machine.DiffFrom(Baseline);
        if (diff.Count > 0)
        {
            string reason = SnapshotDiff.Describe($"Before {TestContext.TestName}, the machine was not at the pre-install snapshot:", diff);
            Guard.Stop(reason);
            Assert.Fail(reason);
        }
    }

    [TestMethod]
    public void Install_WhenDefaults_RunsStandaloneOnFixedPortWithRules() => Scenario(() =>
    {
        const string scenario = "Silent install, defaults";
        Observation<MsiResult> install = Run(scenario, "install", MsiOperation.Install, Settings.ShippingMsi);

        AssertExitCode(MsiExec.Success, install);
        Assert.DoesNotContain(ProductFacts.FailAfterEnableAction, MsiExec.ReadLog(install.Result.LogPath),
            "The shipping MSI must not contain the failure-injection hook.");
        Assert.AreEqual(1, install.Restarts.Restarts, "winmgmt restarts during the install: " + RestartCount.Timeline(install.Pids));
        AssertConfigured(ProductFacts.DefaultPort);
    });

    [TestMethod]
    public void Repair_WhenInstalled_KeepsWinmgmtRunning() => Scenario(() =>
    {
        const string scenario = "Repair (/fa)";
        AssertExitCode(MsiExec.Success, Run(scenario, "install", MsiOperation.Install, Settings.ShippingMsi));
        MachineSnapshot before = Machine.Capture();

        Observation<MsiResult> repair = Run(scenario, "repair", MsiOperation.Repair, Settings.ShippingMsi);

        AssertExitCode(MsiExec.Success, repair);
        AssertNoRestart(repair);
        AssertUnchanged(before, "A repair must leave the configuration as it was:");
        AssertConfigured(ProductFacts.DefaultPort);
    });

    [TestMethod]
    public void Reinstall_WhenWmiPortChanges_RestartsOnceAndRulesFollow() => Scenario(() =>
    {
        const string scenario = "REINSTALL=ALL WMIPORT=24200";
        AssertExitCode(MsiExec.Success, Run(scenario, "install", MsiOperation.Install, Settings.ShippingMsi));

        Observation<MsiResult> reinstall = Run(scenario, "reinstall", MsiOperation.Install, Settings.ShippingMsi,
            ("REINSTALL", "ALL"), ("WMIPORT", ChangedPort.ToString(CultureInfo.InvariantCulture)));

        AssertExitCode(MsiExec.Success, reinstall);
        Assert.AreEqual(1, reinstall.Restarts.Restarts, "winmgmt must restart exactly once for a new port: " + RestartCount.Timeline(reinstall.Pids));
        AssertConfigured(ChangedPort);
        ConfiguredHost.AssertNotListening(ProductFacts.DefaultPort, WinmgmtService.ProcessId());
    });

    [TestMethod]
    public void MajorUpgrade_WhenValuesUnchanged_KeepsConfigurationWithoutRestart() => Scenario(() =>
    {
        const string scenario = "Major upgrade 1.0.0 -> 1.0.1";
        AssertExitCode(MsiExec.Success, Run(scenario, "install 1.0.0", MsiOperation.Install, Settings.ShippingMsi));
        MachineSnapshot before = Machine.Capture();

        Observation<MsiResult> upgrade = Run(scenario, "upgrade", MsiOperation.Install, Settings.UpgradeMsi);

        AssertExitCode(MsiExec.Success, upgrade);
        AssertNoRestart(upgrade);
        AssertRegistered(Settings.UpgradeMsi);
        AssertUnchangedExceptRegistration(before, "A major upgrade with the same values must not revert or change WMI:");
        AssertConfigured(ProductFacts.DefaultPort);
    });

    /// <summary>Issue 8 point 4: the new version fails after its enable (the v2 is the 1.0.1 failure-injection build,
    /// run with another port so that its enable really changes WMI). The old version's removal is inside the same
    /// transaction (MajorUpgrade afterInstallInitialize), so the rollback must leave v1 installed with WMI exactly as v1
    /// configured it; v1's uninstall then restores the pre-install snapshot.</summary>
    [TestMethod]
    public void MajorUpgrade_WhenTheNewVersionFailsAfterEnable_KeepsTheOldVersionAndItsConfiguration() => Scenario(() =>
    {
        const string scenario = "Failed major upgrade 1.0.0 -> 1.0.1 (failure after enable)";
        AssertExitCode(MsiExec.Success, Run(scenario, "install 1.0.0 WMIPORT=24200", MsiOperation.Install, Settings.ShippingMsi,
            ("WMIPORT", ChangedPort.ToString(CultureInfo.InvariantCulture))));
        MachineSnapshot before = Machine.Capture();

        Observation<MsiResult> upgrade = Run(scenario, "upgrade to failing 1.0.1 WMIPORT=24300", MsiOperation.Install, Settings.FailAfterEnableMsi,
            Sampling.ScmAndWmiClient, ("WMIPORT", PolicyPort.ToString(CultureInfo.InvariantCulture)));

        AssertExitCode(MsiExec.FatalError, upgrade);
        StringAssert.Contains(MsiExec.ReadLog(upgrade.Result.LogPath), ProductFacts.FailAfterEnableAction,
            "The failure must come from the test hook; the log does not mention it.");
        Assert.IsGreaterThanOrEqualTo(1, upgrade.Restarts.Restarts,
            "The failing upgrade's enable must have restarted winmgmt for the new port before the injected failure: " + RestartCount.Timeline(upgrade.Pids));
        Assert.AreNotEqual(0, upgrade.PidAfter, "winmgmt must be running after the rollback.");
        AssertRegistered(Settings.ShippingMsi);
        AssertUnchanged(before, "After the failed upgrade, v1 and its configuration must remain exactly:");
        AssertConfigured(ChangedPort);

        Observation<MsiResult> uninstall = Run(scenario, "uninstall 1.0.0", MsiOperation.Uninstall, Settings.ShippingMsi);

        AssertExitCode(MsiExec.Success, uninstall);
        AssertUnchanged(Baseline, "Uninstalling v1 after the failed upgrade must restore the pre-install snapshot:");
    });

    /// <summary>Issue 8 point 5: MajorUpgrade AllowSameVersionUpgrades="yes": a rebuild of the same version (another
    /// ProductCode) replaces the installed product instead of installing beside it, without touching WMI.</summary>
    [TestMethod]
    public void Install_WhenSameVersionRebuild_ReplacesTheInstalledProduct() => Scenario(() =>
    {
        const string scenario = "Same-version rebuild 1.0.0 over 1.0.0";
        PackageIdentity shipping = s_packages[Settings.ShippingMsi];
        PackageIdentity rebuild = s_packages[Settings.RebuildMsi];
        Assert.AreEqual(shipping.ProductVersion, rebuild.ProductVersion, "The rebuild must have the shipping version.");
        Assert.AreNotEqual(shipping.ProductCode, rebuild.ProductCode, "The rebuild must have another ProductCode, else this scenario proves nothing.");
        AssertExitCode(MsiExec.Success, Run(scenario, "install", MsiOperation.Install, Settings.ShippingMsi));
        MachineSnapshot before = Machine.Capture();

        Observation<MsiResult> replace = Run(scenario, "install the rebuild", MsiOperation.Install, Settings.RebuildMsi);

        AssertExitCode(MsiExec.Success, replace);
        AssertRegistered(Settings.RebuildMsi);
        AssertNoRestart(replace);
        AssertUnchangedExceptRegistration(before, "Replacing the product by a same-version rebuild must not change WMI:");
        AssertConfigured(ProductFacts.DefaultPort);
    });

    [TestMethod]
    [DataRow("abc")]
    [DataRow("80")]
    [DataRow("135")]
    [DataRow("65536")]
    public void Install_WhenWmiPortInvalid_Fails1603AndChangesNothing(string port) => Scenario(() =>
    {
        const string scenario = "Invalid WMIPORT";
        Observation<MsiResult> install = Run(scenario, "install WMIPORT=" + port, MsiOperation.Install, Settings.ShippingMsi, ("WMIPORT", port));

        AssertExitCode(MsiExec.FatalError, install);
        AssertNoRestart(install);
        AssertUnchanged(Baseline, $"WMIPORT={port} must change nothing:");
    });

    [TestMethod]
    public void Install_WhenFailureInjectedAfterEnable_Fails1603AndRollsBack() => Scenario(() =>
    {
        const string scenario = "Forced failure after enable";
        Observation<MsiResult> install = Run(scenario, "install", MsiOperation.Install, Settings.FailAfterEnableMsi, Sampling.ScmAndWmiClient);

        AssertExitCode(MsiExec.FatalError, install);
        StringAssert.Contains(MsiExec.ReadLog(install.Result.LogPath), ProductFacts.FailAfterEnableAction,
            "The failure must come from the test hook; the log does not mention it.");
        Assert.IsGreaterThanOrEqualTo(1, install.Restarts.Restarts,
            "enable must have restarted winmgmt before the injected failure (else the hook ran before enable): " + RestartCount.Timeline(install.Pids));
        Assert.AreNotEqual(0, install.PidAfter, "winmgmt must be running after the rollback.");
        AssertUnchanged(Baseline, "The rollback must restore the pre-install snapshot:");
    });

    [TestMethod]
    public void Uninstall_AfterDefaultInstall_RestoresPreInstallSnapshot() => Scenario(() =>
    {
        const string scenario = "Uninstall";
        AssertExitCode(MsiExec.Success, Run(scenario, "install", MsiOperation.Install, Settings.ShippingMsi));

        Observation<MsiResult> uninstall = Run(scenario, "uninstall", MsiOperation.Uninstall, Settings.ShippingMsi, Sampling.ScmAndWmiClient);

        AssertExitCode(MsiExec.Success, uninstall);
        Assert.AreNotEqual(0, uninstall.PidAfter, "winmgmt must be running after the uninstall.");
        AssertUnchanged(Baseline, "The uninstall must restore the pre-install snapshot exactly:");
    });

    [TestMethod]
    public void Uninstall_WhenHostWasStandaloneBefore_LeavesItStandalone() => Scenario(() =>
    {
        const string scenario = "Pre-existing standalone host";
        try
        {
            WinmgmtService.Switch("/standalonehost", "4");
            TestContext.WriteLine("Set-up restart: " + WinmgmtService.Restart());
            MachineSnapshot before = Machine.Capture();
            ConfiguredHost.AssertStandalone(before);

            AssertExitCode(MsiExec.Success, Run(scenario, "install", MsiOperation.Install, Settings.ShippingMsi));
            AssertConfigured(ProductFacts.DefaultPort);
            Observation<MsiResult> uninstall = Run(scenario, "uninstall", MsiOperation.Uninstall, Settings.ShippingMsi);

            AssertExitCode(MsiExec.Success, uninstall);
            Assert.AreNotEqual(0, uninstall.PidAfter, "winmgmt must be running after the uninstall.");
            AssertUnchanged(before, "The uninstall must restore the standalone host the machine had before:");
        }
        finally
        {
            // The test made the machine standalone itself: put the shared host back before the common cleanup checks.
            // A failure here is written to the log only; the cleanup's own comparison reports what is left.
            try
            {
                MsiResult result = Msiexec.Run(NextLogName("standalone-uninstall"), MsiOperation.Uninstall, Settings.ShippingMsi);
                TestContext.WriteLine($"Set-down uninstall: exit {result.ExitCode}; log {result.LogPath}");
                Machine.RestoreTo(Baseline);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or IOException)
            {
                TestContext.WriteLine("Set-down of the standalone host failed: " + e);
            }
        }
    });

    /// <summary>Issue 10 point 6: values written where the ADMX template writes them reach the install, and the Intune
    /// detection script follows the real state: detected after install, not after someone's winmgmt /sharedhost,
    /// detected again after the repair that the remediation runs, not after uninstall.</summary>
    [TestMethod]
    public void Install_WhenPolicyValuesSet_AppliesThemAndTheDetectionScriptFollowsTheState() => Scenario(() =>
    {
        const string scenario = "Group Policy values + Intune detection";
        string script = Settings.DetectScript
            ?? throw new AssertFailedException(E2eSettings.DetectScriptVariable + " is not set: the lane must point it at packaging/intune/Detect-WmiFixedPort.ps1.");
        Assert.IsTrue(File.Exists(script), $"{E2eSettings.DetectScriptVariable}={script}: no such file.");
        try
        {
            DeploymentKit.WritePolicy(new Dictionary<string, string>
            {
                ["WMIPORT"] = PolicyPort.ToString(CultureInfo.InvariantCulture),
                ["WMIAUTHLEVEL"] = PolicyAuthLevel.ToString(CultureInfo.InvariantCulture),
                ["FIREWALL_REMOTE_ADDRESSES"] = "10.0.0.0/8",
            });
            AssertDetection(script, false, "before the install");

            AssertExitCode(MsiExec.Success, Run(scenario, "install (no properties)", MsiOperation.Install, Settings.ShippingMsi));
            ExeStatusReport status = ConfiguredHost.AssertConfigured(Settings.Exe, PolicyPort, TestContext, Measurements.AddNote, PolicyAuthLevel, remoteAddress: null);
            Assert.AreEqual(new SettingStatus("WMIPORT", "24300", "24300", "24300", false), status.Setting("WMIPORT"), "status --json: WMIPORT from policy");
            Assert.AreEqual("6", status.Setting("WMIAUTHLEVEL").Policy, "status --json: WMIAUTHLEVEL policy");
            Assert.AreEqual("10.0.0.0/8", status.Setting("FIREWALL_REMOTE_ADDRESSES").Remembered, "status --json: FIREWALL_REMOTE_ADDRESSES remembered from policy");
            AssertDetection(script, true, "after the install");

            WinmgmtService.Switch("/sharedhost");
            AssertDetection(script, false, "after a manual winmgmt /sharedhost");

            Observation<MsiResult> repair = Run(scenario, "repair after /sharedhost", MsiOperation.Repair, Settings.ShippingMsi);
            AssertExitCode(MsiExec.Success, repair);
            AssertDetection(script, true, "after the repair that the remediation script runs");

            AssertExitCode(MsiExec.Success, Run(scenario, "uninstall", MsiOperation.Uninstall, Settings.ShippingMsi));
            AssertDetection(script, false, "after the uninstall");
        }
        finally
        {
            DeploymentKit.DeletePolicy();
        }

        AssertUnchanged(Baseline, "After the uninstall and the policy's removal, the machine must be at the pre-install snapshot:");
    });

    /// <summary>Issue 12 point 6: the consumer sample (packaging/samples, a product that uses our WiX extension) installs
    /// and uninstalls like ours: WMI standalone on the port its element sets, and the pre-install snapshot after.</summary>
    [TestMethod]
    public void SampleConsumer_WhenInstalledThenUninstalled_ConfiguresWmiAndRestoresTheMachine() => Scenario(() =>
    {
        const string scenario = "Consumer sample (packaging/samples)";
        string sample = Settings.SampleMsi
            ?? throw new AssertFailedException(E2eSettings.SampleMsiVariable + " is not set: the workflow did not build the consumer sample's MSI (step \"Build the consumer sample's MSI\"): "
                + (Environment.GetEnvironmentVariable("WMIFIXEDPORT_SAMPLE_MSI_ERROR") ?? "no reason recorded."));
        Assert.IsTrue(File.Exists(sample), $"{E2eSettings.SampleMsiVariable}={sample}: no such file.");

        AssertExitCode(MsiExec.Success, Run(scenario, "install", MsiOperation.Install, sample));
        MachineSnapshot installed = Machine.Capture();
        TestContext.WriteLine("Sample installed:" + Environment.NewLine + string.Join(Environment.NewLine, installed.Render()));
        ConfiguredHost.AssertStandalone(installed);
        ExeStatusReport status = ConfiguredHost.ReadStatus(Settings.Exe);
        Assert.AreEqual("standalone", status.Status.Mode, "status --json after the sample's install");
        int port = status.Status.Port ?? throw new AssertFailedException("status --json reports no port after the sample's install.");
        CollectionAssert.AreEqual(new[] { ProductFacts.EndpointFor(port) },
            (installed.Value(ProductFacts.DcomAppIdKey, "Endpoints")?.Items ?? Array.Empty<string>()).ToArray(), "Endpoints after the sample's install");
        Assert.IsTrue(installed.FirewallRules.Any(r => r.LocalPorts.Contains(port.ToString(CultureInfo.InvariantCulture))),
            $"The sample must open TCP {port}: " + string.Join(" | ", installed.FirewallRules.Select(r => r.Render())));
        Measurements.AddFigure("Consumer sample: port in force after install", port.ToString(CultureInfo.InvariantCulture));

        AssertExitCode(MsiExec.Success, Run(scenario, "uninstall", MsiOperation.Uninstall, sample));
        AssertUnchanged(Baseline, "Uninstalling the sample must restore the pre-install snapshot:");
    });

    /// <summary>Issue 9 point 8 (with point 7 and issue 11 point 1): remote WMI from a second network identity. See
    /// <see cref="RemoteWmiLab"/>.</summary>
    [TestMethod]
    public void RemoteWmi_FromAContainer_PassesOnlyThroughTheRulesAndStopsAfterUninstall() => Scenario(() =>
    {
        string? image = Settings.RemoteImage;
        if (image is null)
        {
            if (Settings.RemoteUnavailableReason is string reason)
            {
                Measurements.AddNote("Remote WMI: NOT RUN on this image: " + reason);
                throw new AssertInconclusiveException("Remote WMI: not run on this image: " + reason);
            }

            throw new AssertFailedException($"Neither {E2eSettings.RemoteImageVariable} nor {E2eSettings.RemoteUnavailableVariable} is set: the workflow's remote-client step did not run.");
        }

        new RemoteWmiLab(image, Settings.Exe, TestContext, Measurements,
            (step, operation, properties) => Run("Remote WMI from a container", step, operation, Settings.ShippingMsi, properties).Result).Run();
    });

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
        IReadOnlyList<string> diff = Machine.DiffFrom(expected);
        Assert.IsEmpty(diff, SnapshotDiff.Describe(title, diff));
    }

    /// <summary>Equal to the snapshot except for Windows Installer's registration (an upgrade or a replacement changes
    /// the ProductCode on purpose; <see cref="AssertRegistered"/> checks it).</summary>
    private static void AssertUnchangedExceptRegistration(MachineSnapshot expected, string title)
    {
        IReadOnlyList<string> diff = Machine.DiffFrom(expected).Where(l => !l[2..].StartsWith("Windows Installer:", StringComparison.Ordinal)).ToList();
        Assert.IsEmpty(diff, SnapshotDiff.Describe(title, diff));
    }

    /// <summary>Exactly this package's product is registered under the product's UpgradeCode, nothing beside it.</summary>
    private static void AssertRegistered(string package)
    {
        PackageIdentity expected = s_packages[package];
        IReadOnlyList<InstalledProduct> registered = WindowsInstallerRegistry.Instance.RelatedProducts(expected.UpgradeCode);
        CollectionAssert.AreEqual(new[] { expected.ProductCode }, registered.Select(p => p.ProductCode).ToArray(),
            $"Registered under {expected.UpgradeCode}: {string.Join(", ", registered.Select(p => p.ProductCode + " " + p.Version))}; expected only {Path.GetFileName(Path.GetDirectoryName(package))} {expected.ProductVersion}.");
    }

    private static void AssertDetection(string script, bool expected, string when)
    {
        DetectionResult result = DeploymentKit.Detect(script);
        Measurements.AddNote($"Detect-WmiFixedPort.ps1 {when}: {result.Describe()}");
        Assert.AreEqual(expected, result.Detected, $"Detect-WmiFixedPort.ps1 {when}: {result.Describe()}");
        if (expected)
        {
            Assert.AreEqual(1, result.OutputLines, $"Detected must print exactly one line: {result.Describe()}");
        }
    }

    private ExeStatusReport AssertConfigured(int port) => ConfiguredHost.AssertConfigured(Settings.Exe, port, TestContext, Measurements.AddNote);

    /// <summary>Runs the scenario, then the cleanup, and reports both (<see cref="ScenarioRun"/>); a cleanup that cannot
    /// reach the pre-install snapshot stops every later scenario.</summary>
    private void Scenario(Action body) => ScenarioRun.Execute(
        body,
        () =>
        {
            CleanupReport report = s_cleanup!.Run(Baseline, NextLogName);
            if (!report.MachineClean)
            {
                Guard.Stop($"After {TestContext.TestName}, the cleanup could not bring the machine back:" + Environment.NewLine + string.Join(Environment.NewLine, report.RemainingDifferences));
            }

            WriteSummary();
            return report;
        },
        message => new AssertFailedException(message));

    /// <summary>Log names in run order ("07-Repair_WhenInstalled_KeepsWinmgmtRunning-repair"), unique across data rows.</summary>
    private string NextLogName(string step) =>
        $"{Interlocked.Increment(ref s_logSequence):00}-{TestContext.TestName}-{step}";

    private Observation<MsiResult> Run(string scenario, string step, MsiOperation operation, string package, params (string Name, string Value)[] properties) =>
        Run(scenario, step, operation, package, Sampling.ScmOnly, properties);

    private Observation<MsiResult> Run(string scenario, string step, MsiOperation operation, string package, Sampling sampling, params (string Name, string Value)[] properties)
    {
        string logName = NextLogName(step);
        Observation<MsiResult> observation = OperationMonitor.Watch(() => Msiexec.Run(logName, operation, package, properties), sampling);
        Measurements.Add(new OperationMeasurement(scenario, step, observation.Result.ExitCode, observation.Result.WallTime, sampling, observation.Service, observation.Wmi));
        TestContext.WriteLine(
            $"{scenario} / {step}: exit {observation.Result.ExitCode} in {observation.Result.WallTime.TotalSeconds:0.0} s; "
            + $"winmgmt PIDs {RestartCount.Timeline(observation.Pids)}; not running (SCM) {observation.Service.NotRunning.TotalSeconds:0.0} s"
            + (observation.Wmi is WmiAvailability w ? $"; WMI client unavailable {w.Unavailable.TotalSeconds:0.0} s" : string.Empty)
            + $"; log {observation.Result.LogPath}");
        WriteSummary();
        return observation;
    }
}
