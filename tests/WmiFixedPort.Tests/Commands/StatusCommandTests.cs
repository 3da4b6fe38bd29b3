using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Commands;

[TestClass]
public sealed class StatusCommandTests
{
    private const string NoSettings =
        "\"settings\":[{\"name\":\"WMIPORT\",\"inForce\":\"dynamic\",\"remembered\":null,\"policy\":null,\"drift\":false},"
        + "{\"name\":\"WMIAUTHLEVEL\",\"inForce\":null,\"remembered\":null,\"policy\":null,\"drift\":false},"
        + "{\"name\":\"FIREWALL\",\"inForce\":null,\"remembered\":null,\"policy\":null,\"drift\":false},"
        + "{\"name\":\"FIREWALL_REMOTE_ADDRESSES\",\"inForce\":null,\"remembered\":null,\"policy\":null,\"drift\":false},"
        + "{\"name\":\"FIREWALL_PROFILE\",\"inForce\":null,\"remembered\":null,\"policy\":null,\"drift\":false},"
        + "{\"name\":\"OPEN_RPC_EPMAP\",\"inForce\":null,\"remembered\":null,\"policy\":null,\"drift\":false}],\"drift\":false,\"localRulesIgnored\":[]}";

    [TestMethod]
    public void Status_Json_OnStockHost_ShowsSharedDynamicAndNoRecord()
    {
        FakeMachine machine = FakeMachine.Create();
        int pid = machine.FakeServices["winmgmt"].ProcessId;

        CliRun run = CliRun.Of(machine, "status", "--json");

        Assert.AreEqual(0, run.ExitCode);
        Assert.AreEqual(
            "{\"mode\":\"shared\",\"port\":null,\"authLevel\":null,\"recordExists\":false,\"staged\":false,\"dependentsDown\":[],\"winmgmt\":{\"state\":\"Running\",\"pid\":" + pid + "},"
            + "\"listening\":{\"port\":null,\"state\":\"notApplicable\",\"note\":\"winmgmt is not on a fixed port.\"}," + NoSettings,
            run.Lines.Single());
    }

    [TestMethod]
    public void Status_Json_AfterEnable_ShowsStandalonePortLevelRecordAndTheNewPid()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable", "--port", "24200", "--auth-level", "6");
        int pid = machine.FakeServices["winmgmt"].ProcessId;
        machine.FakeTcp.Listen(pid, 24200);

        CliRun run = CliRun.Of(machine, "status", "--json");

        StringAssert.StartsWith(
            run.Lines.Single(),
            "{\"mode\":\"standalone\",\"port\":24200,\"authLevel\":6,\"recordExists\":true,\"staged\":false,\"dependentsDown\":[],\"winmgmt\":{\"state\":\"Running\",\"pid\":" + pid + "},"
            + "\"listening\":{\"port\":24200,\"state\":\"listening\",\"note\":\"PID " + pid + " listens on TCP 24200.\"},"
            + "\"settings\":[{\"name\":\"WMIPORT\",\"inForce\":\"24200\",\"remembered\":null,\"policy\":null,\"drift\":false},"
            + "{\"name\":\"WMIAUTHLEVEL\",\"inForce\":\"6\",");
    }

    [TestMethod]
    public void Status_Text_AfterEnable_ShowsOneLinePerFactAndOnePerSetting()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        int pid = machine.FakeServices["winmgmt"].ProcessId;
        machine.FakeRegistry.SetValue(RegistryLocations.SettingsKey, "WMIPORT", RegValue.String("24158"));

        CliRun run = CliRun.Of(machine, "status");

        CollectionAssert.AreEqual(
            new[]
            {
                "Mode:        standalone",
                "Port:        24158",
                "Auth level:  5 (PKT_INTEGRITY)",
                @"Record:      yes (HKLM\SOFTWARE\WmiFixedPort\State)",
                "Staged:      no",
                "Dependents:  all running",
                "winmgmt:     Running, PID " + pid,
                "Listening:   notListening: PID " + pid + " does not listen on TCP 24158 yet: DCOM opens it on first remote use. "
                    + "Query WMI once from another computer (Get-WmiObject Win32_OperatingSystem -ComputerName <this computer>), then run status again.",
                "Setting                    in force    remembered  policy      drift",
                "WMIPORT                    24158       24158       -           no",
                "WMIAUTHLEVEL               5           -           -           no",
                "FIREWALL                   -           -           -           no",
                "FIREWALL_REMOTE_ADDRESSES  -           -           -           no",
                "FIREWALL_PROFILE           -           -           -           no",
                "OPEN_RPC_EPMAP             -           -           -           no",
                "Drift:       no",
                "Local rules: enforced",
            },
            run.Lines.ToList());
    }

    [TestMethod]
    public void Status_Json_WhenPolicyAsksForAnotherPort_ReportsDriftForThatSetting()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        machine.FakeRegistry.SetValue(RegistryLocations.SettingsKey, "WMIPORT", RegValue.String("24158"));
        machine.FakeRegistry.SetValue(RegistryLocations.PolicyKey, "WMIPORT", RegValue.String("24300"));
        machine.FakeRegistry.SetValue(RegistryLocations.SettingsKey, "FIREWALL_PROFILE", RegValue.String("domain,private"));
        machine.FakeRegistry.SetValue(RegistryLocations.PolicyKey, "FIREWALL_PROFILE", RegValue.String("domain,private"));

        string json = CliRun.Of(machine, "status", "--json").Lines.Single();

        StringAssert.Contains(json, "{\"name\":\"WMIPORT\",\"inForce\":\"24158\",\"remembered\":\"24158\",\"policy\":\"24300\",\"drift\":true}");
        StringAssert.Contains(json, "{\"name\":\"FIREWALL_PROFILE\",\"inForce\":null,\"remembered\":\"domain,private\",\"policy\":\"domain,private\",\"drift\":false}");
        StringAssert.Contains(json, "],\"drift\":true,");
    }

    [TestMethod]
    public void Status_Json_AfterSomeoneRanSharedHost_ReportsThePortDrift()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        machine.FakeRegistry.SetValue(RegistryLocations.SettingsKey, "WMIPORT", RegValue.String("24158"));
        machine.FakeWinmgmt.Run(new[] { "/sharedhost" }, System.TimeSpan.FromSeconds(1));

        string json = CliRun.Of(machine, "status", "--json").Lines.Single();

        StringAssert.StartsWith(json, "{\"mode\":\"shared\",\"port\":24158,");
        StringAssert.Contains(json, "{\"name\":\"WMIPORT\",\"inForce\":\"dynamic\",\"remembered\":\"24158\",\"policy\":null,\"drift\":true}");
        StringAssert.Contains(json, "\"listening\":{\"port\":null,\"state\":\"notApplicable\"");
    }

    [TestMethod]
    public void Status_Json_WhenTheListenerTableCannotBeRead_SaysUnknownAndStillSucceeds()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        machine.FakeTcp.Fails = true;

        CliRun run = CliRun.Of(machine, "status", "--json");

        Assert.AreEqual(0, run.ExitCode);
        StringAssert.Contains(run.Lines.Single(), "\"listening\":{\"port\":24158,\"state\":\"unknown\",\"note\":\"could not read the TCP listener table: Windows error 87\"}");
    }

    [TestMethod]
    public void Status_Json_InEveryStateTheSuiteBuilds_IsOneValidJsonObjectWithTheContractFields()
    {
        FakeMachine staged = FakeMachine.Create().WithProtectedSecurityCenter();
        CliRun.Of(staged, "enable");
        FakeMachine enabled = FakeMachine.Create();
        CliRun.Of(enabled, "enable");
        enabled.FakeRegistry.SetValue(RegistryLocations.PolicyKey, "FIREWALL_REMOTE_ADDRESSES", RegValue.String("10.0.0.0/8,\\\"x\""));

        foreach (FakeMachine machine in new[] { FakeMachine.Create(), staged, enabled })
        {
            using var document = System.Text.Json.JsonDocument.Parse(CliRun.Of(machine, "status", "--json").Lines.Single());
            System.Text.Json.JsonElement root = document.RootElement;
            CollectionAssert.AreEqual(
                new[] { "mode", "port", "authLevel", "recordExists", "staged", "dependentsDown", "winmgmt", "listening", "settings", "drift", "localRulesIgnored" },
                root.EnumerateObject().Select(property => property.Name).ToList());
            CollectionAssert.AreEqual(
                new[] { "WMIPORT", "WMIAUTHLEVEL", "FIREWALL", "FIREWALL_REMOTE_ADDRESSES", "FIREWALL_PROFILE", "OPEN_RPC_EPMAP" },
                root.GetProperty("settings").EnumerateArray().Select(setting => setting.GetProperty("name").GetString()).ToList());
        }
    }

    [TestMethod]
    public void Status_Json_WhenANoteHoldsQuotesAndBackslashes_EscapesThem()
    {
        FakeMachine machine = FakeMachine.Create();
        machine.FakeRegistry.SetValue(RegistryLocations.PolicyKey, "FIREWALL_REMOTE_ADDRESSES", RegValue.String("a\"b\\c\td"));

        string json = CliRun.Of(machine, "status", "--json").Lines.Single();

        StringAssert.Contains(json, "\"policy\":\"a\\\"b\\\\c\\u0009d\"");
    }
}
