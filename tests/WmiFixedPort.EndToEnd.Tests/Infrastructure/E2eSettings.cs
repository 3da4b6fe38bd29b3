using System;
using System.Collections.Generic;
using System.IO;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>The inputs of an end-to-end run, read from environment variables (the workflow sets them).</summary>
internal sealed class E2eSettings
{
    public const string ShippingMsiVariable = "WMIFIXEDPORT_MSI";
    public const string UpgradeMsiVariable = "WMIFIXEDPORT_MSI_UPGRADE";
    public const string FailAfterEnableMsiVariable = "WMIFIXEDPORT_MSI_FAIL_AFTER_ENABLE";
    public const string ExeVariable = "WMIFIXEDPORT_EXE";
    public const string LogDirectoryVariable = "WMIFIXEDPORT_LOG_DIR";
    public const string SummaryVariable = "WMIFIXEDPORT_SUMMARY";
    public const string RebuildMsiVariable = "WMIFIXEDPORT_MSI_REBUILD";
    public const string SampleMsiVariable = "WMIFIXEDPORT_SAMPLE_MSI";
    public const string DetectScriptVariable = "WMIFIXEDPORT_DETECT_SCRIPT";
    public const string RemoteImageVariable = "WMIFIXEDPORT_REMOTE_IMAGE";
    public const string RemoteUnavailableVariable = "WMIFIXEDPORT_REMOTE_UNAVAILABLE";

    private E2eSettings(string shippingMsi, string upgradeMsi, string failAfterEnableMsi, string rebuildMsi, string exe, string logDirectory, string? summaryPath)
    {
        RebuildMsi = rebuildMsi;
        ShippingMsi = shippingMsi;
        UpgradeMsi = upgradeMsi;
        FailAfterEnableMsi = failAfterEnableMsi;
        Exe = exe;
        LogDirectory = logDirectory;
        SummaryPath = summaryPath;
    }

    /// <summary>The shipping MSI (version 1.0.0, no test hook).</summary>
    public string ShippingMsi { get; }

    /// <summary>The same product built with a higher version: the major-upgrade package.</summary>
    public string UpgradeMsi { get; }

    /// <summary>The shipping version (1.0.0) built a second time: same version, another ProductCode.</summary>
    public string RebuildMsi { get; }

    /// <summary>The consumer sample's MSI (packaging/samples), or null when the lane could not build it.</summary>
    public string? SampleMsi { get; private init; }

    /// <summary>packaging/intune/Detect-WmiFixedPort.ps1, or null when the variable is not set.</summary>
    public string? DetectScript { get; private init; }

    /// <summary>The Windows container image for the remote WMI client (pulled by the workflow), or null.</summary>
    public string? RemoteImage { get; private init; }

    /// <summary>Why the lane has no remote WMI client (e.g. no Docker on this image), or null.</summary>
    public string? RemoteUnavailableReason { get; private init; }

    /// <summary>The test build (version 1.0.1) whose deferred action TestFailAfterEnable fails right after enable.</summary>
    public string FailAfterEnableMsi { get; }

    /// <summary>WmiFixedPort.exe as built for the shipping MSI (measured, and asked for <c>status --json</c>).</summary>
    public string Exe { get; }

    /// <summary>Where the verbose MSI logs go.</summary>
    public string LogDirectory { get; }

    /// <summary>Where the measurements are written as markdown; null: not written.</summary>
    public string? SummaryPath { get; }

    /// <summary>Reads the settings; every missing or wrong input is named in one exception, because a lane that
    /// asked for the end-to-end scenarios (WMIFIXEDPORT_E2E=1) and lacks an input is broken, not skippable.</summary>
    public static E2eSettings FromEnvironment(Func<string, string?> read, Func<string, bool> fileExists, string defaultLogDirectory)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(fileExists);
        var problems = new List<string>();
        string shipping = RequiredFile(read, fileExists, ShippingMsiVariable, "the shipping MSI", problems);
        string upgrade = RequiredFile(read, fileExists, UpgradeMsiVariable, "the MSI built with -p:Version=1.0.1", problems);
        string failing = RequiredFile(read, fileExists, FailAfterEnableMsiVariable, "the MSI built with -p:Version=1.0.1 -p:FailAfterEnableForTesting=true", problems);
        string rebuild = RequiredFile(read, fileExists, RebuildMsiVariable, "the shipping MSI built a second time (same version, new ProductCode)", problems);
        string exe = RequiredFile(read, fileExists, ExeVariable, "WmiFixedPort.exe of the shipping build", problems);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                E2eGate.EnableVariable + "=1 asks for the end-to-end scenarios, but their inputs are missing:" + Environment.NewLine
                + string.Join(Environment.NewLine, problems));
        }

        string? logs = Optional(read, LogDirectoryVariable);
        string? summary = Optional(read, SummaryVariable);
        return new E2eSettings(shipping, upgrade, failing, rebuild, exe, logs ?? defaultLogDirectory, summary)
        {
            SampleMsi = Optional(read, SampleMsiVariable),
            DetectScript = Optional(read, DetectScriptVariable),
            RemoteImage = read(RemoteImageVariable)?.Trim() is { Length: > 0 } image ? image : null,
            RemoteUnavailableReason = read(RemoteUnavailableVariable)?.Trim() is { Length: > 0 } reason ? reason : null,
        };
    }

    private static string RequiredFile(Func<string, string?> read, Func<string, bool> fileExists, string variable, string what, List<string> problems)
    {
        string? value = Optional(read, variable);
        if (value is null)
        {
            problems.Add($"- {variable} is not set (the path of {what}).");
            return string.Empty;
        }

        if (!fileExists(value))
        {
            problems.Add($"- {variable}={value}: no such file ({what}).");
        }

        return value;
    }

    private static string? Optional(Func<string, string?> read, string variable)
    {
        string? value = read(variable)?.Trim();
        return string.IsNullOrEmpty(value) ? null : Path.GetFullPath(value);
    }
}
