using System.Collections.Generic;
using System.IO;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Commands;

/// <summary>
/// <c>status</c>: host mode, port, auth level, the record, a staged change, winmgmt's state and PID, whether its
/// process listens on the port, and per public property the value in force, remembered and asked by policy.
/// </summary>
internal sealed class StatusCommand
{
    private readonly IMachine _machine;
    private readonly TextWriter _output;

    public StatusCommand(IMachine machine, TextWriter output)
    {
        _machine = machine;
        _output = output;
    }

    public int Run(bool json)
    {
        StatusReport report;
        try
        {
            HostConfiguration configuration = new HostConfigurationReader(_machine.Registry).Read();
            var store = new StateRecordStore(_machine.Registry, _machine.Clock);
            ServiceStatus winmgmt = _machine.Services.Query(RegistryLocations.WinmgmtServiceName);
            bool staged = store.Staged()?.Matches(winmgmt.ProcessId, _machine.Processes.StartTimeUtc(winmgmt.ProcessId)) == true;
            report = new StatusReport(
                configuration,
                store.Exists(),
                staged,
                winmgmt,
                ListenerProbe.Probe(_machine.TcpListeners, configuration, winmgmt, staged),
                SettingsReader.Read(_machine.Registry, configuration))
            {
                DependentsDown = DependentsDownProbe.Read(store, _machine.Services),
                LocalRulesIgnored = LocalRuleMerge.ProfilesIgnoringLocalRules(_machine.Registry),
            };
        }
        catch (WindowsOperationException ex)
        {
            _output.WriteLine("ERROR: Read the status failed: " + ex.Message);
            return 1;
        }

        IEnumerable<string> lines = json ? new[] { report.ToJson() } : report.ToLines();
        foreach (string line in lines)
        {
            _output.WriteLine(line);
        }

        return 0;
    }
}
