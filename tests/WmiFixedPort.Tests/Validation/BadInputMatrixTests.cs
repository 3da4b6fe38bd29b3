using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Validation;

/// <summary>
/// Every bad value exits with 2 before the machine is touched, with one message naming the option, the MSI
/// property, the value and what is allowed.
/// </summary>
[TestClass]
public sealed class BadInputMatrixTests
{
    private const string PortAllowed = "expected a whole number from 1024 to 65535 (digits only), for example 24158.";
    private const string AuthAllowed = "expected 2 (CONNECT), 3 (CALL), 4 (PKT), 5 (PKT_INTEGRITY, the default) or 6 (PKT_PRIVACY).";

    [TestMethod]
    [DataRow("abc")]
    [DataRow("")]
    [DataRow("0")]
    [DataRow("1023")]
    [DataRow("65536")]
    [DataRow("70000")]
    [DataRow("24158x")]
    [DataRow(" 24158")]
    [DataRow("024158")]
    [DataRow("-24158")]
    [DataRow("+24158")]
    public void Enable_WithBadPort_ExitsTwoBeforeAnyChange(string port)
    {
        AssertRejected(
            $"ERROR: Invalid --port (MSI property WMIPORT) value '{port}': {PortAllowed}",
            "enable", "--port", port, "--auth-level", "5");
    }

    [TestMethod]
    public void Enable_WithPort135_ExplainsThatItIsTheEndpointMapper()
    {
        AssertRejected(
            $"ERROR: Invalid --port (MSI property WMIPORT) value '135': 135 is the RPC endpoint mapper's own port and cannot carry WMI; {PortAllowed}",
            "enable", "--port", "135");
    }

    [TestMethod]
    [DataRow("7")]
    [DataRow("-1")]
    [DataRow("x")]
    [DataRow("1")]
    [DataRow("")]
    [DataRow("05")]
    public void Enable_WithBadAuthLevel_ExitsTwoBeforeAnyChange(string level)
    {
        AssertRejected(
            $"ERROR: Invalid --auth-level (MSI property WMIAUTHLEVEL) value '{level}': {AuthAllowed}",
            "enable", "--auth-level", level);
    }

    [TestMethod]
    [DataRow("10.0.0.0/33", "item '10.0.0.0/33' has a prefix length above 32")]
    [DataRow("1.2.3", "item '1.2.3' is not an IP address, subnet, range or keyword")]
    [DataRow("a;b", "item 'a;b' is not an IP address, subnet, range or keyword")]
    [DataRow("\"", "item '\"' is not an IP address, subnet, range or keyword")]
    [DataRow("&calc", "item '&calc' is not an IP address, subnet, range or keyword")]
    [DataRow("10.0.0.1,&calc", "item '&calc' is not an IP address, subnet, range or keyword")]
    [DataRow("10.0.0.1, 10.0.0.2", "item ' 10.0.0.2' is not an IP address, subnet, range or keyword")]
    [DataRow("", "an empty item")]
    [DataRow("10.0.0.1,,10.0.0.2", "an empty item")]
    [DataRow("*,10.0.0.1", "'*' must stand alone")]
    public void Validate_WithBadRemoteAddresses_ExitsTwoNamingTheItem(string addresses, string problem)
    {
        AssertRejected(
            $"ERROR: Invalid --remote-addresses (MSI property FIREWALL_REMOTE_ADDRESSES) value '{addresses}': {problem}; expected '*' or a comma-separated list",
            "validate", "--remote-addresses", addresses);
    }

    [TestMethod]
    [DataRow("domian", "unknown profile 'domian'; ")]
    [DataRow("", "an empty item; ")]
    [DataRow("domain,", "an empty item; ")]
    [DataRow("domain;private", "unknown profile 'domain;private'; ")]
    public void Validate_WithBadProfile_ExitsTwoNamingTheValue(string profile, string problem)
    {
        AssertRejected(
            $"ERROR: Invalid --firewall-profile (MSI property FIREWALL_PROFILE) value '{profile}': {problem}expected 'all' or a comma-separated list (no spaces) of domain, private, public, for example 'domain,private'.",
            "validate", "--firewall-profile", profile);
    }

    [TestMethod]
    public void Validate_WithSeveralBadValues_ReportsEveryOne()
    {
        CliRun run = CliRun.Of(FakeMachine.Create(), "validate", "--port", "abc", "--auth-level", "7", "--remote-addresses", "1.2.3", "--firewall-profile", "domian");

        Assert.AreEqual(2, run.ExitCode);
        Assert.AreEqual(4, System.Linq.Enumerable.Count(run.Lines, line => line.StartsWith("ERROR: Invalid ", System.StringComparison.Ordinal)), run.Output);
        Assert.AreEqual("4 invalid value(s): nothing was changed.", run.Lines[run.Lines.Count - 1]);
        Assert.IsFalse(run.MachineUsed);
    }

    [TestMethod]
    [DataRow("ERROR: Unknown verb 'enabel'; expected one of: enable, restore, status, validate, help, skip-restore.", "enabel")]
    [DataRow("ERROR: Unknown option '--prot' for 'enable'; allowed: --port <value>, --auth-level <value>, --deadline <value>, --owner <value>, --what-if.", "enable", "--prot", "24158")]
    [DataRow("ERROR: Unknown option '--json' for 'restore'; allowed: --deadline <value>, --owner <value>, --what-if.", "restore", "--json")]
    [DataRow("ERROR: Unknown option 'extra' for 'status'; allowed: --json.", "status", "extra")]
    [DataRow("ERROR: Option --port (MSI property WMIPORT) needs a value.", "enable", "--port")]
    [DataRow("ERROR: Option --port (MSI property WMIPORT) needs a value.", "enable", "--port", "--what-if")]
    [DataRow("ERROR: Option --port is given twice.", "enable", "--port", "24158", "--port=24200")]
    [DataRow("ERROR: Option --what-if takes no value.", "enable", "--what-if=yes")]
    [DataRow("ERROR: No verb given; expected one of: enable, restore, status, validate, help, skip-restore.")]
    [DataRow("ERROR: validate needs at least one of --port, --auth-level, --remote-addresses, --firewall-profile.", "validate")]
    public void Run_WithBadSyntax_ExitsTwoBeforeAnyChange(string expected, params string[] args)
    {
        AssertRejected(expected, args);
    }

    private static void AssertRejected(string expectedLineStart, params string[] args)
    {
        FakeMachine machine = FakeMachine.Create();
        var before = machine.Snapshot();

        CliRun run = CliRun.Of(machine, args);

        Assert.AreEqual(2, run.ExitCode, run.Output);
        Assert.IsTrue(run.Lines.Count > 0 && run.Lines[0].StartsWith(expectedLineStart, System.StringComparison.Ordinal), $"expected a line starting\n{expectedLineStart}\ngot\n{run.Output}");
        Assert.IsFalse(run.MachineUsed, "the machine must not be touched");
        ExpectedState.SnapshotsEqual(before, machine.Snapshot());
    }
}
