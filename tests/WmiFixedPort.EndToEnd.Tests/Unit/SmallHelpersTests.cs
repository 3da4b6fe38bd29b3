using System;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Unit;

[TestClass]
public sealed class SmallHelpersTests
{
    [TestMethod]
    [DataRow(0, "WmiFixedPort 1.0.0 detected: standalone, port 24158\r\n", true)]
    [DataRow(0, "", false)]
    [DataRow(0, "  \r\n", false)]
    [DataRow(1, "error text", false)]
    public void Detected_WhenScriptEnds_FollowsIntunesRuleExitZeroAndOutput(int exit, string stdout, bool expected)
    {
        Assert.AreEqual(expected, new DetectionResult(exit, stdout, string.Empty).Detected);
    }

    [TestMethod]
    public void OutputLines_WhenTrailingNewline_CountsOnlyLinesWithText()
    {
        Assert.AreEqual(1, new DetectionResult(0, "detected\r\n\r\n", string.Empty).OutputLines);
    }

    [TestMethod]
    public void Describe_WhenNoListener_RecordsTheMeasurementAndSaysItWasNotAsserted()
    {
        string note = ListeningNote.Describe("After install, local DCOM query", 24158, 4242, Array.Empty<int>(), new ListeningStatus(24158, "notListening", "opens on first remote use"));

        Assert.AreEqual(
            "After install, local DCOM query: TCP 24158 listeners [none], winmgmt PID 4242: winmgmt does not listen (yet); "
            + "status --json listening = notListening (port 24158; opens on first remote use). Measured, not asserted: only a local query had run.",
            note);
    }

    [TestMethod]
    public void Describe_WhenWinmgmtListens_SaysSo()
    {
        StringAssert.Contains(
            ListeningNote.Describe("x", 24158, 7, new[] { 7, 7 }, new ListeningStatus(24158, "listening", string.Empty)),
            "TCP 24158 listeners [7], winmgmt PID 7: winmgmt listens; status --json listening = listening (port 24158).");
    }

    [TestMethod]
    public void FromRaw_WhenMultiStringBytes_ReadsEachStringAndKeepsTheBytes()
    {
        byte[] bytes = Encoding.Unicode.GetBytes("BITS\0winmgmt\0\0");

        RegistryData data = RegistryData.FromRaw(7, bytes);

        Assert.AreEqual(RegistryData.MultiString, data.Kind);
        CollectionAssert.AreEqual(new[] { "BITS", "winmgmt" }, (System.Collections.ICollection)data.Items);
        Assert.AreEqual("REG_MULTI_SZ [\"BITS\", \"winmgmt\"] " + RegistryData.Fingerprint(bytes), data.Render());
    }

    [TestMethod]
    public void FromRaw_WhenTheSameTextHasOtherBytes_RendersDifferently()
    {
        RegistryData terminated = RegistryData.FromRaw(2, Encoding.Unicode.GetBytes("%systemroot%\\system32\\svchost.exe -k netsvcs -p\0"));
        RegistryData unterminated = RegistryData.FromRaw(2, Encoding.Unicode.GetBytes("%systemroot%\\system32\\svchost.exe -k netsvcs -p"));

        Assert.AreEqual(terminated.Single, unterminated.Single);
        Assert.AreNotEqual(terminated.Render(), unterminated.Render(), "A byte-for-byte snapshot must see a lost terminator.");
    }

    [TestMethod]
    [DataRow(4, new byte[] { 0x20, 0x30, 0, 0 }, "REG_DWORD 12320")]
    [DataRow(3, new byte[] { 0xAB, 0x01 }, "REG_BINARY AB01")]
    [DataRow(1, new byte[] { 0x35, 0, 0, 0 }, "REG_SZ \"5\"")]
    [DataRow(9, new byte[] { 1 }, "REG_TYPE_9 01")]
    public void FromRaw_WhenTypeGiven_DecodesAsWindowsStoresIt(int type, byte[] bytes, string expectedText)
    {
        StringAssert.StartsWith(RegistryData.FromRaw(type, bytes).Render(), expectedText + " {");
    }
}
