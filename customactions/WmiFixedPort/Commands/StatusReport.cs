using System.Globalization;
using System.Text;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Commands;

/// <summary>What <c>status</c> shows, as text lines or as one JSON object.</summary>
internal sealed class StatusReport
{
    public StatusReport(HostConfiguration configuration, bool recordExists, ServiceStatus winmgmt)
    {
        Configuration = configuration;
        RecordExists = recordExists;
        Winmgmt = winmgmt;
    }

    public HostConfiguration Configuration { get; }

    public bool RecordExists { get; }

    public ServiceStatus Winmgmt { get; }

    public string[] ToLines() => new[]
    {
        "Mode:        " + ModeName,
        "Port:        " + (Configuration.Port is int port ? Number(port) : "dynamic (no fixed DCOM endpoint)"),
        "Auth level:  " + (Configuration.AuthLevel is int level ? Validation.AuthenticationLevel.Describe(level) : "none set"),
        "Record:      " + (RecordExists ? @"yes (HKLM\" + RegistryLocations.StateKey + ")" : "no"),
        "winmgmt:     " + Winmgmt.State + (Winmgmt.ProcessId != 0 ? ", PID " + Number(Winmgmt.ProcessId) : string.Empty),
    };

    public string ToJson()
    {
        var json = new StringBuilder();
        json.Append("{\"mode\":\"").Append(ModeName).Append('"')
            .Append(",\"port\":").Append(NumberOrNull(Configuration.Port))
            .Append(",\"authLevel\":").Append(NumberOrNull(Configuration.AuthLevel))
            .Append(",\"recordExists\":").Append(RecordExists ? "true" : "false")
            .Append(",\"winmgmt\":{\"state\":\"").Append(Winmgmt.State).Append('"')
            .Append(",\"pid\":").Append(Number(Winmgmt.ProcessId))
            .Append("}}");
        return json.ToString();
    }

    private string ModeName => Configuration.Mode.ToString().ToLowerInvariant();

    private static string NumberOrNull(int? value) => value is int number ? Number(number) : "null";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
