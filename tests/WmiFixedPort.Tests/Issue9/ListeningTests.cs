using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Tests.Issue9;

/// <summary>Issue 9, point 7: status proves the port from the listener table of winmgmt's process, not from the registry.</summary>
[TestClass]
public sealed class ListeningTests
{
    [TestMethod]
    public void Status_Json_AfterEnableBeforeAnyRemoteUse_SaysNotListeningAndHowToTriggerIt()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        int pid = machine.FakeServices["winmgmt"].ProcessId;

        string json = CliRun.Of(machine, "status", "--json").Lines.Single();

        StringAssert.Contains(
            json,
            "\"listening\":{\"port\":24158,\"state\":\"notListening\",\"note\":\"PID " + pid + " does not listen on TCP 24158 yet: DCOM opens it on first remote use. "
            + "Query WMI once from another computer (Get-WmiObject Win32_OperatingSystem -ComputerName <this computer>), then run status again.\"}");
    }

    [TestMethod]
    public void Status_Json_WhenWinmgmtsProcessListensOnThePort_SaysListening()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable", "--port", "24300");
        int pid = machine.FakeServices["winmgmt"].ProcessId;
        machine.FakeTcp.Listen(pid, 24300);

        string json = CliRun.Of(machine, "status", "--json").Lines.Single();

        StringAssert.Contains(json, "\"listening\":{\"port\":24300,\"state\":\"listening\",\"note\":\"PID " + pid + " listens on TCP 24300.\"}");
    }

    [TestMethod]
    public void Status_Json_WhenAnotherProcessListensOnThePort_SaysNotListening()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        machine.FakeTcp.Listen(machine.FakeServices["RpcSs"].ProcessId, 24158);
        machine.FakeTcp.Listen(machine.FakeServices["winmgmt"].ProcessId, 135);

        string json = CliRun.Of(machine, "status", "--json").Lines.Single();

        StringAssert.Contains(json, "\"listening\":{\"port\":24158,\"state\":\"notListening\"");
    }

    [TestMethod]
    public void Status_Json_WhenWinmgmtIsStopped_SaysNotListeningBecauseItStartsOnDemand()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable");
        foreach (string name in new[] { "VendorAgent", "NcaSvc", "iphlpsvc", "winmgmt" })
        {
            machine.FakeServices[name].State = WmiFixedPort.Machine.ServiceState.Stopped;
            machine.FakeServices[name].ProcessId = 0;
        }

        string json = CliRun.Of(machine, "status", "--json").Lines.Single();

        StringAssert.Contains(json, "\"listening\":{\"port\":24158,\"state\":\"notListening\",\"note\":\"winmgmt is Stopped (it starts on demand).\"}");
    }
}
