using System;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Unit;

[TestClass]
public sealed class TextHelpersTests
{
    [TestMethod]
    public void Decode_WhenUtf16WithByteOrderMark_ReadsText()
    {
        byte[] bytes = new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes("Action start: TestFailAfterEnable.")).ToArray();

        Assert.AreEqual("Action start: TestFailAfterEnable.", MsiLogText.Decode(bytes));
    }

    [TestMethod]
    public void Decode_WhenUtf16WithoutByteOrderMark_ReadsText()
    {
        Assert.AreEqual("MSI (s) log", MsiLogText.Decode(Encoding.Unicode.GetBytes("MSI (s) log")));
    }

    [TestMethod]
    public void Decode_WhenPlainAscii_ReadsText()
    {
        Assert.AreEqual("MSI (s) log", MsiLogText.Decode(Encoding.ASCII.GetBytes("MSI (s) log")));
    }

    [TestMethod]
    [DataRow("WmiFixedPort", "'WmiFixedPort'")]
    [DataRow("it's", "'it''s'")]
    [DataRow("a\u2019b", "'a\u2019\u2019b'")]
    [DataRow("$env:x", "'$env:x'")]
    public void Quote_WhenValueGiven_WritesALiteralPowerShellDoesNotExpand(string value, string expected)
    {
        Assert.AreEqual(expected, PowerShellScript.Quote(value));
    }

    [TestMethod]
    public void Encode_WhenScriptGiven_IsBase64OfUtf16LePrologueAndScript()
    {
        string decoded = Encoding.Unicode.GetString(Convert.FromBase64String(PowerShellScript.Encode("Get-Date")));

        Assert.AreEqual(PowerShellScript.Prologue + "Get-Date", decoded);
        StringAssert.StartsWith(decoded, "$ErrorActionPreference = 'Stop'");
    }

    [TestMethod]
    public void ReadableErrors_WhenClixml_ReturnsTheErrorLines()
    {
        string clixml = "#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">"
            + "<S S=\"Error\">boom &amp; more_x000D__x000A_</S><S S=\"Error\">At line:1 char:1_x000D__x000A_</S></Objs>";

        Assert.AreEqual("boom & more\r\nAt line:1 char:1", PowerShellScript.ReadableErrors(clixml));
    }

    [TestMethod]
    public void ReadableErrors_WhenPlainText_ReturnsItUnchanged()
    {
        Assert.AreEqual("plain error\n", PowerShellScript.ReadableErrors("plain error\n"));
    }
}
