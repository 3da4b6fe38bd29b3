using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Cli;
using WmiFixedPort.Installer.Tests.TestInfrastructure;

namespace WmiFixedPort.Installer.Tests;

/// <summary>
/// Quotes, '&amp;', ';' and spaces in a property: the authored Validate command line, formatted with the hostile value and
/// split the way Windows splits it, must make WmiFixedPort.exe exit 2 before it touches the machine, with a message
/// that names the property. Validate runs before Enable and before any firewall rule, so its failure stops the install.
/// </summary>
[TestClass]
public sealed class HostileValueTests
{
    [TestMethod]
    [DataRow("10.0.0.1\"&calc", "FIREWALL_REMOTE_ADDRESSES")]
    [DataRow("\"", "FIREWALL_REMOTE_ADDRESSES")]
    [DataRow("&calc", "FIREWALL_REMOTE_ADDRESSES")]
    [DataRow("a;b", "FIREWALL_REMOTE_ADDRESSES")]
    [DataRow("10.0.0.1 10.0.0.2", "FIREWALL_REMOTE_ADDRESSES")]
    [DataRow("10.0.0.1\" --firewall-profile \"all", "--firewall-profile is given twice")]
    [DataRow("10.0.0.1\\\" x", "FIREWALL_REMOTE_ADDRESSES")]
    public void Validate_WithAHostileRemoteAddressList_ExitsTwoBeforeAnyChange(string value, string expected)
    {
        RunResult run = InstallSimulator.Run(
            InstallerSources.Shipping,
            Scenario.OnSupportedMachine("install with a hostile value").WithProperty("FIREWALL_REMOTE_ADDRESSES", value));
        Assert.AreEqual(0, run.FailedLaunchConditions.Count, "no launch condition can see quotes; Validate must catch them");

        (int exitCode, string output) = RunValidate(run);

        Assert.AreEqual(CliApplication.InvalidArguments, exitCode, output);
        StringAssert.Contains(output, expected);
        Assert.IsTrue(
            run.Script.Select(s => s.Action).ToList().IndexOf("Validate") < run.Script.Select(s => s.Action).ToList().IndexOf("Enable"),
            "Validate must come before Enable");
    }

    [TestMethod]
    [DataRow("24158\"")]
    [DataRow("24158 --auth-level 2")]
    [DataRow("&calc")]
    public void Install_WithAHostilePort_IsStoppedByTheLaunchCondition(string value)
    {
        RunResult run = InstallSimulator.Run(
            InstallerSources.Shipping,
            Scenario.OnSupportedMachine("install with a hostile port").WithProperty("WMIPORT", value));

        Assert.AreNotEqual(0, run.FailedLaunchConditions.Count);
        Assert.AreEqual(0, run.Script.Count, "nothing may run");
    }

    [TestMethod]
    public void Validate_WithTheDefaults_PassesTheExe()
    {
        RunResult run = InstallSimulator.Run(InstallerSources.Shipping, Scenario.OnSupportedMachine("defaults"));

        (int exitCode, string output) = RunValidate(run);

        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, "All values are valid.");
    }

    [TestMethod]
    public void Split_FollowsTheWindowsQuotingRules()
    {
        CollectionAssert.AreEqual(
            new[] { @"C:\Program Files\X\x.exe", "a b", "c\"d", @"e\\", "f" },
            WindowsCommandLine.Split("\"C:\\Program Files\\X\\x.exe\" \"a b\" c\\\"d \"e\\\\\\\\\" f").ToList());
    }

    private static (int ExitCode, string Output) RunValidate(RunResult run)
    {
        string commandLine = run.Script.Single(s => s.Action == "Validate").CustomActionData;
        var arguments = WindowsCommandLine.Split(commandLine);
        Assert.AreEqual(InstallSimulator.ExePath, arguments[0]);
        using var output = new StringWriter();
        int exitCode = new CliApplication(() => throw new AssertFailedException("validate must not touch the machine"), output)
            .Run(arguments.Skip(1).ToList());
        return (exitCode, output.ToString());
    }
}
