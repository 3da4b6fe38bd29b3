using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Commands;

[TestClass]
public sealed class StatusCommandTests
{
    [TestMethod]
    public void Status_Json_OnStockHost_ShowsSharedDynamicAndNoRecord()
    {
        FakeMachine machine = FakeMachine.Create();
        int pid = machine.FakeServices["winmgmt"].ProcessId;

        CliRun run = CliRun.Of(machine, "status", "--json");

        Assert.AreEqual(0, run.ExitCode);
        Assert.AreEqual(
            "{\"mode\":\"shared\",\"port\":null,\"authLevel\":null,\"recordExists\":false,\"winmgmt\":{\"state\":\"Running\",\"pid\":" + pid + "}}",
            run.Lines.Single());
    }

    [TestMethod]
    public void Status_Json_AfterEnable_ShowsStandalonePortLevelRecordAndTheNewPid()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable", "--port", "24200", "--auth-level", "6");
        int pid = machine.FakeServices["winmgmt"].ProcessId;

        CliRun run = CliRun.Of(machine, "status", "--json");

        Assert.AreEqual(
            "{\"mode\":\"standalone\",\"port\":24200,\"authLevel\":6,\"recordExists\":true,\"winmgmt\":{\"state\":\"Running\",\"pid\":" + pid + "}}",
            run.Lines.Single());
    }

    [TestMethod]
    public void Status_Text_AfterEnable_ShowsOneLinePerFact()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        int pid = machine.FakeServices["winmgmt"].ProcessId;

        CliRun run = CliRun.Of(machine, "status");

        CollectionAssert.AreEqual(
            new[]
            {
                "Mode:        standalone",
                "Port:        24158",
                "Auth level:  5 (PKT_INTEGRITY)",
                @"Record:      yes (HKLM\SOFTWARE\WmiFixedPort\State)",
                "winmgmt:     Running, PID " + pid,
            },
            run.Lines.ToList());
    }
}
