using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Unit;

/// <summary>The SCM's own view of winmgmt in the lane's snapshot (`sc.exe qc winmgmt`).</summary>
[TestClass]
public sealed class ScmServiceConfigTests
{
    /// <summary>The form of `sc qc` output (learn.microsoft.com/windows-server/administration/windows-commands/sc-qc),
    /// with the values of a stock Windows 10/11 winmgmt.</summary>
    private const string StockOutput = "[SC] QueryServiceConfig SUCCESS\r\n\r\nSERVICE_NAME: winmgmt\r\n"
        + "        TYPE               : 20  WIN32_SHARE_PROCESS\r\n"
        + "        START_TYPE         : 2   AUTO_START\r\n"
        + "        ERROR_CONTROL      : 0   IGNORE\r\n"
        + "        BINARY_PATH_NAME   : C:\\WINDOWS\\system32\\svchost.exe -k netsvcs -p\r\n"
        + "        LOAD_ORDER_GROUP   :\r\n"
        + "        TAG                : 0\r\n"
        + "        DISPLAY_NAME       : Windows Management Instrumentation\r\n"
        + "        DEPENDENCIES       : RPCSS\r\n"
        + "        SERVICE_START_NAME : localSystem\r\n";

    [TestMethod]
    public void Parse_WhenScQcSucceeded_ReadsNameBinaryPathAndType()
    {
        var config = ScmServiceConfig.Parse(StockOutput);

        Assert.AreEqual(new ScmServiceConfig("winmgmt", @"C:\WINDOWS\system32\svchost.exe -k netsvcs -p", "20  WIN32_SHARE_PROCESS"), config);
    }

    [TestMethod]
    public void Parse_WhenTheBinaryPathIsMissing_ThrowsInsteadOfComparingEmptyLines()
    {
        var error = Assert.ThrowsExactly<FormatException>(() => ScmServiceConfig.Parse(StockOutput.Replace("BINARY_PATH_NAME", "OTHER", StringComparison.Ordinal)));

        Assert.Contains("BINARY_PATH_NAME", error.Message);
    }

    [TestMethod]
    public void Compare_WhenOnlyTheRegistryGotTheImagePathBack_ReportsTheScmLine()
    {
        var before = new MachineSnapshot([], [], [], winmgmtScm: ScmServiceConfig.Parse(StockOutput));
        var after = new MachineSnapshot([], [], [], winmgmtScm: ScmServiceConfig.Parse(StockOutput.Replace(" -p\r\n", "\r\n", StringComparison.Ordinal)));

        CollectionAssert.AreEqual(
            new[]
            {
                @"- SCM winmgmt: BINARY_PATH_NAME C:\WINDOWS\system32\svchost.exe -k netsvcs -p",
                @"+ SCM winmgmt: BINARY_PATH_NAME C:\WINDOWS\system32\svchost.exe -k netsvcs",
            },
            SnapshotDiff.Compare(before, after).ToList());
    }
}
