using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Commands;

/// <summary>What <c>status</c> shows, as text lines or as one JSON object (the shape CONTRACTS.md fixes).</summary>
internal sealed class StatusReport
{
    public StatusReport(HostConfiguration configuration, bool recordExists, bool staged, ServiceStatus winmgmt, ListenerProbe listening, IReadOnlyList<Setting> settings)
    {
        Configuration = configuration;
        RecordExists = recordExists;
        Staged = staged;
        Winmgmt = winmgmt;
        Listening = listening;
        Settings = settings;
    }

    public HostConfiguration Configuration { get; }

    public bool RecordExists { get; }

    public bool Staged { get; }

    public ServiceStatus Winmgmt { get; }

    public ListenerProbe Listening { get; }

    public IReadOnlyList<Setting> Settings { get; }

    /// <summary>Dependents of winmgmt that the last enable found running and that do not run again (contract interface 1).</summary>
    public IReadOnlyList<string> DependentsDown { get; set; } = new List<string>();

    public bool Drift => Settings.Any(setting => setting.Drift);

    /// <summary>Firewall profiles whose policy turned local rule merge off (see <see cref="LocalRuleMerge"/>).</summary>
    public IReadOnlyList<string> LocalRulesIgnored { get; set; } = System.Array.Empty<string>();

    public List<string> ToLines()
    {
        var lines = new List<string>
        {
            "Mode:        " + ModeName,
            "Port:        " + (Configuration.Port is int port ? Number(port) : "dynamic (no fixed DCOM endpoint)"),
            "Auth level:  " + (Configuration.AuthLevel is int level ? Validation.AuthenticationLevel.Describe(level) : "none set"),
            "Record:      " + (RecordExists ? @"yes (HKLM\" + RegistryLocations.StateKey + ")" : "no"),
            "Staged:      " + (Staged ? "yes (restart pending)" : "no"),
            "Dependents:  " + (DependentsDown.Count == 0 ? "all running" : "not running again: " + string.Join(", ", DependentsDown)),
            "winmgmt:     " + Winmgmt.State + (Winmgmt.ProcessId != 0 ? ", PID " + Number(Winmgmt.ProcessId) : string.Empty),
            "Listening:   " + Listening.State + ": " + Listening.Note,
            "Setting                    in force    remembered  policy      drift",
        };
        foreach (Setting setting in Settings)
        {
            lines.Add(string.Format(
                CultureInfo.InvariantCulture,
                "{0,-26} {1,-11} {2,-11} {3,-11} {4}",
                setting.Name,
                setting.InForce ?? "-",
                setting.Remembered ?? "-",
                setting.Policy ?? "-",
                setting.Drift ? "yes" : "no"));
        }

        lines.Add("Drift:       " + (Drift ? "yes (a repair applies policy)" : "no"));
        lines.Add("Local rules: " + (LocalRulesIgnored.Count == 0 ? "enforced" : "ignored on " + string.Join(", ", LocalRulesIgnored)));
        return lines;
    }

    public string ToJson()
    {
        var json = new StringBuilder();
        json.Append("{\"mode\":\"").Append(ModeName).Append('"')
            .Append(",\"port\":").Append(NumberOrNull(Configuration.Port))
            .Append(",\"authLevel\":").Append(NumberOrNull(Configuration.AuthLevel))
            .Append(",\"recordExists\":").Append(Bool(RecordExists))
            .Append(",\"staged\":").Append(Bool(Staged))
            .Append(",\"dependentsDown\":[").Append(string.Join(",", DependentsDown.Select(Text))).Append(']')
            .Append(",\"winmgmt\":{\"state\":\"").Append(Winmgmt.State).Append('"')
            .Append(",\"pid\":").Append(Number(Winmgmt.ProcessId))
            .Append("},\"listening\":{\"port\":").Append(NumberOrNull(Listening.Port))
            .Append(",\"state\":").Append(Text(Listening.State))
            .Append(",\"note\":").Append(Text(Listening.Note))
            .Append("},\"settings\":[");
        json.Append(string.Join(",", Settings.Select(setting =>
            "{\"name\":" + Text(setting.Name) + ",\"inForce\":" + Text(setting.InForce) + ",\"remembered\":" + Text(setting.Remembered)
            + ",\"policy\":" + Text(setting.Policy) + ",\"drift\":" + Bool(setting.Drift) + "}")));
        json.Append("],\"drift\":").Append(Bool(Drift));
        json.Append(",\"localRulesIgnored\":[");
        for (int i = 0; i < LocalRulesIgnored.Count; i++)
        {
            json.Append(i == 0 ? "\"" : ",\"").Append(LocalRulesIgnored[i]).Append('"');
        }

        json.Append("]}");
        return json.ToString();
    }

    private string ModeName => Configuration.Mode.ToString().ToLowerInvariant();

    private static string Bool(bool value) => value ? "true" : "false";

    private static string NumberOrNull(int? value) => value is int number ? Number(number) : "null";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A JSON string (RFC 8259 escapes), or null.</summary>
    private static string Text(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var text = new StringBuilder("\"");
        foreach (char c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                < ' ' => text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }

        return text.Append('"').ToString();
    }
}
