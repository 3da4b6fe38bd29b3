using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>The state part of <c>WmiFixedPort.exe status --json</c> (the contract in the lead's CONTRACTS.md,
/// "status --json"), compared whole by the scenarios.</summary>
internal sealed record ExeStatus(string Mode, int? Port, int? AuthLevel, bool RecordExists, bool Staged, string WinmgmtState, int WinmgmtPid, bool Drift);

/// <summary>"listening": whether the process hosting winmgmt listens on the configured TCP port.</summary>
internal sealed record ListeningStatus(int? Port, string State, string Note);

/// <summary>One entry of "settings": the value in force, remembered, asked for by policy, and whether they differ.</summary>
internal sealed record SettingStatus(string Name, string? InForce, string? Remembered, string? Policy, bool Drift);

/// <summary>All of <c>status --json</c>. Parsing is strict: a missing or mistyped field fails with the field's name and
/// the whole line, because the detection scripts and this lane both depend on the contract.</summary>
internal sealed record ExeStatusReport(ExeStatus Status, ListeningStatus Listening, IReadOnlyList<SettingStatus> Settings)
{
    /// <summary>The listening states the contract allows.</summary>
    public static IReadOnlyList<string> ListeningStates { get; } = new[] { "listening", "notListening", "notApplicable", "unknown" };

    public static ExeStatusReport Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            JsonElement winmgmt = Get(root, "winmgmt");
            JsonElement listening = Get(root, "listening");
            var status = new ExeStatus(
                Get(root, "mode").GetString() ?? string.Empty,
                NullableInt(Get(root, "port")),
                NullableInt(Get(root, "authLevel")),
                Get(root, "recordExists").GetBoolean(),
                Get(root, "staged").GetBoolean(),
                Get(winmgmt, "state").GetString() ?? string.Empty,
                Get(winmgmt, "pid").GetInt32(),
                Get(root, "drift").GetBoolean());
            string state = Get(listening, "state").GetString() ?? string.Empty;
            if (!ListeningStates.Contains(state, StringComparer.Ordinal))
            {
                throw new InvalidDataException($"\"listening.state\" is \"{state}\"; the contract allows {string.Join(", ", ListeningStates)}.");
            }

            var settings = Get(root, "settings").EnumerateArray().Select(s => new SettingStatus(
                Get(s, "name").GetString() ?? string.Empty,
                NullableString(Get(s, "inForce")),
                NullableString(Get(s, "remembered")),
                NullableString(Get(s, "policy")),
                Get(s, "drift").GetBoolean())).ToList();
            return new ExeStatusReport(status, new ListeningStatus(NullableInt(Get(listening, "port")), state, NullableString(Get(listening, "note")) ?? string.Empty), settings);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or InvalidDataException)
        {
            throw new InvalidDataException($"WmiFixedPort.exe status --json does not follow the contract ({e.Message}): {json}", e);
        }
    }

    public SettingStatus Setting(string name) =>
        Settings.FirstOrDefault(s => s.Name == name) ?? throw new InvalidDataException($"status --json has no setting \"{name}\".");

    private static JsonElement Get(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value)
            ? value
            : throw new KeyNotFoundException($"no \"{name}\"");

    private static int? NullableInt(JsonElement element) => element.ValueKind == JsonValueKind.Null ? null : element.GetInt32();

    private static string? NullableString(JsonElement element) => element.ValueKind == JsonValueKind.Null ? null : element.GetString();
}
