using System.IO;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Commands;

/// <summary><c>status</c>: host mode, port, auth level, whether a record exists, winmgmt's state and PID.</summary>
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
            report = new StatusReport(
                new HostConfigurationReader(_machine.Registry).Read(),
                new StateRecordStore(_machine.Registry, _machine.Clock).Exists(),
                _machine.Services.Query(RegistryLocations.WinmgmtServiceName));
        }
        catch (WindowsOperationException ex)
        {
            _output.WriteLine("ERROR: Read the status failed: " + ex.Message);
            return 1;
        }

        if (json)
        {
            _output.WriteLine(report.ToJson());
        }
        else
        {
            foreach (string line in report.ToLines())
            {
                _output.WriteLine(line);
            }
        }

        return 0;
    }
}
