using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Cli;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Cli;

[TestClass]
public sealed class CommandLineParserTests
{
    [TestMethod]
    public void Parse_WithSpaceAndEqualsForms_ReadsBoth()
    {
        ParsedCommand command = CommandLineParser.Parse(new[] { "enable", "--port=24200", "--auth-level", "6", "--what-if" });

        Assert.AreEqual("enable", command.Verb);
        Assert.AreEqual("24200", command.Value("--port"));
        Assert.AreEqual("6", command.Value("--auth-level"));
        Assert.IsTrue(command.Has("--what-if"));
        Assert.IsFalse(command.Has("--json"));
    }

    [TestMethod]
    public void Parse_WithAnEmptyQuotedValue_KeepsItForTheValidator()
    {
        // The installer quotes every value, so an empty property arrives as an empty argument.
        ParsedCommand command = CommandLineParser.Parse(new[] { "validate", "--port", string.Empty });

        Assert.AreEqual(string.Empty, command.Value("--port"));
    }

    [TestMethod]
    [DataRow("help")]
    [DataRow("--help")]
    [DataRow("/?")]
    public void Run_Help_PrintsUsageAndSucceedsWithoutTheMachine(string verb)
    {
        CliRun run = CliRun.Of(FakeMachine.Create(), verb);

        Assert.AreEqual(0, run.ExitCode);
        Assert.IsFalse(run.MachineUsed);
        StringAssert.StartsWith(run.Lines[0], "WmiFixedPort.exe - put WMI (winmgmt) on a fixed");
    }

    [TestMethod]
    public void Run_Validate_WithGoodValues_SucceedsWithoutTheMachine()
    {
        CliRun run = CliRun.Of(FakeMachine.Create(), "validate", "--port", "24158", "--auth-level", "5", "--remote-addresses", "10.1.0.0/16,10.2.0.5", "--firewall-profile", "domain,private");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.IsFalse(run.MachineUsed);
        CollectionAssert.AreEqual(
            new[]
            {
                "Valid: --port (MSI property WMIPORT) = 24158.",
                "Valid: --auth-level (MSI property WMIAUTHLEVEL) = 5 (PKT_INTEGRITY).",
                "Valid: --remote-addresses (MSI property FIREWALL_REMOTE_ADDRESSES) = 10.1.0.0/16,10.2.0.5 (2 item(s)).",
                "Valid: --firewall-profile (MSI property FIREWALL_PROFILE) = domain,private (firewall profile mask 3).",
                "All values are valid.",
            },
            System.Linq.Enumerable.ToList(run.Lines));
    }
}
