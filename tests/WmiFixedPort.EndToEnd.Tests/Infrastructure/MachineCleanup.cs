using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>The machine as the scenarios see it: a snapshot, and the test's own way back to one (cleanup only).</summary>
internal interface IMachineState
{
    MachineSnapshot Capture();

    void RestoreTo(MachineSnapshot snapshot);
}

/// <summary>What a cleanup did: every problem it met, in order, and whether the machine ended at the snapshot
/// (registry, firewall and Windows Installer registration alike).</summary>
internal sealed record CleanupReport(IReadOnlyList<string> Problems, IReadOnlyList<string> RemainingDifferences)
{
    public bool MachineClean => RemainingDifferences.Count == 0;
}

/// <summary>Brings the machine back to the pre-install snapshot after a scenario: uninstalls every package the lane
/// builds (1605, not installed, is expected), then every product still registered under their UpgradeCodes (a
/// package file can differ from what is installed), then compares; if the machine still differs, restores the
/// snapshot by hand and compares again. It never throws: every failure becomes a line of the report, so that it
/// cannot hide the scenario's own failure.</summary>
internal sealed class MachineCleanup
{
    private readonly IMsiRunner _msiexec;
    private readonly IMachineState _machine;
    private readonly IInstallerRegistry _installer;
    private readonly IReadOnlyList<string> _packages;
    private readonly IReadOnlyList<string> _upgradeCodes;

    public MachineCleanup(IMsiRunner msiexec, IMachineState machine, IInstallerRegistry installer, IReadOnlyList<string> packages, IReadOnlyList<string> upgradeCodes)
    {
        _msiexec = msiexec;
        _machine = machine;
        _installer = installer;
        _packages = packages;
        _upgradeCodes = upgradeCodes;
    }

    public CleanupReport Run(MachineSnapshot baseline, Func<string, string> logName)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(logName);
        var problems = new List<string>();
        int step = 0;
        foreach (string package in _packages)
        {
            Uninstall(package, logName($"cleanup-{++step}"), problems);
        }

        foreach (string upgradeCode in _upgradeCodes)
        {
            IReadOnlyList<InstalledProduct> left = Attempt(() => _installer.RelatedProducts(upgradeCode), $"Reading the products registered under {upgradeCode}", problems) ?? Array.Empty<InstalledProduct>();
            foreach (InstalledProduct product in left)
            {
                problems.Add($"{product.ProductCode} {product.Version} \"{product.Name}\" was still registered after uninstalling every package file; uninstalling it by product code.");
                Uninstall(product.ProductCode, logName($"cleanup-{++step}"), problems);
            }
        }

        IReadOnlyList<string>? diff = Attempt(() => SnapshotDiff.Compare(baseline, _machine.Capture()), "Capturing the machine after the uninstalls", problems);
        if (diff is null || diff.Count > 0)
        {
            if (diff is not null)
            {
                problems.Add(SnapshotDiff.Describe("After uninstalling, the machine differed from the pre-install snapshot; restoring it by hand:", diff));
            }

            Attempt(() => { _machine.RestoreTo(baseline); return string.Empty; }, "Restoring the pre-install snapshot by hand", problems);
            diff = Attempt(() => SnapshotDiff.Compare(baseline, _machine.Capture()), "Capturing the machine after restoring it by hand", problems);
            if (diff is null)
            {
                return new CleanupReport(problems, new[] { "(the machine could not be captured)" });
            }

            if (diff.Count > 0)
            {
                problems.Add(SnapshotDiff.Describe("Restoring by hand did not reach the snapshot either:", diff));
            }
        }

        return new CleanupReport(problems, diff);
    }

    private void Uninstall(string packageOrProductCode, string logName, List<string> problems)
    {
        MsiResult? result = Attempt(() => _msiexec.Run(logName, MsiOperation.Uninstall, packageOrProductCode), $"msiexec /x {packageOrProductCode}", problems);
        if (result is not null && result.ExitCode is not (MsiExitCodes.Success or MsiExitCodes.UnknownProduct))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Uninstalling {packageOrProductCode} exited with {result.ExitCode}; log: {result.LogPath}"));
        }
    }

    private static T? Attempt<T>(Func<T> action, string what, List<string> problems)
        where T : class
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problems.Add($"{what} failed: {e.GetType().Name}: {e.Message}");
            return null;
        }
    }
}

/// <summary>Runs a scenario and its cleanup so that neither failure hides the other: the cleanup always runs; when
/// only the scenario failed its exception goes on unchanged (an inconclusive result stays inconclusive); when the
/// cleanup failed too, or only the cleanup failed, one failure names both.</summary>
internal static class ScenarioRun
{
    public const string BothFailedTitle = "The scenario failed, and so did the cleanup after it.";
    public const string CleanupFailedTitle = "The scenario passed, but the cleanup after it failed.";

    public static void Execute(Action scenario, Func<CleanupReport> cleanup, Func<string, Exception> fail)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(cleanup);
        ArgumentNullException.ThrowIfNull(fail);
        Exception? failure = null;
        try
        {
            scenario();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failure = e;
        }

        CleanupReport report;
        try
        {
            report = cleanup();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            report = new CleanupReport(new[] { $"The cleanup itself threw {e.GetType().Name}: {e.Message}" }, new[] { "(unknown: the cleanup did not finish)" });
        }

        string? message = Message(failure, report);
        if (message is not null)
        {
            throw fail(message);
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    /// <summary>The combined message, or null when the scenario's own failure (or success) should stand alone.</summary>
    public static string? Message(Exception? scenarioFailure, CleanupReport cleanup)
    {
        ArgumentNullException.ThrowIfNull(cleanup);
        if (cleanup.Problems.Count == 0 && cleanup.MachineClean)
        {
            return null;
        }

        string cleanupText = "Cleanup:" + Environment.NewLine + string.Join(Environment.NewLine, cleanup.Problems.Select(p => "- " + p));
        return scenarioFailure is null
            ? CleanupFailedTitle + Environment.NewLine + cleanupText
            : BothFailedTitle + Environment.NewLine + "Scenario: " + scenarioFailure.GetType().Name + ": " + scenarioFailure.Message + Environment.NewLine + cleanupText;
    }
}

/// <summary>Once a cleanup leaves the machine away from the pre-install snapshot, no later scenario can tell the
/// truth: they all stop with this reason instead of failing for the wrong one.</summary>
internal sealed class CleanMachineGuard
{
    private string? _reason;

    public bool Stopped => _reason is not null;

    public void Stop(string reason) => _reason ??= reason;

    /// <summary>The message the next scenario fails with, or null while the machine is clean.</summary>
    public string? RefusalMessage => _reason is null ? null : "Not run: the machine is not at the pre-install snapshot any more, so this scenario could not tell the truth. " + _reason;

    /// <summary>Why a machine is not clean before the first install: the product's keys, rules or registrations.</summary>
    public static IReadOnlyList<string> ProductTraces(MachineSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var traces = new List<string>();
        foreach (string key in new[] { ProductFacts.ProductKey, ProductFacts.EventSourceKey, ProductFacts.PolicyKey })
        {
            if (snapshot.Key(key)?.Exists == true)
            {
                traces.Add($@"HKLM\{key} exists.");
            }
        }

        traces.AddRange(snapshot.FirewallRules.Select(r => "Firewall rule of the product: " + r.DisplayName));
        traces.AddRange(snapshot.Registrations.Where(r => r.Products.Count > 0).Select(r => r.Render()));
        return traces;
    }
}
