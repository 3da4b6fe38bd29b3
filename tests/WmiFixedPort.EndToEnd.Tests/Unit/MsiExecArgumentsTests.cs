using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Unit;

[TestClass]
public sealed class MsiExecArgumentsTests
{
    [TestMethod]
    public void Build_WhenInstallWithProperties_IsQuietNoRestartVerboseLogThenProperties()
    {
        IReadOnlyList<string> arguments = MsiExecArguments.Build(MsiOperation.Install, @"C:\a b\WmiFixedPort.msi", @"C:\logs\x.log",
            new[] { Pair("REINSTALL", "ALL"), Pair("WMIPORT", "24200") });

        CollectionAssert.AreEqual(
            new[] { "/i", @"C:\a b\WmiFixedPort.msi", "/qn", "/norestart", "/l*v", @"C:\logs\x.log", "REINSTALL=ALL", "WMIPORT=24200" },
            arguments.ToArray());
    }

    [TestMethod]
    [DataRow("Repair", "/fa")]
    [DataRow("Uninstall", "/x")]
    public void Build_WhenMaintenanceOperation_UsesItsSwitch(string operation, string expected)
    {
        Assert.AreEqual(expected, MsiExecArguments.Build(Enum.Parse<MsiOperation>(operation), "p.msi", "l.log")[0]);
    }

    [TestMethod]
    [DataRow("WMIPORT", "a b")]
    [DataRow("WMIPORT", "\"1\"")]
    [DataRow("WMIPORT", "")]
    [DataRow("wmiport", "1")]
    [DataRow("WMI PORT", "1")]
    public void Build_WhenPropertyNotPlain_Throws(string name, string value)
    {
        Assert.ThrowsExactly<ArgumentException>(() => MsiExecArguments.Build(MsiOperation.Install, "p.msi", "l.log", new[] { Pair(name, value) }));
    }

    private static KeyValuePair<string, string> Pair(string name, string value) => new(name, value);
}
